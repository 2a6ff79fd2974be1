// SPDX-License-Identifier: Apache-2.0
#include "rules/channel_rules.hpp"

namespace frontdesk::rules {

namespace {

constexpr std::string_view kWebformConfirmationRule = R"yaml(
- name: "webform: confirmation"
  on: ticket.created
  if: { field: ticket.channel, eq: webform }
  then:
    - reply: { template: webform_confirmation }
)yaml";

constexpr std::string_view kWebformConfirmationTemplate = R"yaml(
en:
  subject: "We received your request"
  body: |
    Hi {{customer.name}},

    Thank you for writing to us. Your request is ticket {{ticket.number}}; reply to this
    email to add anything to it.
es:
  subject: "Hemos recibido su solicitud"
  body: |
    Hola {{customer.name}}:

    Gracias por escribirnos. Su solicitud es el ticket {{ticket.number}}; responda a este
    correo para añadir lo que necesite.
tr:
  subject: "Talebinizi aldık"
  body: |
    Merhaba {{customer.name}},

    Bize yazdığınız için teşekkür ederiz. Talebinizin numarası {{ticket.number}}; eklemek
    istediğiniz bir şey olursa bu e-postayı yanıtlayın.
)yaml";

}  // namespace

std::string channel_rules_yaml(const ChannelRules& channel) {
  return channel.webform_confirmation ? std::string(kWebformConfirmationRule) : std::string();
}

std::span<const ChannelTemplate> channel_templates() {
  static constexpr ChannelTemplate kTemplates[] = {{"webform_confirmation", kWebformConfirmationTemplate}};
  return kTemplates;
}

}  // namespace frontdesk::rules
