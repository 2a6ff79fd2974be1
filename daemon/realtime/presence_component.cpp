// SPDX-License-Identifier: Apache-2.0
#include "realtime/presence_component.hpp"

#include "realtime/presence.hpp"

namespace frontdesk::realtime {

PresenceComponent::PresenceComponent(app::Services& services) : Component(services) {}

PresenceComponent::~PresenceComponent() {
  services_.presence = nullptr;
}

void PresenceComponent::start() {
  presence_ = std::make_unique<Presence>(services_.db());
  presence_->start();
  services_.presence = presence_.get();
}

void PresenceComponent::stop() {
  if (presence_) presence_->stop();
}

}  // namespace frontdesk::realtime
