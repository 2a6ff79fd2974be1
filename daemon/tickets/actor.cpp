// SPDX-License-Identifier: Apache-2.0
#include "tickets/actor.hpp"

namespace frontdesk::tickets {

std::string_view Actor::kind_name() const noexcept {
  switch (kind) {
    case Kind::customer: return "customer";
    case Kind::agent: return "agent";
    case Kind::admin: return "admin";
    case Kind::rule: return "rule";
    case Kind::system: return "system";
  }
  return "system";
}

std::string_view Actor::author_kind() const noexcept {
  return kind == Kind::rule ? std::string_view("system") : kind_name();
}

}  // namespace frontdesk::tickets
