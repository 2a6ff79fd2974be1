// SPDX-License-Identifier: Apache-2.0
#pragma once
// Docs as code: a folder of Markdown files, one per article translation, each with a YAML
// header, and an optional categories.yaml beside them.
//
//   ---
//   slug: contact-email          # the article (files with the same slug are its translations)
//   locale: en
//   title: Contacting support by email
//   category: contacting-support # a category slug (categories.yaml or already in the base)
//   visibility: public           # public | internal (default public)
//   status: published            # draft | published | archived (default published)
//   tags: [email, contact]
//   ---
//   Markdown body
//
// categories.yaml: a list of {slug, parent (a slug listed before it), position,
// names: {locale: name}, descriptions: {locale: text}}.
//
// Reading checks everything a save would refuse (and what only a file can get wrong: a
// missing header, an unknown key, two files for one translation, translations of one article
// that disagree on its status) and reports every problem as "path: what", so an import can
// refuse a bad tree before it writes anything.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace frontdesk::kb {

struct DocTranslation {
  std::string locale;
  std::string title;
  std::string body;  // without trailing newlines
  std::filesystem::path file;
};

struct DocArticle {
  std::string slug;
  std::optional<std::string> category;  // a category slug
  std::string status = "published";
  std::string visibility = "public";
  std::vector<std::string> tags;
  std::vector<DocTranslation> translations;  // sorted by locale
};

struct DocCategory {
  std::string slug;
  std::optional<std::string> parent;
  std::int32_t position = 0;
  std::map<std::string, std::string> names;         // locale -> name
  std::map<std::string, std::string> descriptions;  // locale -> description
};

struct DocTree {
  std::vector<DocCategory> categories;  // in file order (parents first)
  std::vector<DocArticle> articles;     // sorted by slug
  std::vector<std::string> errors;      // "path: what"; the tree is unusable unless empty
};

// Reads every *.md below `dir` (any layout) and `dir`/categories.yaml.
DocTree read_doc_tree(const std::filesystem::path& dir);

// A translation file's text: the YAML header and the body.
std::string doc_file_text(const DocArticle& article, const DocTranslation& translation);

// categories.yaml's text.
std::string categories_file_text(const std::vector<DocCategory>& categories);

// A Markdown body as the tree keeps it: without trailing newlines.
std::string trim_body(std::string body);

}  // namespace frontdesk::kb
