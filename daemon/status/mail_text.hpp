// SPDX-License-Identifier: Apache-2.0
#pragma once
// The words of the messages the status page sends (the confirmation of a subscription and
// the notice of an incident) in each language it has words for (en, es, tr), chosen along the
// one fallback chain (core/locale.hpp). Pure.
#include <string>
#include <string_view>

namespace frontdesk::status {

struct MailText {
  std::string subject;
  std::string body;
};

// "en", "es" or "tr": the first of core::fallback_chain({locale}, default_locale) with words
// here ("es-MX" → es; "fr" → the default's, else en).
[[nodiscard]] std::string_view offered_locale(std::string_view locale, std::string_view default_locale);

// `locale` is one offered_locale gave (anything else gets English).
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
