// SPDX-License-Identifier: Apache-2.0
#include "sla/sla_component.hpp"

#include "config/config.hpp"
#include "sla/policy_config.hpp"
#include "sla/sla_scheduler.hpp"

#include <spdlog/spdlog.h>

namespace frontdesk::sla {

SlaComponent::SlaComponent(app::Services& services) : Component(services) {}

SlaComponent::~SlaComponent() = default;

void SlaComponent::check(app::CheckReport& /*report*/) { policies_ = compile_policies(services_.config.sla); }

void SlaComponent::start() {
  scheduler_ = std::make_unique<SlaScheduler>(services_.db(), services_.clock, policies_);
  scheduler_->start();
}

void SlaComponent::stop() { scheduler_->stop(); }

// Like the rules: the new policies are compiled beside the running ones and swapped in only
// if the whole `sla:` section is clean.
void SlaComponent::reload(const config::Config* fresh) {
  if (fresh == nullptr) return;
  try {
    auto compiled = compile_policies(fresh->sla);
    const auto count = compiled->policies().size();
    scheduler_->replace_policies(std::move(compiled));
    spdlog::info("reload: {} SLA policies loaded (with the built-in default)", count);
  } catch (const std::exception& e) {
    spdlog::error("reload: SLA policies rejected, the running ones stay:\n{}", e.what());
  }
}

}  // namespace frontdesk::sla
