// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the public status page shows, read in one transaction: Statuspage's summary.json
// (its snake_case shape, so its existing consumers read ours), the page's view model (the
// data the HTML page renders, camelCase) and the Atom feed (atom_feed.hpp). Drafts never
// appear.
#include "status/notifier.hpp"

#include <boost/json/object.hpp>

#include <string>

namespace frontdesk::status {

// {page, components, incidents, scheduled_maintenances, status {indicator, description}}:
// groups are components with "group": true listing their members' ids.
boost::json::object summary(storage::Connection& db, const PageSettings& page);

// {page {name, url, updatedAt, summaryUrl, feedUrl, subscribeUrl}, status {indicator,
// description}, sections [{group, status, components [{id, name, description, status,
// uptime {ratio, days [{date, ratio, checks, failures}]}}]}], openIncidents, maintenances,
// history [{date, incidents}]}: 90 days of uptime (oldest first; a day without checks has
// ratio null), 14 days of history.
boost::json::object page_view(storage::Connection& db, const PageSettings& page);

// Changes whenever what the page shows changes: a component, incident, update or
// maintenance written, a failed check today, a new day.
std::string page_fingerprint(storage::Connection& db);

}  // namespace frontdesk::status
