// SPDX-License-Identifier: Apache-2.0
#pragma once
// The rules engine as a daemon component: check loads the rules folder, start runs the
// durable event consumer and the schedules, reload builds the folder's rules beside the
// running set and swaps them in only if they are clean.
#include "app/component.hpp"

#include <memory>

namespace frontdesk::rules {
class RuleSet;
class RuleStore;
}  // namespace frontdesk::rules

namespace frontdesk::rules::runtime {

class RulesRuntime;

class RulesComponent final : public app::Component {
 public:
  explicit RulesComponent(app::Services& services);
  ~RulesComponent() override;

  [[nodiscard]] std::string_view name() const override { return "rules"; }
  void check(app::CheckReport& report) override;
  void start() override;
  void stop() override;
  void reload(const config::Config* fresh) override;

 private:
  std::shared_ptr<const RuleSet> loaded_;  // by check()
  std::unique_ptr<RuleStore> store_;
  std::unique_ptr<RulesRuntime> runtime_;
};

}  // namespace frontdesk::rules::runtime
