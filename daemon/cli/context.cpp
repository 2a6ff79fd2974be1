// SPDX-License-Identifier: Apache-2.0
#include "cli/context.hpp"

#include "config/config_loader.hpp"

#include <cstdlib>
#include <iostream>

namespace po = boost::program_options;

namespace frontdesk::cli {

namespace {

std::filesystem::path default_config_path() {
  if (const char* env = std::getenv("FRONTDESK_CONFIG"); env && *env) return env;
  return "/etc/frontdesk/frontdesk.yaml";
}

}  // namespace

storage::Connection Context::connect() {
  if (!config.database.url.empty()) return storage::Connection::connect(config.database.url);
  cluster = std::make_unique<storage::EmbeddedCluster>(config.state_dir);
  cluster->start();
  return storage::Connection::connect(cluster->conninfo());
}

std::optional<Context> parse_common(int argc, char** argv, po::options_description& options,
                                    po::variables_map& vm,
                                    const po::positional_options_description* positional) {
  options.add_options()
      ("config,c", po::value<std::string>(), "configuration file")
      ("json", "machine-readable output")
      ("help,h", "show this help");
  po::command_line_parser parser(argc, argv);
  parser.options(options);
  if (positional) parser.positional(*positional);
  po::store(parser.run(), vm);
  if (vm.count("help")) {
    std::cout << options;
    return std::nullopt;
  }
  po::notify(vm);
  Context ctx;
  const auto path = vm.count("config") ? std::filesystem::path(vm["config"].as<std::string>())
                                       : default_config_path();
  ctx.config = config::load_config(path);
  ctx.json = vm.count("json") > 0;
  return ctx;
}

}  // namespace frontdesk::cli
