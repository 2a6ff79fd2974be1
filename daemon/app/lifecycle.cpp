// SPDX-License-Identifier: Apache-2.0
#include "app/lifecycle.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>
#include <string>

namespace frontdesk::app {

namespace {

template <class F>
void step(const Component& component, std::string_view verb, bool bare, F&& f) {
  spdlog::debug("{}: {}", verb, component.name());
  try {
    f();
  } catch (const std::exception& e) {
    if (bare) throw;
    throw std::runtime_error(std::string(component.name()) + ": " + e.what());
  }
}

}  // namespace

Lifecycle::Lifecycle(ComponentList components) : components_(std::move(components)) {}

Lifecycle::~Lifecycle() { destroy(); }

void Lifecycle::check(CheckReport& report, bool bare) {
  for (auto& c : components_) step(*c, "check", bare, [&] { c->check(report); });
}

void Lifecycle::start() {
  for (auto& c : components_) {
    try {
      step(*c, "start", false, [&] { c->start(); });
    } catch (...) {
      stop();
      throw;
    }
    ++started_;
  }
}

void Lifecycle::reload(const config::Config* fresh) {
  for (std::size_t i = 0; i < started_; ++i) {
    try {
      components_[i]->reload(fresh);
    } catch (const std::exception& e) {
      spdlog::error("reload: {}: {}", components_[i]->name(), e.what());
    }
  }
}

void Lifecycle::stop() noexcept {
  while (started_ > 0) {
    auto& c = *components_[--started_];
    spdlog::debug("stop: {}", c.name());
    try {
      c.stop();
    } catch (const std::exception& e) {
      spdlog::error("stopping {}: {}", c.name(), e.what());
    } catch (...) {
      spdlog::error("stopping {}: unknown error", c.name());
    }
  }
}

void Lifecycle::destroy() noexcept {
  stop();
  while (!components_.empty()) components_.pop_back();
}

}  // namespace frontdesk::app
