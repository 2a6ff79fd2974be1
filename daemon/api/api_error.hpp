#pragma once
// The expected failures of an API call, answered as {"success":false,"error":{code,message}}.
#include <stdexcept>
#include <string>

namespace frontdesk::api {

struct ApiError : std::runtime_error {
  ApiError(unsigned http_status, std::string error_code, const std::string& message)
      : std::runtime_error(message), status(http_status), code(std::move(error_code)) {}
  unsigned status;
  std::string code;
};

[[noreturn]] inline void fail(unsigned status, std::string code, const std::string& message) {
  throw ApiError(status, std::move(code), message);
}
[[noreturn]] inline void invalid(const std::string& message) {
  fail(422, "validation_failed", message);
}
[[noreturn]] inline void forbidden(const std::string& message) {
  fail(403, "forbidden", message);
}
[[noreturn]] inline void not_found(const std::string& what) {
  fail(404, "not_found", "no such " + what);
}
[[noreturn]] inline void conflict(const std::string& message) {
  fail(409, "conflict", message);
}

}  // namespace frontdesk::api
