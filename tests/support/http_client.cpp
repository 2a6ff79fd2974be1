// SPDX-License-Identifier: Apache-2.0
#include "http_client.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/system/system_error.hpp>

#include <cctype>
#include <limits>
#include <type_traits>

namespace frontdesk::testing {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

struct HttpConnection::Impl {
  Impl(std::string h, std::uint16_t p, std::chrono::milliseconds t)
      : host(std::move(h)), port(p), timeout(t), stream(io) {}

  struct Outcome {
    beast::error_code ec;
    std::size_t bytes = 0;
  };

  // Starts one asynchronous operation and runs the private io_context until it is done;
  // the stream's expiry bounds it.
  template <typename Initiate>
  Outcome run(Initiate&& initiate) {
    Outcome outcome;
    outcome.ec = asio::error::operation_aborted;
    initiate([&outcome](beast::error_code ec, auto value) {
      outcome.ec = ec;
      if constexpr (std::is_integral_v<decltype(value)>) {
        outcome.bytes = value;
      }
    });
    io.restart();
    io.run();
    return outcome;
  }

  [[noreturn]] void fail(const beast::error_code& ec, std::string_view what) {
    throw boost::system::system_error(
        ec, std::string(what) + " (" + host + ":" + std::to_string(port) + ")");
  }

  void connect() {
    tcp::resolver resolver(io);
    auto endpoints = resolver.resolve(host, std::to_string(port));
    stream.expires_after(timeout);
    auto outcome = run([&](auto done) { stream.async_connect(endpoints, std::move(done)); });
    if (outcome.ec) {
      fail(outcome.ec, "connect");
    }
    open = true;
  }

  void write_all(std::string_view bytes) {
    stream.expires_after(timeout);
    auto outcome = run([&](auto done) {
      asio::async_write(stream, asio::buffer(bytes.data(), bytes.size()), std::move(done));
    });
    if (outcome.ec) {
      fail(outcome.ec, "write");
    }
  }

  void write_request(std::string method, std::string target, std::string body,
                     HttpHeaders headers) {
    bhttp::request<bhttp::string_body> request;
    request.method_string(method);
    request.target(target);
    request.version(11);
    request.set(bhttp::field::host, host + ":" + std::to_string(port));
    bool chunked = false;
    bool explicit_length = false;
    for (auto& [name, value] : headers) {
      const auto key = lower(name);
      if (key == "transfer-encoding" && lower(value).find("chunked") != std::string::npos) {
        chunked = true;
        continue;
      }
      if (key == "content-length") {
        explicit_length = true;
      }
      request.insert(name, value);
    }
    request.body() = std::move(body);
    if (chunked) {
      request.chunked(true);
    } else if (!explicit_length) {
      request.prepare_payload();
    }
    stream.expires_after(timeout);
    auto outcome = run([&](auto done) { bhttp::async_write(stream, request, std::move(done)); });
    if (outcome.ec) {
      fail(outcome.ec, "write request");
    }
  }

  HttpResult read_response(bool head) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    if (head) {
      parser.skip(true);
    }
    stream.expires_after(timeout);
    auto outcome = run([&](auto done) {
      bhttp::async_read(stream, buffer, parser, std::move(done));
    });
    if (outcome.ec) {
      if (outcome.ec == bhttp::error::end_of_stream || outcome.ec == asio::error::eof ||
          outcome.ec == asio::error::connection_reset) {
        open = false;
      }
      fail(outcome.ec, "read response");
    }
    auto& message = parser.get();
    HttpResult result;
    result.status = message.result_int();
    result.body = std::move(message.body());
    for (const auto& field : message) {
      auto [it, inserted] = result.headers.emplace(lower(field.name_string()), field.value());
      if (!inserted) {
        it->second += ", ";
        it->second += field.value();
      }
    }
    return result;
  }

  bool wait_closed(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      stream.expires_at(deadline);
      auto outcome = run([&](auto done) {
        stream.async_read_some(buffer.prepare(4096), std::move(done));
      });
      if (!outcome.ec) {
        buffer.consume(buffer.size());
        continue;
      }
      open = false;  // closed by the server, or by the stream at the deadline
      return outcome.ec != beast::error::timeout;
    }
  }

  asio::io_context io;
  std::string host;
  std::uint16_t port;
  std::chrono::milliseconds timeout;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool open = false;
};

HttpConnection::HttpConnection(std::string host, std::uint16_t port,
                               std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>(std::move(host), port, timeout)) {
  impl_->connect();
}

HttpConnection::~HttpConnection() {
  if (impl_) {
    beast::error_code ignored;
    impl_->stream.socket().close(ignored);
  }
}

HttpConnection::HttpConnection(HttpConnection&&) noexcept = default;
HttpConnection& HttpConnection::operator=(HttpConnection&&) noexcept = default;

HttpResult HttpConnection::request(std::string method, std::string target, std::string body,
                                   HttpHeaders headers) {
  const bool head = method == "HEAD";
  impl_->write_request(std::move(method), std::move(target), std::move(body),
                       std::move(headers));
  return impl_->read_response(head);
}

void HttpConnection::send_raw(std::string_view bytes) { impl_->write_all(bytes); }

HttpResult HttpConnection::read_response(bool head) { return impl_->read_response(head); }

bool HttpConnection::wait_closed(std::chrono::milliseconds timeout) {
  return impl_->wait_closed(timeout);
}

bool HttpConnection::is_open() const noexcept { return impl_->open; }

HttpResult http_request(std::string host, std::uint16_t port, std::string method,
                        std::string target, std::string body, HttpHeaders headers,
                        std::chrono::milliseconds timeout) {
  HttpConnection connection(std::move(host), port, timeout);
  return connection.request(std::move(method), std::move(target), std::move(body),
                            std::move(headers));
}

}  // namespace frontdesk::testing
