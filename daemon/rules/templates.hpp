// SPDX-License-Identifier: Apache-2.0
// Reply and notification templates: rules/templates/<name>.yaml holding
// {en: {subject, body}, es: {...}}, chosen along the one fallback chain (core/locale.hpp):
// the languages asked for (the ticket's, the customer's), languages.default, then en.
#pragma once

#include "core/locale.hpp"
#include "rules/action.hpp"
#include "rules/rule_error.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace frontdesk::rules {

struct TemplateText {
  std::string subject;
  std::string body;
};

// A template's approved WhatsApp counterpart, sent outside the 24-hour window: its name and
// language at Meta, and the variables that fill its body parameters {{1}}, {{2}}, ... in order.
struct WhatsAppTemplate {
  std::string name;
  std::string language;
  std::vector<std::string> parameters;
};

// Tokens a template may use besides the rule fields (ticket.number, customer.name, ...).
inline constexpr std::array<std::string_view, 2> kExtraTokens{"sla.resolution_due", "sla.first_response_due"};
// Tokens under this prefix are the caller's variables (a proactive notification's
// `variables`): {{variables.order_number}}.
inline constexpr std::string_view kVariablePrefix = "variables.";

class TemplateSet final : public TemplateCatalog {
 public:
  // `default_language`: languages.default, where the chain goes before en.
  explicit TemplateSet(std::string default_language = std::string(core::kLastResortLocale))
      : default_language_(std::move(default_language)) {}

  // Reads every <dir>/*.yaml; problems are appended to `errors` (the file is then skipped).
  static TemplateSet load(const std::filesystem::path& dir, std::string default_language,
                          std::vector<RuleError>& errors);
  // One template from text, for tests and the loader.
  void add(const std::string& name, const std::string& file, const std::string& yaml_text,
           std::vector<RuleError>& errors);

  [[nodiscard]] bool has(std::string_view name) const override;
  [[nodiscard]] std::string names() const override;
  // The variables (without the prefix) a template needs in any language or for WhatsApp:
  // those of its placeholders that have no default. Precondition: has(name).
  [[nodiscard]] const std::set<std::string>& variables(std::string_view name) const;
  // Its `whatsapp: {name, language, parameters}`, or nullptr. Precondition: has(name).
  [[nodiscard]] const WhatsAppTemplate* whatsapp(std::string_view name) const;

  // The text in the first language of core::fallback_chain(wanted, languages.default) the
  // template has (es-MX → es → the default → en; every template has en). Tokens are replaced
  // by lookup(token); unknown values render empty. Precondition: has(name).
  [[nodiscard]] TemplateText render(std::string_view name, std::initializer_list<std::string_view> wanted,
                                    const std::function<std::string(std::string_view)>& lookup) const;

 private:
  struct Entry {
    std::map<std::string, TemplateText> languages;
    std::set<std::string> variables;
    std::optional<WhatsAppTemplate> whatsapp;
  };
  std::map<std::string, Entry, std::less<>> templates_;
  std::string default_language_;
};

// Replaces each {{ token }} in `text`; the tokens were checked when the template loaded.
[[nodiscard]] std::string expand_tokens(std::string_view text,
                                        const std::function<std::string(std::string_view)>& lookup);

}  // namespace frontdesk::rules
