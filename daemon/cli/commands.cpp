// SPDX-License-Identifier: Apache-2.0
#include "cli/commands.hpp"

#include <array>
#include <exception>
#include <iostream>

namespace frontdesk::cli {

int db_migrate(int argc, char** argv);
int rules_check(int argc, char** argv);
int rules_test(int argc, char** argv);
int rules_reload(int argc, char** argv);
int agent_add(int argc, char** argv);
int agent_list(int argc, char** argv);
int agent_set(int argc, char** argv);
int agent_passwd(int argc, char** argv);
int token_create(int argc, char** argv);
int ticket_list(int argc, char** argv);
int ticket_show(int argc, char** argv);
int stats(int argc, char** argv);
int kb_import(int argc, char** argv);
int kb_export(int argc, char** argv);
int notify(int argc, char** argv);

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
    Command{"rules check", "validate rules, Lua scripts and templates", guarded<rules_check>},
    Command{"rules test", "dry-run the rules on an event file (--event FILE.json)", guarded<rules_test>},
    Command{"rules reload", "check the rules and make running daemons reload them", guarded<rules_reload>},
    Command{"agent add", "add a support agent", guarded<agent_add>},
    Command{"agent list", "list agents with availability and workload", guarded<agent_list>},
    Command{"agent set", "change an agent's fields (availability, role, ...)", guarded<agent_set>},
    Command{"agent passwd", "set an agent's sign-in password (read from standard input)", guarded<agent_passwd>},
    Command{"token create", "create an API token (shown once)", guarded<token_create>},
    Command{"ticket list", "list and search tickets", guarded<ticket_list>},
    Command{"ticket show", "show a ticket with its messages", guarded<ticket_show>},
    Command{"stats", "ticket statistics for a period", guarded<stats>},
    Command{"kb import", "import knowledge-base articles from Markdown files (DIR)", guarded<kb_import>},
    Command{"kb export", "export the knowledge base as Markdown files (DIR)", guarded<kb_export>},
    Command{"notify", "send a customer a notification template on their first opted-in channel", guarded<notify>},
};

}  // namespace

std::span<const Command> commands() { return kCommands; }

}  // namespace frontdesk::cli
