// SPDX-License-Identifier: Apache-2.0
#pragma once
// The SLA engine as a daemon component: check compiles the `sla:` policies, start publishes
// their calendars and starts the scheduler, reload swaps in a re-read set only if it is clean.
#include "app/component.hpp"

#include <memory>

namespace frontdesk::sla {

class PolicySet;
class SlaScheduler;

class SlaComponent final : public app::Component {
 public:
  explicit SlaComponent(app::Services& services);
  ~SlaComponent() override;

  [[nodiscard]] std::string_view name() const override { return "SLA"; }
  void check(app::CheckReport& report) override;
  void start() override;
  void stop() override;
  void reload(const config::Config* fresh) override;

 private:
  std::shared_ptr<const PolicySet> policies_;  // compiled by check()
  std::unique_ptr<SlaScheduler> scheduler_;
};

}  // namespace frontdesk::sla
