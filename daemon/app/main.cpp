// SPDX-License-Identifier: Apache-2.0
// frontdeskd: the Frontdesk daemon.
#include "app/daemon.hpp"
#include "app/logging.hpp"
#include "config/config_loader.hpp"

#include <boost/program_options.hpp>
#include <spdlog/spdlog.h>

#include <malloc.h>

#include <iostream>

namespace po = boost::program_options;

int main(int argc, char** argv) {
  // Blocks of 256 KiB and more (a mail, its attachments, an ingest batch) are mapped on
  // their own and unmapped when freed. glibc's default raises this threshold to 32 MiB the
  // first time such a block is freed, after which they come from the heaps and stay
  // resident when freed (issue 21: RSS stayed at 226-396 MiB after large mail). Setting it
  // turns that adjustment off.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  // Language detection (CLD2) takes about 160 KB of scratch from the heap for each message.
  // With glibc's default trim threshold (128 KiB) every call gave it back to the kernel and
  // faulted it in again: 20 µs instead of 3 µs a message (docs/learning.md).
  mallopt(M_TRIM_THRESHOLD, 512 * 1024);
  po::options_description options("Usage: frontdeskd [--config FILE] [--check]\nOptions");
  options.add_options()
      ("config,c", po::value<std::string>()->default_value("/etc/frontdesk/frontdesk.yaml"),
       "configuration file")
      ("check", "validate configuration and plugins, then exit")
      ("version", "print the version and exit")
      ("help,h", "show this help");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, options), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "frontdeskd: " << e.what() << "\n" << options;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  if (vm.count("version")) {
    std::cout << "frontdeskd " << FRONTDESK_VERSION << '\n';
    return 0;
  }
  const std::filesystem::path config_path = vm["config"].as<std::string>();
  if (vm.count("check")) return frontdesk::app::check(config_path);

  frontdesk::config::Config config;
  try {
    config = frontdesk::config::load_config(config_path);
  } catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
  }
  frontdesk::app::setup_logging(config.log_level);
  try {
    frontdesk::app::Daemon daemon(std::move(config), config_path);
    return daemon.run();
  } catch (const std::exception& e) {
    spdlog::critical("frontdeskd failed to start: {}", e.what());
    return 1;
  }
}
