// SPDX-License-Identifier: Apache-2.0
#pragma once
// Docs as code against the database: `frontdesk kb import DIR` and `frontdesk kb export DIR`
// (the tree's format: kb/docs_tree.hpp).
//
// An import writes through the same saves as the API (validation, revisions) in one
// transaction: any refusal rolls all of it back. An article or category whose fields already
// say what the tree says is left alone, so importing an unchanged tree changes nothing and
// records no revision. What the tree does not list (articles, their other translations) is
// kept. An export writes every article and category, so importing it back changes nothing.
#include "api/problem.hpp"
#include "kb/docs_tree.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::kb {

struct ImportCounts {
  std::size_t created = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
  std::size_t categories_created = 0;
  std::size_t categories_updated = 0;
};

// Imports a tree read without errors. `progress` is called after each article (done, total).
// A refusal names the file it came from.
api::Result<ImportCounts> import_doc_tree(storage::Connection& db, const DocTree& tree,
                                          const std::function<void(std::size_t, std::size_t)>& progress);

struct ExportCounts {
  std::size_t articles = 0;
  std::size_t files = 0;
  std::size_t categories = 0;
};

// Writes `dir`/<locale>/<slug>.md for every translation, and `dir`/categories.yaml.
ExportCounts export_doc_tree(storage::Connection& db, const std::filesystem::path& dir);

// True when the knowledge base holds no article (a first start).
bool kb_empty(storage::Connection& db);

}  // namespace frontdesk::kb
