// SPDX-License-Identifier: Apache-2.0
#include "kb/visitor.hpp"

#include "core/help_visitor.hpp"
#include "http/request.hpp"

#include <utility>

namespace frontdesk::kb {

std::string visitor_of(const http::Request& request) {
  if (const auto cookie = request.cookie("fd_visitor")) {
    if (auto visitor = core::help_visitor(*cookie)) return std::move(*visitor);
  }
  return "a:" + request.remote_addr;
}

}  // namespace frontdesk::kb
