// SPDX-License-Identifier: Apache-2.0
#pragma once
// The web folder as a part of frontdeskd: loaded and checked by check() (so `--check`
// reports a template that does not parse or a missing translation), published to the
// components after it as Services::site, and its assets served at /assets/:name.
#include "app/component.hpp"

#include <memory>

namespace frontdesk::web {

class Site;

class WebComponent final : public app::Component {
 public:
  explicit WebComponent(app::Services& services);
  ~WebComponent() override;
  [[nodiscard]] std::string_view name() const override { return "web pages"; }
  void check(app::CheckReport& report) override;
  void start() override;

 private:
  std::unique_ptr<Site> site_;
};

}  // namespace frontdesk::web
