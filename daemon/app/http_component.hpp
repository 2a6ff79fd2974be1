// SPDX-License-Identifier: Apache-2.0
#pragma once
// The HTTP server on `listen:`: opens the port once every route is registered, and at
// shutdown stops accepting and lets the requests in flight finish (a graceful drain).
#include "app/component.hpp"

#include <memory>

namespace frontdesk::http {
class Server;
}

namespace frontdesk::app {

class HttpComponent final : public Component {
 public:
  explicit HttpComponent(Services& services);
  ~HttpComponent() override;  // closes what is left, after the event loop stopped

  [[nodiscard]] std::string_view name() const override { return "HTTP"; }
  void start() override;
  // Returns once every connection has closed (the event loop still runs).
  void stop() override;

 private:
  std::unique_ptr<http::Server> server_;
};

}  // namespace frontdesk::app
