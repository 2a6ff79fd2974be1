// SPDX-License-Identifier: Apache-2.0
#pragma once
// The outbox as a daemon component: delivery workers for every channel this daemon runs
// (after "channels", which it hands each row to) and for rules' webhooks.
#include "app/component.hpp"

#include <memory>

namespace frontdesk::outbox {

class OutboxWorker;

class OutboxComponent final : public app::Component {
 public:
  explicit OutboxComponent(app::Services& services);
  ~OutboxComponent() override;

  [[nodiscard]] std::string_view name() const override { return "outbox"; }
  void start() override;
  void stop() override;

 private:
  std::unique_ptr<OutboxWorker> worker_;
};

}  // namespace frontdesk::outbox
