// SPDX-License-Identifier: Apache-2.0
// The expected ways a ticket change does not happen, as values: the caller decides what
// they mean (an HTTP 409, a rule's log line, a channel's answer).
#pragma once

#include "core/expected.hpp"

#include <string>

namespace frontdesk::tickets {

struct Refusal {
  enum class Kind {
    transition, // the status machine does not allow this change
    conflict,   // the ticket's state does not allow it (a closed ticket, merged elsewhere)
    invalid,    // the request names something that does not exist or cannot be
    forbidden,  // the actor may not do it
  };
  Kind kind;
  std::string message;
};

template <class T = void>
using Outcome = core::Expected<T, Refusal>;

[[nodiscard]] inline core::Unexpected<Refusal> refuse(Refusal::Kind kind, std::string message) {
  return core::Unexpected(Refusal{kind, std::move(message)});
}

}  // namespace frontdesk::tickets
