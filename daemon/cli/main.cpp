// SPDX-License-Identifier: Apache-2.0
// frontdesk: the admin command line. Verbs are dispatched from a table; each has --help.
#include "cli/commands.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <string_view>

int main(int argc, char** argv) {
  using frontdesk::cli::commands;
  // Library logs go to stderr and only when they matter: stdout is the verb's output.
  spdlog::set_default_logger(spdlog::stderr_color_mt("frontdesk"));
  spdlog::set_level(spdlog::level::warn);
  const std::string_view verb = argc > 1 ? argv[1] : "";
  if (verb.empty() || verb == "--help" || verb == "-h" || verb == "help") {
    std::cout << "Usage: frontdesk <command> [options]\n\nCommands:\n";
    for (const auto& c : commands()) std::cout << "  " << c.name << "\t" << c.summary << '\n';
    std::cout << "\nEvery command accepts --config FILE (else $FRONTDESK_CONFIG, else "
                 "/etc/frontdesk/frontdesk.yaml), --json and --help.\n";
    return verb.empty() ? 2 : 0;
  }
  // Verbs may be two words ("db migrate").
  for (const auto& c : commands()) {
    const std::string_view name = c.name;
    const auto space = name.find(' ');
    const bool two_words = space != std::string_view::npos;
    if (!two_words && name == verb) return c.run(argc - 1, argv + 1);
    if (two_words && argc > 2 && name.substr(0, space) == verb && name.substr(space + 1) == argv[2]) {
      return c.run(argc - 2, argv + 2);
    }
  }
  std::cerr << "frontdesk: unknown command '" << verb << "' (see frontdesk --help)\n";
  return 2;
}
