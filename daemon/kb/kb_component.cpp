#include "kb/kb_component.hpp"

#include "config/config.hpp"
#include "kb/routes.hpp"

namespace frontdesk::kb {

KbComponent::KbComponent(app::Services& services) : Component(services) {}

KbComponent::~KbComponent() = default;

void KbComponent::start() {
  context_ = std::make_unique<KbContext>(
      KbContext{services_.db(), services_.config.bootstrap_admin_token});
  register_kb_routes(*services_.router, *context_);
}

}  // namespace frontdesk::kb
