#include "cli/context.hpp"
#include "storage/migrations.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <iostream>

namespace po = boost::program_options;

namespace frontdesk::cli {

int db_migrate(int argc, char** argv) {
  po::options_description options("Usage: frontdesk db migrate [options]\n"
                                  "Applies pending schema migrations (safe to run while daemons "
                                  "are up: it takes the same advisory lock they do).\nOptions");
  po::variables_map vm;
  auto ctx = parse_common(argc, argv, options, vm);
  if (!ctx) return 0;
  auto connection = ctx->connect();
  const auto applied = storage::migrate(connection, storage::builtin_migrations());
  const int version = storage::schema_version(connection);
  if (ctx->json) {
    boost::json::array list(applied.begin(), applied.end());
    std::cout << boost::json::serialize(boost::json::object{{"applied", list}, {"version", version}})
              << '\n';
  } else if (applied.empty()) {
    std::cout << "schema is up to date (version " << version << ")\n";
  } else {
    for (int v : applied) std::cout << "applied migration " << v << '\n';
    std::cout << "schema is at version " << version << '\n';
  }
  return 0;
}

}  // namespace frontdesk::cli
