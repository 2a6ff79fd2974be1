// SPDX-License-Identifier: Apache-2.0
#pragma once
// A small synchronous HTTP/1.1 client for tests. Every call is bounded by a timeout and
// throws boost::system::system_error (a std::runtime_error) on network errors or timeouts.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace frontdesk::testing {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpResult {
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-cased names; repeated ones joined by ", "
};

// One request on a fresh connection. A "Transfer-Encoding: chunked" header sends the body
// chunked; a "Content-Length" header is sent as given; otherwise Content-Length is computed.
HttpResult http_request(std::string host, std::uint16_t port, std::string method,
                        std::string target, std::string body = {}, HttpHeaders headers = {},
                        std::chrono::milliseconds timeout = std::chrono::seconds(10));

// One connection kept open for several requests (keep-alive), or for raw bytes.
class HttpConnection {
 public:
  // Connects now; throws when that fails. `timeout` bounds every later call too.
  HttpConnection(std::string host, std::uint16_t port,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~HttpConnection();
  HttpConnection(HttpConnection&&) noexcept;
  HttpConnection& operator=(HttpConnection&&) noexcept;
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Sends a request (headers and body as for http_request) and reads its response.
  HttpResult request(std::string method, std::string target, std::string body = {},
                     HttpHeaders headers = {});

  // Writes bytes as they are (partial or malformed requests).
  void send_raw(std::string_view bytes);

  // Reads one response; `head` when it answers a HEAD request (no body follows).
  HttpResult read_response(bool head = false);

  // Reads and discards until the server closes the connection. True when it did so within
  // `timeout`, false when the connection was still open at the deadline.
  bool wait_closed(std::chrono::milliseconds timeout);

  // False once a read has seen the server close the connection.
  [[nodiscard]] bool is_open() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace frontdesk::testing
