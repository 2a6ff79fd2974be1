// SPDX-License-Identifier: Apache-2.0
// Pipelined SMTP over loopback against a running frontdeskd: `--connections` sessions each
// send `--messages` distinct messages (EHLO once; MAIL, RCPT and DATA in one write per
// message, as PIPELINING allows) and count the 250 answers to the end of DATA, which the
// listener sends only after the commit. Prints committed messages per second.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/program_options.hpp>

#include <atomic>
#include <chrono>
#include <iostream>
#include <string>

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

std::atomic<long> committed{0};
std::atomic<long> failed{0};

// The final line of one (possibly multi-line) reply.
asio::awaitable<std::string> reply(tcp::socket& socket, std::string& buffer) {
  while (true) {
    const std::size_t n =
        co_await asio::async_read_until(socket, asio::dynamic_buffer(buffer), "\r\n", asio::use_awaitable);
    std::string line = buffer.substr(0, n - 2);
    buffer.erase(0, n);
    if (line.size() < 4 || line[3] != '-') co_return line;
  }
}

asio::awaitable<void> session(tcp::endpoint endpoint, int id, int messages, std::string run,
                              std::string rcpt) {
  tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect(endpoint, asio::use_awaitable);
  std::string buffer;
  co_await reply(socket, buffer);
  const std::string ehlo = "EHLO bench.example\r\n";
  co_await asio::async_write(socket, asio::buffer(ehlo), asio::use_awaitable);
  co_await reply(socket, buffer);
  for (int i = 0; i < messages; ++i) {
    const std::string sender = "bench" + std::to_string(id) + "@example.org";
    const std::string envelope = "MAIL FROM:<" + sender + ">\r\nRCPT TO:<" + rcpt + ">\r\nDATA\r\n";
    co_await asio::async_write(socket, asio::buffer(envelope), asio::use_awaitable);
    co_await reply(socket, buffer);
    co_await reply(socket, buffer);
    const std::string go = co_await reply(socket, buffer);
    if (go.rfind("354", 0) != 0) {
      ++failed;
      continue;
    }
    const std::string data = "From: Bench " + std::to_string(id) + " <" + sender + ">\r\nTo: " + rcpt +
                             "\r\nSubject: Benchmark message " + std::to_string(i) +
                             "\r\nMessage-ID: <" + run + "." + std::to_string(id) + "." +
                             std::to_string(i) + "@bench.example>\r\nMIME-Version: 1.0\r\n"
                             "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                             "My order did not arrive, please help.\r\n.\r\n";
    co_await asio::async_write(socket, asio::buffer(data), asio::use_awaitable);
    const std::string done = co_await reply(socket, buffer);
    if (done.rfind("250", 0) == 0) ++committed;
    else ++failed;
  }
  const std::string quit = "QUIT\r\n";
  co_await asio::async_write(socket, asio::buffer(quit), asio::use_awaitable);
}

}  // namespace

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  po::options_description options("smtp_bench");
  options.add_options()("help", "this text")
      ("port", po::value<int>()->required(), "the listener's port on 127.0.0.1")
      ("connections", po::value<int>()->default_value(32), "concurrent SMTP sessions")
      ("messages", po::value<int>()->default_value(200), "messages per session")
      ("run", po::value<std::string>()->default_value("run"), "prefix making Message-IDs unique")
      ("rcpt", po::value<std::string>()->default_value("support@example.com"), "recipient");
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, options), vm);
  if (vm.contains("help")) {
    std::cout << options << "\n";
    return 0;
  }
  po::notify(vm);
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"),
                               static_cast<unsigned short>(vm["port"].as<int>()));
  asio::io_context io(1);
  const int connections = vm["connections"].as<int>();
  const auto start = std::chrono::steady_clock::now();
  for (int c = 0; c < connections; ++c) {
    asio::co_spawn(io, session(endpoint, c, vm["messages"].as<int>(), vm["run"].as<std::string>(),
                               vm["rcpt"].as<std::string>()),
                   [](const std::exception_ptr& e) {
                     if (e) ++failed;
                   });
  }
  io.run();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "committed " << committed.load() << " failed " << failed.load() << " in " << seconds
            << " s: " << static_cast<long>(static_cast<double>(committed.load()) / seconds)
            << " messages/s\n";
  return failed.load() == 0 ? 0 : 1;
}
