// SPDX-License-Identifier: Apache-2.0
// Why a submission is refused: the HTTP status and the API error code and message.
#pragma once

#include <cstdint>
#include <string>

namespace frontdesk::webform {

struct Failure {
  std::uint16_t status = 400;
  std::string code;     // e.g. "validation_failed"; the `error.code` of the JSON answer
  std::string message;  // human-readable, lists every problem found
};

}  // namespace frontdesk::webform
