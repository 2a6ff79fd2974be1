#include "kb/visitor.hpp"

#include "http/request.hpp"

#include <algorithm>

namespace frontdesk::kb {

std::string_view cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    auto pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
  }
  return {};
}

std::string visitor_of(const http::Request& request) {
  if (const auto header = request.header("Cookie")) {
    const auto value = cookie_value(*header, "fd_visitor");
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
