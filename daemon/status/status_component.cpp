// SPDX-License-Identifier: Apache-2.0
#include "status/status_component.hpp"

#include "config/config.hpp"
#include "outbox/webhook_sender.hpp"
#include "status/monitor_store.hpp"
#include "status/routes.hpp"
#include "status/status_worker.hpp"
#include "storage/database.hpp"

namespace frontdesk::status {

StatusComponent::StatusComponent(app::Services& services) : Component(services) {}

StatusComponent::~StatusComponent() = default;

void StatusComponent::check(app::CheckReport& report) {
  const auto n = services_.config.status.monitors.size();
  if (n > 0) report.summary.push_back("status monitors: " + std::to_string(n));
}

void StatusComponent::start() {
  const auto& config = services_.config;
  const PageSettings page{config.status.name, config.public_url};
  context_ = std::make_unique<StatusContext>(StatusContext{
      services_.db(), config.bootstrap_admin_token,
      SubscriptionSettings{page, config.status.signup_limit_per_hour, outbox::webhook_guard(config.webhooks),
                           config.languages.default_locale},
      services_.web()});
  register_status_routes(*services_.router, *context_);
  services_.db().run_sync([&](storage::Connection& c) { prepare_monitors(c, config.status.monitors); });
  auto copy = std::make_unique<StaticCopy>(config.state_dir / "status", services_.web(), page);
  net::DestinationGuard guard(net::IpNetworks(config.status.allow_private_networks), "status.allow_private_networks");
  worker_ = std::make_unique<StatusWorker>(services_.io, services_.db(), config.status.monitors, std::move(guard),
                                           page, services_.node_name, std::move(copy));
  worker_->start();
}

void StatusComponent::stop() {
  if (worker_) worker_->stop();
}

}  // namespace frontdesk::status
