// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the monitors write: their components (made when missing), each result with its day's
// uptime counters, and the consequences of a run of failures: after `failures` of them the
// component is marked major_outage and a draft incident is opened (actor: system); when the
// monitor passes again the component is operational again and a draft nobody published is
// resolved. A component under maintenance is not marked.
#include "config/config.hpp"
#include "status/monitor_checks.hpp"

#include <string>
#include <vector>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::status {

// Creates the monitors' components and state rows; forgets the state of monitors no longer
// configured.
void prepare_monitors(storage::Connection& db, const std::vector<config::MonitorConfig>& monitors);

void record_result(storage::Connection& db, const config::MonitorConfig& monitor, const CheckResult& result);

// Whether `node` holds (or has now taken) the lease to run the monitors, for `seconds` more.
bool take_lease(storage::Connection& db, const std::string& node, int seconds);
void release_lease(storage::Connection& db, const std::string& node);

// Drops results and daily counters older than 90 days.
void prune_results(storage::Connection& db);

}  // namespace frontdesk::status
