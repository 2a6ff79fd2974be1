// SPDX-License-Identifier: Apache-2.0
#pragma once
// frontdeskd: the list of components (components.cpp) walked through start-up, reload and
// shutdown.
#include "config/config.hpp"

#include <filesystem>
#include <memory>

namespace frontdesk::app {

class Daemon {
 public:
  explicit Daemon(config::Config config, std::filesystem::path config_path);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Checks every component, starts them in order, serves until SIGTERM/SIGINT, stops them in
  // reverse order. Returns the exit code. Throws when a check or a start fails (after
  // stopping the components already started), naming the component.
  int run();

 private:
  struct State;  // the services and the list; daemon.cpp
  friend int check(const std::filesystem::path& config_path);
  std::unique_ptr<State> state_;
};

// `frontdeskd --check`: every component's check, without side effects. Returns the exit code
// and prints `file:line: message` lines for every problem.
int check(const std::filesystem::path& config_path);

}  // namespace frontdesk::app
