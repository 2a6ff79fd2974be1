// SPDX-License-Identifier: Apache-2.0
// The one exception for a configuration that cannot be used.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace frontdesk::config {

// Carries every problem found, each formatted "file:line: message"; what() is one line
// per problem.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<std::string> problems);

  [[nodiscard]] const std::vector<std::string>& problems() const noexcept { return problems_; }

 private:
  std::vector<std::string> problems_;
};

}  // namespace frontdesk::config
