// SPDX-License-Identifier: Apache-2.0
#include "console/console_component.hpp"

#include "console/console_routes.hpp"

namespace frontdesk::console {

void ConsoleComponent::start() { register_console_routes(*services_.router, services_.web()); }

}  // namespace frontdesk::console
