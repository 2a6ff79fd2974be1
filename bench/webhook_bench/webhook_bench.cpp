// SPDX-License-Identifier: Apache-2.0
// Posts signed WhatsApp webhooks (one text message each, every one a new wamid from one of
// `customers` senders) to a running frontdeskd over several keep-alive connections and
// reports acknowledged messages per second and acknowledgement latency percentiles.
//
// With --rate 0 every connection sends as fast as answers come back (closed loop: the
// throughput figure). With --rate R the connections share a fixed schedule of R requests/s
// and latency is measured from each request's scheduled time, so a stall is not hidden by
// the sender waiting for it (no coordinated omission).
//
// All connections run as coroutines on one thread, as wrk runs its connections on a few
// event loops: the generator shares the machine with the daemon and PostgreSQL, and a thread
// per connection cost it about 28 µs of CPU per request in context switches alone.
#include "provider/signatures.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string host = "127.0.0.1";
  std::string port;
  std::string secret;
  std::string run_id;
  int connections = 16;
  double seconds = 10;
  double rate = 0;
  int customers = 1000;
};

std::string payload(const std::string& wamid, const std::string& wa_id, int n) {
  return R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":)"
         R"({"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},)"
         R"("contacts":[{"profile":{"name":"Bench Customer"},"wa_id":")" + wa_id + R"("}],)"
         R"("messages":[{"from":")" + wa_id + R"(","id":")" + wamid + R"(","timestamp":"1700000000",)"
         R"("text":{"body":"My order )" + std::to_string(n) + R"( has not arrived, please help"},"type":"text"}]},"field":"messages"}]}]})";
}

struct Worker {
  std::vector<double> latencies_ms;
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;
};

boost::asio::awaitable<void> run_connection(const Options& o, int index, Clock::time_point start, Clock::time_point end,
                                            Worker& w) {
  const auto executor = co_await boost::asio::this_coro::executor;
  boost::asio::ip::tcp::resolver resolver(executor);
  const auto endpoints = co_await resolver.async_resolve(o.host, o.port, boost::asio::use_awaitable);
  beast::tcp_stream stream(executor);
  co_await stream.async_connect(endpoints, boost::asio::use_awaitable);
  stream.socket().set_option(boost::asio::ip::tcp::no_delay(true));
  boost::asio::steady_timer timer(executor);
  beast::flat_buffer buffer;
  const double per_connection = o.rate / o.connections;
  const auto interval = per_connection > 0 ? std::chrono::duration<double>(1.0 / per_connection) : std::chrono::duration<double>(0);
  // Spread the connections' schedules over one interval.
  auto next = start + std::chrono::duration_cast<Clock::duration>(interval * index / o.connections);
  for (std::uint64_t n = 0;; ++n) {
    if (per_connection > 0) {
      if (next >= end) break;
      timer.expires_at(next);
      co_await timer.async_wait(boost::asio::use_awaitable);
    } else if (Clock::now() >= end) {
      break;
    }
    const auto scheduled = per_connection > 0 ? next : Clock::now();
    const int seq = static_cast<int>(n) * o.connections + index;
    const std::string body = payload("wamid.bench." + o.run_id + "." + std::to_string(index) + "." + std::to_string(n),
                                     std::to_string(15550000000LL + seq % o.customers), seq);
    http::request<http::string_body> req{http::verb::post, "/webhooks/whatsapp", 11};
    req.set(http::field::host, o.host);
    req.set(http::field::content_type, "application/json");
    req.set("X-Hub-Signature-256", "sha256=" + frontdesk::provider::hmac_sha256_hex(o.secret, body));
    req.body() = body;
    req.prepare_payload();
    co_await http::async_write(stream, req, boost::asio::use_awaitable);
    http::response<http::string_body> res;
    co_await http::async_read(stream, buffer, res, boost::asio::use_awaitable);
    const auto done = Clock::now();
    if (res.result_int() == 200) {
      ++w.ok;
      w.latencies_ms.push_back(std::chrono::duration<double, std::milli>(done - scheduled).count());
    } else {
      ++w.failed;
    }
    if (per_connection > 0) next += std::chrono::duration_cast<Clock::duration>(interval);
  }
  beast::error_code ec;
  stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  po::options_description desc("webhook_bench: signed WhatsApp webhooks against a running frontdeskd");
  desc.add_options()("help", "this text")("host", po::value(&o.host)->default_value(o.host), "daemon address")(
      "port", po::value(&o.port)->required(), "daemon port")("secret", po::value(&o.secret)->required(),
                                                              "channels.whatsapp.app_secret")(
      "run-id", po::value(&o.run_id)->default_value("r"), "makes this run's wamids unique")(
      "connections", po::value(&o.connections)->default_value(o.connections), "keep-alive connections")(
      "seconds", po::value(&o.seconds)->default_value(o.seconds), "duration")(
      "rate", po::value(&o.rate)->default_value(o.rate), "requests/s over all connections; 0 = as fast as possible")(
      "customers", po::value(&o.customers)->default_value(o.customers), "distinct senders (tickets)");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    if (vm.count("help") != 0U) {
      std::cout << desc << '\n';
      return 0;
    }
    po::notify(vm);
  } catch (const std::exception& e) {
    std::cerr << e.what() << '\n' << desc << '\n';
    return 2;
  }
  std::vector<Worker> workers(static_cast<std::size_t>(o.connections));
  const auto start = Clock::now() + std::chrono::milliseconds(100);
  const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  int errors = 0;
  boost::asio::io_context io(1);
  for (int i = 0; i < o.connections; ++i) {
    auto connection = run_connection(o, i, start, end, workers[static_cast<std::size_t>(i)]);
    auto on_done = [&errors, i](const std::exception_ptr& failure) {
      if (!failure) return;
      try {
        std::rethrow_exception(failure);
      } catch (const std::exception& e) {
        std::cerr << "connection " << i << ": " << e.what() << '\n';
      }
      ++errors;
    };
    boost::asio::co_spawn(io, std::move(connection), std::move(on_done));
  }
  io.run();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;
  for (auto& w : workers) {
    ok += w.ok;
    failed += w.failed;
    all.insert(all.end(), w.latencies_ms.begin(), w.latencies_ms.end());
  }
  std::sort(all.begin(), all.end());
  const auto pct = [&all](double p) {
    return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<std::size_t>(p * static_cast<double>(all.size())))];
  };
  std::printf("{\"acknowledged\": %llu, \"failed\": %llu, \"connection_errors\": %d, \"seconds\": %.2f, "
              "\"per_second\": %.0f, \"p50_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f}\n",
              static_cast<unsigned long long>(ok), static_cast<unsigned long long>(failed), errors, elapsed,
              static_cast<double>(ok) / std::min(elapsed, o.seconds), pct(0.50), pct(0.99), all.empty() ? 0.0 : all.back());
  return failed == 0 && errors == 0 ? 0 : 1;
}
