// SPDX-License-Identifier: Apache-2.0
#pragma once
// The admin API's JSON of the status page's rows (camelCase), built by PostgreSQL, and the
// component lists requests name ("components": [names or ids]).
#include "api/problem.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::status {

// `SELECT <kComponentJson> FROM status_components c` (text of a jsonb object).
extern const std::string_view kComponentJson;
extern const std::string_view kIncidentJson;     // FROM status_incidents i
extern const std::string_view kMaintenanceJson;  // FROM status_maintenances m

// The row's JSON; a row the call has just found or made (its absence is a bug).
boost::json::value row_json(storage::Connection& db, std::string_view select_json,
                            std::string_view from, std::int64_t id);

// The ids of the components named (by name or id) in `items`, in order, without repeats;
// 422 naming the first unknown one.
api::Result<std::vector<std::int64_t>> component_ids(storage::Connection& db,
                                                     const boost::json::value* items);

// JSON array text of ids, for binding bigint[] parameters via jsonb.
std::string ids_json(const std::vector<std::int64_t>& ids);

}  // namespace frontdesk::status
