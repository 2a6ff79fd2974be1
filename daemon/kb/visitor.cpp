#include "kb/visitor.hpp"

#include "http/request.hpp"

#include <algorithm>

namespace frontdesk::kb {

std::string visitor_of(const http::Request& request) {
  if (const auto cookie = request.cookie("fd_visitor")) {
    const std::string_view value = *cookie;
    const bool well_formed = value.size() >= 8 && value.size() <= 64 &&
                             std::all_of(value.begin(), value.end(), [](char c) {
                               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                      (c >= '0' && c <= '9') || c == '-' || c == '_';
                             });
    if (well_formed) return "c:" + std::string(value);
  }
  return "a:" + request.remote_addr;
}

}  // namespace frontdesk::kb
