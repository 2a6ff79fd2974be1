// SPDX-License-Identifier: Apache-2.0
#pragma once
// A blocking HTTP/1.1 client for the providers' REST APIs (Graph API, Twilio), over plain
// HTTP (local mock servers) or HTTPS with certificate verification (the real providers).
// Callers run it on their own threads, never on the host's.
#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace frontdesk::provider {

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // http:// or https://
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;  // with a body
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::string content_type;
  std::string location;  // of a redirect
  std::string body;
};

// A request that never got an HTTP answer (refused, timed out, TLS failure, bad URL).
class HttpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An answer larger than the caller's limit (refused before reading it when its
// Content-Length says so).
class BodyTooLarge : public HttpError {
 public:
  using HttpError::HttpError;
};

// Sends `request` and reads the whole answer (at most `max_body` bytes, else BodyTooLarge).
// Redirects are not followed. Credentials in headers never appear in error messages.
HttpResponse fetch(const HttpRequest& request, std::chrono::milliseconds timeout,
                   std::size_t max_body = 16U * 1024U * 1024U);

}  // namespace frontdesk::provider
