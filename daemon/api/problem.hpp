// SPDX-License-Identifier: Apache-2.0
#pragma once
// The expected ways an API call does not succeed (a bad body, a missing ticket, a caller
// who may not), as values: answered as {"success":false,"error":{code,message}} with the
// status. Exceptions stay for the exceptional: storage failures and programming errors.
//
// A function that may end the call returns Result<T>; its callers pass a Problem on with
// FD_TRY / FD_CHECK (core/expected.hpp) and make one with the helpers below:
//
//   if (!to) return invalid("status is required");
#include "core/expected.hpp"

#include <string>

namespace frontdesk::api {

struct Problem {
  unsigned status;
  std::string code;
  std::string message;
};

template <class T = void>
using Result = core::Expected<T, Problem>;

[[nodiscard]] inline core::Unexpected<Problem> problem(unsigned status, std::string code,
                                                       std::string message) {
  return core::Unexpected(Problem{status, std::move(code), std::move(message)});
}
[[nodiscard]] inline core::Unexpected<Problem> invalid(std::string message) {
  return problem(422, "validation_failed", std::move(message));
}
[[nodiscard]] inline core::Unexpected<Problem> forbidden(std::string message) {
  return problem(403, "forbidden", std::move(message));
}
[[nodiscard]] inline core::Unexpected<Problem> not_found(const std::string& what) {
  return problem(404, "not_found", "no such " + what);
}
[[nodiscard]] inline core::Unexpected<Problem> conflict(std::string message) {
  return problem(409, "conflict", std::move(message));
}

}  // namespace frontdesk::api
