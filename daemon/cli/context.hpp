// SPDX-License-Identifier: Apache-2.0
#pragma once
// What every verb shares: the common options, the configuration and a database connection.
#include "config/config.hpp"
#include "storage/connection.hpp"
#include "storage/embedded_cluster.hpp"

#include <boost/program_options.hpp>

#include <memory>
#include <optional>

namespace frontdesk::cli {

struct Context {
  config::Config config;
  bool json = false;
  std::unique_ptr<storage::EmbeddedCluster> cluster;  // when the config uses the embedded one

  // Connects to the configured database, starting the embedded cluster if it is not running.
  storage::Connection connect();
};

// Adds --config, --json and --help to `options`, parses argv, and loads the config.
// Returns nullopt after printing help (exit 0) ; throws on bad options or config.
// `positional` names options that may be given without their --name (e.g. an id).
std::optional<Context> parse_common(
    int argc, char** argv, boost::program_options::options_description& options,
    boost::program_options::variables_map& vm,
    const boost::program_options::positional_options_description* positional = nullptr);

}  // namespace frontdesk::cli
