// SPDX-License-Identifier: Apache-2.0
#pragma once
// Canned responses, preview-reply and macros as a part of frontdeskd: their API routes
// (daemon/canned/routes.cpp). After "rules", whose running rule set holds the macros.
#include "app/component.hpp"

#include <memory>

namespace frontdesk::canned {

struct CannedContext;

class CannedComponent final : public app::Component {
 public:
  explicit CannedComponent(app::Services& services);
  ~CannedComponent() override;
  [[nodiscard]] std::string_view name() const override { return "canned responses"; }
  void start() override;

 private:
  std::unique_ptr<CannedContext> context_;  // the routes hold it
};

}  // namespace frontdesk::canned
