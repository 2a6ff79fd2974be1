// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a handler answers. The server adds Server, Date, Content-Length and Connection.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace boost::json {
class value;
}  // namespace boost::json

namespace frontdesk::http {

class StreamBody;

struct Response {
  unsigned status = 200;
  std::string content_type;  // sent as Content-Type when not empty
  std::string body;
  // Extra headers. A name or value that is not a valid header (CR, LF, NUL, ...) is never
  // written: the server answers 500 instead and logs it.
  std::vector<std::pair<std::string, std::string>> headers;
  // Set: `body` is ignored and the body is streamed from here until it ends, and then the
  // connection closes (http/stream_body.hpp). Server-Sent Events use it.
  std::shared_ptr<StreamBody> stream;

  // application/json with the serialized value.
  static Response json(unsigned status, const boost::json::value& value);
  // {"success":false,"error":{"code":"<code>","message":"<message>"}}
  static Response error(unsigned status, std::string_view code, std::string_view message);
  // text/plain; charset=utf-8
  static Response text(unsigned status, std::string body);
  // text/html; charset=utf-8
  static Response html(unsigned status, std::string body);
};

// Whether a header name is an RFC 9110 token and the value has no control characters other
// than horizontal tab (so no CR, LF or NUL can split the header block).
bool valid_header_name(std::string_view name) noexcept;
bool valid_header_value(std::string_view value) noexcept;

}  // namespace frontdesk::http
