// SPDX-License-Identifier: Apache-2.0
#include "provider/delivery.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace frontdesk::provider {

sdk::Response json_error(std::uint16_t status, std::string_view code, std::string_view message) {
  const boost::json::object body{
      {"success", false}, {"error", boost::json::object{{"code", code}, {"message", message}}}};
  return sdk::Response::json(status, boost::json::serialize(body));
}

void send_and_report(const HttpRequest& request, std::chrono::milliseconds timeout,
                     ClassifyResponse classify, const sdk::DeliverDone& done) {
  try {
    const auto response = fetch(request, timeout, std::size_t{1024} * 1024);
    auto outcome = classify(response.status, response.body);
    done(outcome.status, std::move(outcome.provider_id), std::move(outcome.error));
  } catch (const std::exception& e) {
    done(FD_DELIVERY_TRANSIENT, {}, e.what());
  }
}

}  // namespace frontdesk::provider
