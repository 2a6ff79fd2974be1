// SPDX-License-Identifier: Apache-2.0
#pragma once
// The words of the messages the status page sends (the confirmation of a subscription and
// the notice of an incident) in each offered language; an unknown locale gets English. Pure.
#include <string>
#include <string_view>

namespace frontdesk::status {

struct MailText {
  std::string subject;
  std::string body;
};

// "en", "es", "tr"; anything else (or a region such as "es-MX" of one) maps onto them.
[[nodiscard]] std::string_view offered_locale(std::string_view locale) noexcept;

[[nodiscard]] MailText confirmation_text(std::string_view locale, std::string_view page_name,
                                         std::string_view confirm_url);

struct IncidentNotice {
  std::string_view page_name;
  std::string_view title;
  std::string_view status;  // investigating | identified | monitoring | resolved
  std::string_view message;
  std::string_view page_url;
  std::string_view unsubscribe_url;
};

[[nodiscard]] MailText incident_text(std::string_view locale, const IncidentNotice& notice);

}  // namespace frontdesk::status
