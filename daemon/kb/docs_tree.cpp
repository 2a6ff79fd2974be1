// SPDX-License-Identifier: Apache-2.0
#include "kb/docs_tree.hpp"

#include "kb/article_input.hpp"
#include "kb/text.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace frontdesk::kb {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxFileBytes = kMaxBodyBytes + 16384;
const std::set<std::string> kHeaderKeys{"slug", "locale", "title", "category", "visibility", "status", "tags"};
const std::set<std::string> kCategoryKeys{"slug", "parent", "position", "names", "descriptions"};

struct Errors {
  std::vector<std::string>& list;
  void add(const fs::path& file, const std::string& what) { list.push_back(file.string() + ": " + what); }
};

std::optional<std::string> read_text(const fs::path& file, Errors& errors) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) {
    errors.add(file, "cannot read: " + ec.message());
    return std::nullopt;
  }
  if (size > kMaxFileBytes) {
    errors.add(file, "larger than " + std::to_string(kMaxFileBytes) + " bytes");
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    errors.add(file, "cannot read");
    return std::nullopt;
  }
  return text.str();
}

std::optional<std::string> scalar(const YAML::Node& node, const std::string& key, const fs::path& file,
                                  Errors& errors) {
  const auto value = node[key];
  if (!value) return std::nullopt;
  if (!value.IsScalar()) {
    errors.add(file, key + " must be a single value");
    return std::nullopt;
  }
  return value.as<std::string>();
}

void check_keys(const YAML::Node& node, const std::set<std::string>& allowed, const fs::path& file,
                Errors& errors) {
  for (const auto& kv : node) {
    const auto key = kv.first.as<std::string>();
    if (!allowed.contains(key)) errors.add(file, "unknown key '" + key + "'");
  }
}

// The YAML header and the body of a translation file, or nullopt after recording why not.
std::optional<std::pair<YAML::Node, std::string>> split(const std::string& text, const fs::path& file,
                                                        Errors& errors) {
  const bool crlf = text.starts_with("---\r\n");
  if (!text.starts_with("---\n") && !crlf) {
    errors.add(file, "does not start with a YAML header (a line '---')");
    return std::nullopt;
  }
  const auto first = text.find('\n') + 1;
  std::size_t end = std::string::npos;
  for (auto pos = first; pos < text.size();) {
    auto nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    auto line = std::string_view(text).substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == "---") {
      end = pos;
      pos = nl + 1;
      try {
        auto header = YAML::Load(text.substr(first, end - first));
        if (!header.IsMap()) {
          errors.add(file, "the header is not a YAML mapping");
          return std::nullopt;
        }
        return std::pair{header, pos < text.size() ? text.substr(pos) : std::string()};
      } catch (const YAML::Exception& e) {
        errors.add(file, "line " + std::to_string(e.mark.line + 2) + ": " + e.msg);
        return std::nullopt;
      }
    }
    pos = nl + 1;
  }
  errors.add(file, "the YAML header has no closing line '---'");
  return std::nullopt;
}

std::vector<std::string> tags_of(const YAML::Node& header, const fs::path& file, Errors& errors) {
  std::vector<std::string> tags;
  const auto node = header["tags"];
  if (!node || node.IsNull()) return tags;
  if (!node.IsSequence()) {
    errors.add(file, "tags must be a list");
    return tags;
  }
  for (const auto& t : node) {
    if (!t.IsScalar() || t.as<std::string>().empty() || t.as<std::string>().size() > kMaxTagBytes) {
      errors.add(file, "a tag must be a word of at most " + std::to_string(kMaxTagBytes) + " bytes");
      continue;
    }
    tags.push_back(t.as<std::string>());
  }
  if (tags.size() > kMaxTags) errors.add(file, "more than " + std::to_string(kMaxTags) + " tags");
  return tags;
}

