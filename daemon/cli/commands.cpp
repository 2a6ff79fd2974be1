#include "cli/commands.hpp"

#include <array>
#include <exception>
#include <iostream>

namespace frontdesk::cli {

int db_migrate(int argc, char** argv);

namespace {

// Every verb runs inside this guard so an error prints as one clear line and exits 1.
template <int (*Verb)(int, char**)>
int guarded(int argc, char** argv) {
  try {
    return Verb(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "frontdesk: " << e.what() << '\n';
    return 1;
  }
}

constexpr std::array kCommands{
    Command{"db migrate", "apply pending database migrations", guarded<db_migrate>},
};

}  // namespace

std::span<const Command> commands() { return kCommands; }

}  // namespace frontdesk::cli
