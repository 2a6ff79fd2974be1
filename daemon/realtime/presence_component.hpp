// SPDX-License-Identifier: Apache-2.0
#pragma once
// Signals between daemons as a component ("presence"): the channels and the event stream,
// after it in the list, hand their signals to it and listen to everyone's.
#include "app/component.hpp"

#include <memory>

namespace frontdesk::realtime {

class Presence;

class PresenceComponent final : public app::Component {
 public:
  explicit PresenceComponent(app::Services& services);
  ~PresenceComponent() override;

  [[nodiscard]] std::string_view name() const override { return "presence"; }
  void start() override;
  void stop() override;

 private:
  std::unique_ptr<Presence> presence_;
};

}  // namespace frontdesk::realtime
