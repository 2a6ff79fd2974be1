// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <span>
#include <string>
#include <vector>

#include "storage/connection.hpp"
#include "storage/migrations.hpp"

namespace frontdesk::storage {

struct DefinitionChanges {
  std::vector<std::string> applied;  // by name, in the order they ran
  std::vector<std::string> dropped;
};

// Makes the database's functions, triggers and views those of `definitions` (part of
// migrate(), which calls it after the migrations, under its advisory lock). Records each
// definition's SHA-256 in schema_definitions and, in one transaction:
//  - drops what a recorded definition the list no longer has defined: the triggers that run
//    functions of its name, those functions, a view of its name (never CASCADE: something
//    else still using them fails the migration);
//  - runs each definition that is new or whose text changed, in name order, with function
//    bodies checked only once all are in place, so one may call another defined later. A
//    definition that fails for a missing object (a view over a later one) is retried after
//    the others. When CREATE OR REPLACE refuses a change (another return type or parameter
//    names, a view's columns), what the definition's name defines is dropped and it runs
//    again. Afterwards functions of its name and their triggers that it did not (re)create
//    are dropped: an overload whose parameters changed, a trigger it no longer creates.
//  - checks the bodies of every function the definitions name.
// A failure throws PgError prefixed with "definition sql/<name>.sql"; nothing is applied.
DefinitionChanges apply_definitions(Connection& conn, std::span<const Definition> definitions);

}  // namespace frontdesk::storage
