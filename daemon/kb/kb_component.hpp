// SPDX-License-Identifier: Apache-2.0
#pragma once
// The knowledge base as a part of frontdeskd: its API routes (daemon/kb/routes.cpp) and the
// help center's pages (daemon/kb/help_center.cpp).
#include "app/component.hpp"

#include <memory>

namespace frontdesk::kb {

struct KbContext;

class KbComponent final : public app::Component {
 public:
  explicit KbComponent(app::Services& services);
  ~KbComponent() override;
  [[nodiscard]] std::string_view name() const override { return "knowledge base"; }
  void start() override;

 private:
  std::unique_ptr<KbContext> context_;  // the routes hold it
};

}  // namespace frontdesk::kb
