// SPDX-License-Identifier: Apache-2.0
#pragma once
// The embeddable widget as a daemon component ("widget"): GET /widget.js (the launcher built
// from web/widget/), GET /widget/availability, and which sites may read the answers the
// widget asks for (widget_cross_origin). docs/widget.md.
#include "app/component.hpp"
#include "http/cross_origin.hpp"

#include <memory>

namespace frontdesk::config {
struct Config;
}
namespace frontdesk::sla {
class Calendar;
}

namespace frontdesk::widget {

class WidgetComponent final : public app::Component {
 public:
  explicit WidgetComponent(app::Services& services);
  ~WidgetComponent() override;

  [[nodiscard]] std::string_view name() const override { return "widget"; }
  // channels.livechat.calendar names a calendar of sla.calendars.
  void check(app::CheckReport& report) override;
  void start() override;

 private:
  bool chat_enabled_ = false;                      // channels.livechat.enabled
  std::shared_ptr<const sla::Calendar> calendar_;  // null: always open
};

// The pages of channels.livechat.allowed_origins may read the knowledge base, the web form's
// answers and /widget/ (the widget on their sites asks for nothing else).
http::CrossOrigin widget_cross_origin(const config::Config& config);

}  // namespace frontdesk::widget
