// SPDX-License-Identifier: Apache-2.0
#include "cli/context.hpp"
#include "storage/migrations.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <iostream>

namespace po = boost::program_options;

namespace frontdesk::cli {

int db_migrate(int argc, char** argv) {
  po::options_description options("Usage: frontdesk db migrate [options]\n"
                                  "Applies pending schema migrations, then the SQL definitions (functions,\n"
                                  "triggers, views) whose text changed (safe to run while daemons are up:\n"
                                  "it takes the same advisory lock they do).\nOptions");
  po::variables_map vm;
  auto ctx = parse_common(argc, argv, options, vm);
  if (!ctx) return 0;
  auto connection = ctx->connect();
  const auto report = storage::migrate_with_report(connection, storage::builtin_schema());
  const int version = storage::schema_version(connection);
  if (ctx->json) {
    boost::json::array applied(report.applied.begin(), report.applied.end());
    boost::json::array definitions(report.definitions.begin(), report.definitions.end());
    boost::json::array dropped(report.dropped.begin(), report.dropped.end());
    std::cout << boost::json::serialize(boost::json::object{{"applied", applied},
                                                            {"baselineRecorded", report.baseline_recorded},
                                                            {"definitions", definitions},
                                                            {"dropped", dropped},
                                                            {"version", version}})
              << '\n';
    return 0;
  }
  if (report.baseline_recorded) {
    std::cout << "recorded the database of an earlier release at the baseline (version " << version << ")\n";
  }
  for (int v : report.applied) std::cout << "applied migration " << v << '\n';
  for (const auto& name : report.definitions) std::cout << "applied definition " << name << '\n';
  for (const auto& name : report.dropped) std::cout << "dropped definition " << name << '\n';
  if (!report.baseline_recorded && report.applied.empty() && report.definitions.empty() && report.dropped.empty()) {
    std::cout << "schema is up to date (version " << version << ")\n";
  } else {
    std::cout << "schema is at version " << version << '\n';
  }
  return 0;
}

}  // namespace frontdesk::cli
