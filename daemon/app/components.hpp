// SPDX-License-Identifier: Apache-2.0
#pragma once
// The list of components that is frontdeskd (components.cpp), in start-up order.
#include "app/lifecycle.hpp"

namespace frontdesk::app {

[[nodiscard]] ComponentList make_components(Services& services);

}  // namespace frontdesk::app
