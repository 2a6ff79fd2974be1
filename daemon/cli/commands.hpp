// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <span>
#include <string_view>

namespace frontdesk::cli {

struct Command {
  std::string_view name;     // "db migrate"
  std::string_view summary;
  int (*run)(int argc, char** argv);  // argv[0] is the last word of the verb
};

std::span<const Command> commands();

}  // namespace frontdesk::cli
