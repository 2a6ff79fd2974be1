// SPDX-License-Identifier: Apache-2.0
#pragma once
// While the database cannot be reached (or a transaction must be retried), a request answers
// 503 `unavailable` with Retry-After instead of a 500: the client did nothing wrong and may try
// again. Such failures come in floods during an outage, so they are logged at most once per
// interval, with the count of those not logged.
#include "http/router.hpp"

#include <chrono>

namespace frontdesk::app {

[[nodiscard]] http::Router::ErrorAnswer unavailable_answer(std::chrono::seconds log_interval = std::chrono::seconds(10));

}  // namespace frontdesk::app
