// Reply and notification templates: rules/templates/<name>.yaml holding
// {en: {subject, body}, es: {...}}, chosen by the customer's language with en as fallback.
#pragma once

#include "rules/action.hpp"
#include "rules/rule_error.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace frontdesk::rules {

struct TemplateText {
  std::string subject;
  std::string body;
};

// Tokens a template may use besides the rule fields (ticket.number, customer.name, ...).
inline constexpr std::array<std::string_view, 2> kExtraTokens{"sla.resolution_due", "sla.first_response_due"};

class TemplateSet final : public TemplateCatalog {
 public:
  // Reads every <dir>/*.yaml; problems are appended to `errors` (the file is then skipped).
  static TemplateSet load(const std::filesystem::path& dir, std::vector<RuleError>& errors);
  // One template from text, for tests and the loader.
  void add(const std::string& name, const std::string& file, const std::string& yaml_text,
           std::vector<RuleError>& errors);

  [[nodiscard]] bool has(std::string_view name) const override;
  [[nodiscard]] std::string names() const override;

  // The text in `language`, else in its primary language (es-MX → es), else en. Tokens are replaced by lookup(token); unknown
  // values render empty. Precondition: has(name).
  [[nodiscard]] TemplateText render(std::string_view name, std::string_view language,
                                    const std::function<std::string(std::string_view)>& lookup) const;

 private:
  std::map<std::string, std::map<std::string, TemplateText>, std::less<>> templates_;
};

// Replaces each {{ token }} in `text`; the tokens were checked when the template loaded.
[[nodiscard]] std::string expand_tokens(std::string_view text,
                                        const std::function<std::string(std::string_view)>& lookup);

}  // namespace frontdesk::rules
