// SPDX-License-Identifier: Apache-2.0
#include "rules/templates.hpp"

#include "core/placeholders.hpp"
#include "rules/fields.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace frontdesk::rules {

namespace {

bool is_variable(std::string_view token) {
  return token.size() > kVariablePrefix.size() && token.starts_with(kVariablePrefix);
}

bool known_token(std::string_view token) {
  if (parse_field(token) || is_variable(token)) return true;
  return std::find(kExtraTokens.begin(), kExtraTokens.end(), token) != kExtraTokens.end();
}

// An error naming the first bad placeholder in `text`, or nothing; the variables it needs
// (those without a default) join `needed`. The syntax is the one canned responses and
// agents' replies use (core/placeholders.hpp), defaults included.
std::optional<std::string> check_tokens(std::string_view text, std::set<std::string>& needed) {
  const auto parsed = core::parse_placeholders(text);
  if (!parsed) return "in the text at " + parsed.error().text();
  for (const auto& piece : parsed->pieces) {
    if (!piece.placeholder) continue;
    const auto& name = piece.placeholder->name;
    if (is_variable(name) && !piece.placeholder->fallback) needed.insert(name.substr(kVariablePrefix.size()));
    if (known_token(name)) continue;
    std::string valid = field_names();
    for (auto extra : kExtraTokens) valid += ", " + std::string(extra);
    return "unknown token '{{" + name + "}}' (valid: " + valid + ", " + std::string(kVariablePrefix) + "<name>)";
  }
  return std::nullopt;
}

// `whatsapp: {name, language, parameters: [variable, ...]}`.
std::optional<WhatsAppTemplate> read_whatsapp(const std::string& file, const YAML::Node& node,
                                              std::vector<RuleError>& errors) {
  if (!node.IsMap()) {
    errors.push_back({Location::of(file, node), "whatsapp needs {name, language, parameters}"});
    return std::nullopt;
  }
  WhatsAppTemplate t;
  t.language = "en";
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& value = kv.second;
    if (key == "name" || key == "language") {
      if (!value.IsScalar() || value.Scalar().empty()) {
        errors.push_back({Location::of(file, value), "whatsapp " + key + " must be text"});
        return std::nullopt;
      }
      (key == "name" ? t.name : t.language) = value.Scalar();
    } else if (key == "parameters") {
      if (!value.IsSequence()) {
        errors.push_back({Location::of(file, value), "whatsapp parameters is a list of variable names"});
        return std::nullopt;
      }
      for (const auto& p : value) {
        if (!p.IsScalar() || p.Scalar().empty()) {
          errors.push_back({Location::of(file, p), "a whatsapp parameter is a variable's name"});
          return std::nullopt;
        }
        t.parameters.push_back(p.Scalar());
      }
    } else {
      errors.push_back({Location::of(file, kv.first), "unknown key '" + key + "' (valid: name, language, parameters)"});
      return std::nullopt;
    }
  }
  if (t.name.empty()) {
    errors.push_back({Location::of(file, node), "whatsapp needs the approved template's name"});
    return std::nullopt;
  }
  return t;
}

}  // namespace

// A value that is empty takes the placeholder's default, else renders empty. Text that does
// not parse (never a loaded template's) is kept as it is.
std::string expand_tokens(std::string_view text, const std::function<std::string(std::string_view)>& lookup) {
  const auto parsed = core::parse_placeholders(text);
  if (!parsed) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (const auto& piece : parsed->pieces) {
    if (!piece.placeholder) {
      out += piece.literal;
      continue;
    }
    const std::string value = lookup(piece.placeholder->name);
    out += value.empty() && piece.placeholder->fallback ? *piece.placeholder->fallback : value;
  }
  return out;
}

void TemplateSet::add(const std::string& name, const std::string& file, const std::string& yaml_text,
                      std::vector<RuleError>& errors) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    errors.push_back({Location::of(file, e.mark), e.msg});
    return;
  }
  if (!root.IsMap()) {
    errors.push_back({Location::of(file, root), "a template is a mapping of languages to {subject, body}"});
    return;
  }
  Entry entry;
  auto& languages = entry.languages;
  const std::size_t before = errors.size();
  for (const auto& kv : root) {
    const std::string lang = kv.first.Scalar();
    const YAML::Node& text = kv.second;
    if (lang == "whatsapp") {
      entry.whatsapp = read_whatsapp(file, text, errors);
      if (entry.whatsapp) entry.variables.insert(entry.whatsapp->parameters.begin(), entry.whatsapp->parameters.end());
      continue;
    }
    if (!text.IsMap()) {
      errors.push_back({Location::of(file, text), "language '" + lang + "' needs {subject, body}"});
      continue;
    }
    TemplateText t;
    const std::size_t errors_before = errors.size();
    for (const auto& part : text) {
      const std::string key = part.first.Scalar();
      if (key != "subject" && key != "body") {
        errors.push_back({Location::of(file, part.first), "unknown key '" + key + "' (valid: subject, body)"});
        continue;
      }
      if (!part.second.IsScalar()) {
        errors.push_back({Location::of(file, part.second), key + " must be text"});
        continue;
      }
      if (const auto bad = check_tokens(part.second.Scalar(), entry.variables)) {
        errors.push_back({Location::of(file, part.second), *bad});
        continue;
      }
      (key == "subject" ? t.subject : t.body) = part.second.Scalar();
    }
    if (t.body.empty() && errors.size() == errors_before) errors.push_back({Location::of(file, text), "language '" + lang + "' needs a body"});
    languages[lang] = std::move(t);
  }
  if (!languages.count(std::string(core::kLastResortLocale))) {
    errors.push_back({Location::of(file, root), "template '" + name + "' needs an '" + std::string(core::kLastResortLocale) +
                                                    "' version (the last fallback)"});
  }
  if (errors.size() == before) templates_[name] = std::move(entry);
}

TemplateSet TemplateSet::load(const std::filesystem::path& dir, std::string default_language,
                              std::vector<RuleError>& errors) {
  TemplateSet set(std::move(default_language));
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return set;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    if (!in) {
      errors.push_back({{path.string(), 0, 0}, "cannot read template file"});
      continue;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    set.add(path.stem().string(), path.string(), buffer.str(), errors);
  }
  return set;
}

bool TemplateSet::has(std::string_view name) const { return templates_.find(name) != templates_.end(); }

const std::set<std::string>& TemplateSet::variables(std::string_view name) const {
  return templates_.find(name)->second.variables;
}

const WhatsAppTemplate* TemplateSet::whatsapp(std::string_view name) const {
  const auto& w = templates_.find(name)->second.whatsapp;
  return w ? &*w : nullptr;
}

std::string TemplateSet::names() const {
  std::string out;
  for (const auto& [name, _] : templates_) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

TemplateText TemplateSet::render(std::string_view name, std::initializer_list<std::string_view> wanted,
                                 const std::function<std::string(std::string_view)>& lookup) const {
  const auto& languages = templates_.find(name)->second.languages;
  auto it = languages.end();
  for (const auto& locale : core::fallback_chain(wanted, default_language_)) {
    it = languages.find(locale);
    if (it != languages.end()) break;
  }
  // The chain ends in en, which every template has (add() refuses one without).
  return {expand_tokens(it->second.subject, lookup), expand_tokens(it->second.body, lookup)};
}

}  // namespace frontdesk::rules
