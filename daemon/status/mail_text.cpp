// SPDX-License-Identifier: Apache-2.0
#include "status/mail_text.hpp"

#include "core/locale.hpp"

#include <array>

namespace frontdesk::status {

namespace {

struct Words {
  std::string_view locale;
  std::string_view confirm_subject;  // "{page}: confirm your subscription"
  std::string_view confirm_body;     // before the link
  std::string_view confirm_ignore;   // after the link
  std::array<std::string_view, 4> statuses;
  std::string_view details;      // "Details:"
  std::string_view unsubscribe;  // "Unsubscribe:"
};

constexpr std::array<Words, 3> kWords{{
    {"en", "confirm your subscription", "Please confirm that you want status updates by opening this link:",
     "If you did not ask for this, ignore this message: nothing will be sent.",
     {"Investigating", "Identified", "Monitoring", "Resolved"}, "Details:", "Unsubscribe:"},
    {"es", "confirme su suscripción", "Confirme que desea recibir avisos de estado abriendo este enlace:",
     "Si no lo ha pedido, ignore este mensaje: no se le enviará nada.",
     {"Investigando", "Identificado", "En observación", "Resuelto"}, "Detalles:", "Darse de baja:"},
    {"tr", "aboneliğinizi onaylayın", "Durum bildirimleri almak istediğinizi bu bağlantıyı açarak onaylayın:",
     "Bunu siz istemediyseniz bu iletiyi yok sayın: size bir şey gönderilmeyecek.",
     {"İnceleniyor", "Tespit edildi", "İzleniyor", "Çözüldü"}, "Ayrıntılar:", "Abonelikten çık:"},
}};

const Words& words(std::string_view locale) {
  const auto offered = offered_locale(locale, core::kLastResortLocale);
  for (const auto& w : kWords) {
    if (w.locale == offered) return w;
  }
  return kWords[0];
}

std::string_view status_word(const Words& w, std::string_view status) {
  constexpr std::array<std::string_view, 4> kStatuses{"investigating", "identified", "monitoring", "resolved"};
  for (std::size_t i = 0; i < kStatuses.size(); ++i) {
    if (kStatuses[i] == status) return w.statuses[i];
  }
  return status;
}

}  // namespace

std::string_view offered_locale(std::string_view locale, std::string_view default_locale) {
  for (const auto& candidate : core::fallback_chain({locale}, default_locale)) {
    for (const auto& w : kWords) {
      if (w.locale == candidate) return w.locale;
    }
  }
  return kWords[0].locale;  // not reached: the chain ends in en
}

MailText confirmation_text(std::string_view locale, std::string_view page_name, std::string_view confirm_url) {
  const auto& w = words(locale);
  return {std::string(page_name) + ": " + std::string(w.confirm_subject),
          std::string(w.confirm_body) + "\n\n" + std::string(confirm_url) + "\n\n" + std::string(w.confirm_ignore) +
              "\n"};
}

MailText incident_text(std::string_view locale, const IncidentNotice& n) {
  const auto& w = words(locale);
  const auto status = status_word(w, n.status);
  std::string body;
  body += std::string(n.title) + " — " + std::string(status) + "\n\n";
  body += std::string(n.message) + "\n\n";
  body += std::string(w.details) + " " + std::string(n.page_url) + "\n";
  body += std::string(w.unsubscribe) + " " + std::string(n.unsubscribe_url) + "\n";
  return {"[" + std::string(n.page_name) + "] " + std::string(n.title) + ": " + std::string(status),
          std::move(body)};
}

}  // namespace frontdesk::status
