#pragma once
// frontdeskd as a short list of named start-up steps and the matching shutdown steps.
#include "config/config.hpp"

#include <memory>

namespace frontdesk::app {

class Daemon {
 public:
  explicit Daemon(config::Config config, std::filesystem::path config_path);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Starts everything, serves until SIGTERM/SIGINT, shuts down in order. Returns the exit
  // code. Throws when a start-up step fails (after undoing the steps before it).
  int run();

  struct State;  // defined in daemon.cpp; the steps there operate on it

 private:
  std::unique_ptr<State> state_;
};

// `frontdeskd --check`: the start-up checks without side effects. Returns the exit code
// and prints `file:line: message` lines for every problem.
int check(const std::filesystem::path& config_path);

}  // namespace frontdesk::app
