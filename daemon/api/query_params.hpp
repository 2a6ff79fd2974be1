// SPDX-License-Identifier: Apache-2.0
#pragma once
// Query-string parameters of list and stats calls: a bad value is 400 naming the parameter.
#include "api/endpoint.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::api {

[[nodiscard]] core::Unexpected<Problem> bad_query(std::string message);

// The parameter's value; nullopt when absent or empty.
Result<std::optional<std::string>> query(const Call& call, std::string_view key);

Result<std::int64_t> query_int(const Call& call, std::string_view key, std::int64_t fallback,
                               std::int64_t min, std::int64_t max);

// A date (YYYY-MM-DD) or ISO 8601 timestamp as a UTC timestamptz literal. With `end_of_day`,
// a plain date stands for the end of that day, so "endDate=2025-10-31" includes the 31st.
Result<std::optional<std::string>> query_time(const Call& call, std::string_view key, bool end_of_day);

// "a,b,c" → {a, b, c}, empty items dropped.
std::vector<std::string> split_list(const std::string& text);

}  // namespace frontdesk::api