std::optional<std::pair<DocArticle, DocTranslation>> read_translation(const fs::path& file, Errors& errors) {
  const auto text = read_text(file, errors);
  if (!text) return std::nullopt;
  auto parts = split(*text, file, errors);
  if (!parts) return std::nullopt;
  const auto& [header, body] = *parts;
  const auto before = errors.list.size();
  check_keys(header, kHeaderKeys, file, errors);
  DocArticle article;
  DocTranslation tr;
  tr.file = file;
  tr.body = trim_body(body);
  const auto slug = scalar(header, "slug", file, errors);
  if (!slug || !valid_slug(*slug)) {
    errors.add(file, "slug must be lower-case letters, digits and single dashes (not only digits)");
  } else {
    article.slug = *slug;
  }
  const auto locale = scalar(header, "locale", file, errors);
  const auto normal = locale ? normalize_locale(*locale) : std::nullopt;
  if (!normal) errors.add(file, "locale must be a language tag such as en or pt-BR");
  else tr.locale = *normal;
  const auto title = scalar(header, "title", file, errors);
  if (!title || title->empty()) errors.add(file, "title is required");
  else if (title->size() > kMaxTitleBytes) errors.add(file, "title is longer than " + std::to_string(kMaxTitleBytes) + " bytes");
  else tr.title = *title;
  if (tr.body.size() > kMaxBodyBytes) errors.add(file, "body is longer than " + std::to_string(kMaxBodyBytes) + " bytes");
  article.category = scalar(header, "category", file, errors);
  if (article.category && !valid_slug(*article.category)) errors.add(file, "category must be a category slug");
  article.status = scalar(header, "status", file, errors).value_or("published");
  if (article.status != "draft" && article.status != "published" && article.status != "archived") {
    errors.add(file, "status must be draft, published or archived");
  }
  article.visibility = scalar(header, "visibility", file, errors).value_or("public");
  if (article.visibility != "public" && article.visibility != "internal") {
    errors.add(file, "visibility must be public or internal");
  }
  article.tags = tags_of(header, file, errors);
  if (errors.list.size() != before) return std::nullopt;
  return std::pair{std::move(article), std::move(tr)};
}

std::map<std::string, std::string> locale_map(const YAML::Node& node, const std::string& key, const fs::path& file,
                                              Errors& errors) {
  std::map<std::string, std::string> out;
  if (!node || node.IsNull()) return out;
  if (!node.IsMap()) {
    errors.add(file, key + " must map locales to text");
    return out;
  }
  for (const auto& kv : node) {
    const auto locale = normalize_locale(kv.first.as<std::string>());
    if (!locale || !kv.second.IsScalar()) {
      errors.add(file, key + ": '" + kv.first.as<std::string>() + "' is not a locale with a text");
      continue;
    }
    out[*locale] = kv.second.as<std::string>();
  }
  return out;
}

