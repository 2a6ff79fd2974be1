// SPDX-License-Identifier: Apache-2.0
#include "test_helpers.hpp"

namespace frontdesk::rules {
namespace {

std::string lookup(std::string_view token) {
  if (token == "customer.name") return "Ana";
  if (token == "ticket.number") return "TKT-1-000001";
  return "";
}

TEST(Templates, PicksTheCustomerLanguageAndFallsBackToEnglish) {
  TemplateSet set;
  std::vector<RuleError> errors;
  set.add("ack", "ack.yaml",
          "en: {subject: 'We got {{ticket.number}}', body: 'Hi {{customer.name}}, due {{sla.resolution_due}}.'}\n"
          "es: {subject: 'Recibido {{ticket.number}}', body: 'Hola {{ customer.name }}'}\n",
          errors);
  ASSERT_TRUE(errors.empty());
  const auto es = set.render("ack", {"es"}, lookup);
  EXPECT_EQ(es.subject, "Recibido TKT-1-000001");
  EXPECT_EQ(es.body, "Hola Ana");
  const auto fr = set.render("ack", {"fr"}, lookup);
  EXPECT_EQ(fr.body, "Hi Ana, due .") << "missing SLA data renders empty";
  EXPECT_EQ(set.render("ack", {"es-MX"}, lookup).body, "Hola Ana") << "a region falls back to its language";
  EXPECT_EQ(set.render("ack", {"fr-CA"}, lookup).subject, "We got TKT-1-000001");
  EXPECT_EQ(set.render("ack", {"fr", "es"}, lookup).body, "Hola Ana") << "the ticket's language after the asked one";
}

TEST(Templates, FallBackOnLanguagesDefaultBeforeEnglish) {
  TemplateSet set("es");
  std::vector<RuleError> errors;
  set.add("ack", "ack.yaml",
          "en: {body: 'Hi {{customer.name}}'}\nes: {body: 'Hola {{customer.name}}'}\n"
          "tr: {body: 'Merhaba {{customer.name}}'}\n",
          errors);
  ASSERT_TRUE(errors.empty());
  EXPECT_EQ(set.render("ack", {"de"}, lookup).body, "Hola Ana");
  EXPECT_EQ(set.render("ack", {""}, lookup).body, "Hola Ana") << "a ticket whose language was never found";
  EXPECT_EQ(set.render("ack", {}, lookup).body, "Hola Ana") << "agents' notifications";
  EXPECT_EQ(set.render("ack", {"tr-TR"}, lookup).body, "Merhaba Ana");
  TemplateSet german("de");
  german.add("ack", "ack.yaml", "en: {body: 'Hi {{customer.name}}'}\n", errors);
  EXPECT_EQ(german.render("ack", {"fr"}, lookup).body, "Hi Ana") << "a default the template lacks: en";
}

TEST(Templates, SharePlaceholderDefaultsWithCannedResponses) {
  TemplateSet set;
  std::vector<RuleError> errors;
  set.add("hi", "hi.yaml", "en: {body: 'Hi {{customer.name | default: \"there\"}}, due {{sla.resolution_due | default: soon}}'}\n",
          errors);
  ASSERT_EQ(errors.size(), 1u);  // an unquoted default is refused at load
  EXPECT_NE(errors[0].text().find("default takes a quoted text, found 'soon'"), std::string::npos) << errors[0].text();
  errors.clear();
  set.add("hi", "hi.yaml", "en: {body: 'Hi {{customer.name | default: \"there\"}}, due {{sla.resolution_due | default: \"soon\"}}'}\n",
          errors);
  ASSERT_TRUE(errors.empty());
  EXPECT_EQ(set.render("hi", {"en"}, lookup).body, "Hi Ana, due soon");
  EXPECT_EQ(set.render("hi", {"en"}, [](std::string_view) { return std::string(); }).body, "Hi there, due soon");
  set.add("open", "open.yaml", "en: {body: 'Hi {{customer.name'}\n", errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].text().find("unclosed '{{'"), std::string::npos) << errors[0].text();
}

TEST(Templates, ErrorsNameFileLineAndColumn) {
  TemplateSet set;
  std::vector<RuleError> errors;
  set.add("bad", "bad.yaml", "en:\n  subject: x\n  body: 'Hi {{customer.nickname}}'\n", errors);
  set.add("nolang", "nolang.yaml", "es: {body: hola}\n", errors);
  set.add("extra", "extra.yaml", "en: {body: hi, footer: bye}\n", errors);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].text().rfind("bad.yaml:3:9: unknown token '{{customer.nickname}}' (valid: ticket.id,", 0), 0u)
      << errors[0].text();
  EXPECT_EQ(errors[1].text(), "nolang.yaml:1:1: template 'nolang' needs an 'en' version (the last fallback)");
  EXPECT_EQ(errors[2].text(), "extra.yaml:1:16: unknown key 'footer' (valid: subject, body)");
  EXPECT_FALSE(set.has("bad"));
}

TEST(Templates, NotificationVariablesAndTheirWhatsAppTemplate) {
  TemplateSet set;
  std::vector<RuleError> errors;
  set.add("order", "order.yaml",
          "whatsapp: {name: order_confirmation, language: en_US, parameters: [order_number, total]}\n"
          "en: {subject: 'Order {{variables.order_number}}', body: 'Hi {{customer.name}}: {{variables.total}} "
          "{{variables.note | default: \"\"}}'}\n"
          "es: {body: 'Pedido {{variables.order_number}} para {{variables.pickup}}'}\n",
          errors);
  ASSERT_TRUE(errors.empty()) << errors[0].text();
  // Every language's variables and the WhatsApp parameters are needed, except those with a default.
  EXPECT_EQ(set.variables("order"), (std::set<std::string>{"order_number", "pickup", "total"}));
  const auto* wa = set.whatsapp("order");
  ASSERT_NE(wa, nullptr);
  EXPECT_EQ(wa->name, "order_confirmation");
  EXPECT_EQ(wa->language, "en_US");
  EXPECT_EQ(wa->parameters, (std::vector<std::string>{"order_number", "total"}));
  const auto es = set.render("order", {"es"}, [](std::string_view token) {
    return token == "variables.order_number" ? std::string("A-1") : std::string("mañana");
  });
  EXPECT_EQ(es.body, "Pedido A-1 para mañana");

  set.add("plain", "plain.yaml", "en: {body: 'Hi {{customer.name}}'}\n", errors);
  ASSERT_TRUE(errors.empty());
  EXPECT_EQ(set.whatsapp("plain"), nullptr);
  EXPECT_TRUE(set.variables("plain").empty());

  set.add("bad", "bad.yaml", "whatsapp: {name: x, params: [a]}\nen: {body: hi}\n", errors);
  set.add("empty", "empty.yaml", "whatsapp: {language: en}\nen: {body: hi}\n", errors);
  set.add("prefix", "prefix.yaml", "en: {body: 'Hi {{variables.}}'}\n", errors);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].text(), "bad.yaml:1:21: unknown key 'params' (valid: name, language, parameters)");
  EXPECT_EQ(errors[1].text(), "empty.yaml:1:11: whatsapp needs the approved template's name");
  EXPECT_EQ(errors[2].text().rfind("prefix.yaml:1:", 0), 0u) << errors[2].text();  // a variable needs a name
  EXPECT_FALSE(set.has("bad"));
  EXPECT_FALSE(set.has("prefix"));
}

}  // namespace
}  // namespace frontdesk::rules
