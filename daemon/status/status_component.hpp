// SPDX-License-Identifier: Apache-2.0
#pragma once
// The status page as a part of frontdeskd: its routes (status/routes.cpp) and its
// background work (status/status_worker.hpp).
#include "app/component.hpp"

#include <memory>

namespace frontdesk::status {

struct StatusContext;
class StatusWorker;

class StatusComponent final : public app::Component {
 public:
  explicit StatusComponent(app::Services& services);
  ~StatusComponent() override;
  [[nodiscard]] std::string_view name() const override { return "status page"; }
  void check(app::CheckReport& report) override;
  void start() override;
  void stop() override;

 private:
  std::unique_ptr<StatusContext> context_;  // the routes hold it
  std::unique_ptr<StatusWorker> worker_;
};

}  // namespace frontdesk::status
