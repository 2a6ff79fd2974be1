// SPDX-License-Identifier: Apache-2.0
#pragma once
// The plugin side of the phone channels' webhooks and sends: JSON error answers and one
// outbound API request turned into the outbox's delivery report.
#include "provider/http_client.hpp"

#include <frontdesk/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace frontdesk::provider {

// {"success":false,"error":{"code":...,"message":...}}, as the core's API answers.
sdk::Response json_error(std::uint16_t status, std::string_view code, std::string_view message);

// 503 for a webhook whose content could not be committed: the provider will redeliver it.
inline sdk::Response not_stored() {
  return json_error(503, "unavailable", "not stored; please retry");
}

// What a provider's answer to a send means for the outbox.
struct SendOutcome {
  fd_delivery_status status = FD_DELIVERY_TRANSIENT;
  std::string provider_id;
  std::string error;
};
using ClassifyResponse = SendOutcome (*)(int http_status, std::string_view body);

// Sends `request` (blocking: on the plugin's own threads) and reports `classify`'s outcome
// through `done`, or a transient failure when no HTTP answer came.
void send_and_report(const HttpRequest& request, std::chrono::milliseconds timeout,
                     ClassifyResponse classify, const sdk::DeliverDone& done);

}  // namespace frontdesk::provider
