// SPDX-License-Identifier: Apache-2.0
#include "core/ticket_enums.hpp"

namespace frontdesk::core {

int priority_rank(Priority priority) noexcept {
  switch (priority) {
    case Priority::urgent:
      return 0;
    case Priority::high:
      return 1;
    case Priority::medium:
      return 2;
    case Priority::low:
      return 3;
  }
  return priority_rank(default_priority);
}

bool more_urgent(Priority a, Priority b) noexcept { return priority_rank(a) < priority_rank(b); }

}  // namespace frontdesk::core