std::vector<DocCategory> read_categories(const fs::path& file, Errors& errors) {
  std::vector<DocCategory> out;
  const auto text = read_text(file, errors);
  if (!text) return out;
  YAML::Node root;
  try {
    root = YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    errors.add(file, "line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
    return out;
  }
  if (root.IsNull()) return out;
  if (!root.IsSequence()) {
    errors.add(file, "must be a list of categories");
    return out;
  }
  std::set<std::string> seen;
  for (const auto& node : root) {
    if (!node.IsMap()) {
      errors.add(file, "each category must be a mapping");
      continue;
    }
    check_keys(node, kCategoryKeys, file, errors);
    DocCategory c;
    c.slug = scalar(node, "slug", file, errors).value_or("");
    if (!valid_slug(c.slug)) {
      errors.add(file, "category slug '" + c.slug + "' is not a slug");
      continue;
    }
    if (!seen.insert(c.slug).second) errors.add(file, "category '" + c.slug + "' is listed twice");
    c.parent = scalar(node, "parent", file, errors);
    if (c.parent && (!seen.contains(*c.parent) || *c.parent == c.slug)) {
      errors.add(file, "category '" + c.slug + "': parent '" + *c.parent + "' must be listed before it");
    }
    try {
      if (node["position"]) c.position = node["position"].as<std::int32_t>();
    } catch (const YAML::Exception&) {
      errors.add(file, "category '" + c.slug + "': position must be a whole number");
    }
    c.names = locale_map(node["names"], "names", file, errors);
    c.descriptions = locale_map(node["descriptions"], "descriptions", file, errors);
    if (c.names.empty()) errors.add(file, "category '" + c.slug + "' needs a name in at least one locale");
    for (const auto& [locale, _] : c.descriptions) {
      if (!c.names.contains(locale)) errors.add(file, "category '" + c.slug + "': a description in " + locale + " without a name");
    }
    out.push_back(std::move(c));
  }
  return out;
}

// Adds a translation to its article, checking that the article's fields agree.
void merge(std::map<std::string, DocArticle>& articles, DocArticle article, DocTranslation tr, Errors& errors) {
  auto [it, inserted] = articles.try_emplace(article.slug, article);
  auto& a = it->second;
  if (!inserted) {
    for (const auto& other : a.translations) {
      if (other.locale == tr.locale) {
        errors.add(tr.file, "a second " + tr.locale + " translation of '" + a.slug + "' (the first is " +
                                other.file.string() + ")");
        return;
      }
    }
    const auto& first = a.translations.front().file;
    if (a.category != article.category || a.status != article.status || a.visibility != article.visibility ||
        a.tags != article.tags) {
      errors.add(tr.file, "category, status, visibility and tags must be the same in every translation of '" +
                              a.slug + "' (see " + first.string() + ")");
      return;
    }
  }
  a.translations.push_back(std::move(tr));
}

}  // namespace

std::string trim_body(std::string body) {
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.pop_back();
  return body;
}

DocTree read_doc_tree(const fs::path& dir) {
  DocTree tree;
  Errors errors{tree.errors};
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    errors.add(dir, "not a directory");
    return tree;
  }
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".md") files.push_back(it->path());
  }
  if (ec) errors.add(dir, "cannot list: " + ec.message());
  std::sort(files.begin(), files.end());
  if (fs::exists(dir / "categories.yaml")) tree.categories = read_categories(dir / "categories.yaml", errors);
  std::map<std::string, DocArticle> articles;
  for (const auto& file : files) {
    if (auto read = read_translation(file, errors)) merge(articles, std::move(read->first), std::move(read->second), errors);
  }
  for (auto& [slug, article] : articles) {
    std::sort(article.translations.begin(), article.translations.end(),
              [](const auto& a, const auto& b) { return a.locale < b.locale; });
    tree.articles.push_back(std::move(article));
  }
  return tree;
}

std::string doc_file_text(const DocArticle& article, const DocTranslation& translation) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "slug" << YAML::Value << article.slug;
  out << YAML::Key << "locale" << YAML::Value << translation.locale;
  out << YAML::Key << "title" << YAML::Value << translation.title;
  if (article.category) out << YAML::Key << "category" << YAML::Value << *article.category;
  out << YAML::Key << "visibility" << YAML::Value << article.visibility;
  out << YAML::Key << "status" << YAML::Value << article.status;
  out << YAML::Key << "tags" << YAML::Value << YAML::Flow << article.tags;
  out << YAML::EndMap;
  return "---\n" + std::string(out.c_str()) + "\n---\n" + translation.body + "\n";
}

std::string categories_file_text(const std::vector<DocCategory>& categories) {
  YAML::Emitter out;
  out << YAML::BeginSeq;
  for (const auto& c : categories) {
    out << YAML::BeginMap << YAML::Key << "slug" << YAML::Value << c.slug;
    if (c.parent) out << YAML::Key << "parent" << YAML::Value << *c.parent;
    out << YAML::Key << "position" << YAML::Value << c.position;
    out << YAML::Key << "names" << YAML::Value << c.names;
    if (!c.descriptions.empty()) out << YAML::Key << "descriptions" << YAML::Value << c.descriptions;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  return std::string(out.c_str()) + "\n";
}

}  // namespace frontdesk::kb
