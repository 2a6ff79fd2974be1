// SPDX-License-Identifier: Apache-2.0
// Checks and compiles the configuration's `sla:` section (kept as YAML with marks by the
// loader) into a PolicySet. The same function serves start-up and `frontdeskd --check`.
//
//   sla:
//     calendars:
//       office:
//         time_zone: Europe/Berlin
//         hours: { mon: "09:00-17:00", tue: ["09:00-12:00", "13:00-17:00"], sat: closed }
//         holidays: [2026-12-25, 2026-12-26]
//     policies:
//       vip:
//         match: { tier: [gold], category: [payment, billing] }
//         calendar: 24x7             # built in; also the default
//         warning: 75%
//         targets: { urgent: { first_response: 10m, resolution: 1h } }
//
// Days without hours are closed; priorities without targets keep seed 003's.
#pragma once

#include <memory>

#include "config/config.hpp"
#include "sla/policy.hpp"

namespace frontdesk::sla {

// Throws config::ConfigError listing every problem as "file:line: sla...: message".
[[nodiscard]] std::shared_ptr<const PolicySet> compile_policies(const config::SlaConfig& sla);

}  // namespace frontdesk::sla
