// SPDX-License-Identifier: Apache-2.0
#pragma once
// Walks a list of components (component.hpp) through the daemon's life: every check, then
// every start in order; reloads of the started ones in order; stops in reverse order; and
// destruction in reverse order. The daemon (daemon.cpp) walks components.cpp's list with it;
// the tests walk lists of their own.
#include "app/component.hpp"

#include <cstddef>
#include <memory>
#include <vector>

namespace frontdesk::app {

using ComponentList = std::vector<std::unique_ptr<Component>>;

class Lifecycle {
 public:
  explicit Lifecycle(ComponentList components);
  ~Lifecycle();  // destroy()
  Lifecycle(const Lifecycle&) = delete;
  Lifecycle& operator=(const Lifecycle&) = delete;

  // Every component's check, in order. Throws std::runtime_error "<name>: <reason>" for the
  // first that fails; with `bare`, the reason alone (as `frontdeskd --check` prints it).
  void check(CheckReport& report, bool bare = false);
  // Every component's start, in order. When one fails, the ones already started stop again
  // in reverse order, and std::runtime_error "<name>: <reason>" is thrown.
  void start();
  // The started components' reload, in order; a failure is logged and the others go on.
  void reload(const config::Config* fresh);
  // The started components' stop, last started first. Shutdown always runs the whole list:
  // a failure is logged and the walk goes on. Idempotent.
  void stop() noexcept;
  // Destroys the components, last first (stop() first, for any still started).
  void destroy() noexcept;

  [[nodiscard]] std::size_t started() const noexcept { return started_; }

 private:
  ComponentList components_;
  std::size_t started_ = 0;  // components_[0, started_) started and have not stopped
};

}  // namespace frontdesk::app
