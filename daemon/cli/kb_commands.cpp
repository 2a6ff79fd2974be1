// SPDX-License-Identifier: Apache-2.0
// frontdesk kb import DIR | kb export DIR: the knowledge base as Markdown files (docs as code).
#include "cli/context.hpp"
#include "kb/docs_sync.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <iostream>
#include <unistd.h>

namespace po = boost::program_options;
namespace json = boost::json;

namespace frontdesk::cli {

namespace {

constexpr std::size_t kProgressFrom = 50;  // articles: shorter imports print no progress line

std::string directory_arg(po::options_description& options, po::positional_options_description& positional) {
  options.add_options()("dir", po::value<std::string>()->required(), "the folder");
  positional.add("dir", 1);
  return "dir";
}

}  // namespace

int kb_import(int argc, char** argv) {
  po::options_description options(
      "Usage: frontdesk kb import DIR [options]\n"
      "Imports the Markdown files below DIR (a YAML header each: slug, locale, title, category,\n"
      "visibility, status, tags) and DIR/categories.yaml, in one transaction: a bad file\n"
      "imports nothing. Unchanged articles are left alone (no new revision).\nOptions");
  options.add_options()("if-empty", "import only into a knowledge base with no article (a first start)");
  po::positional_options_description positional;
  const auto dir = directory_arg(options, positional);
  po::variables_map vm;
  auto ctx = parse_common(argc, argv, options, vm, &positional);
  if (!ctx) return 0;
  const auto tree = kb::read_doc_tree(vm[dir].as<std::string>());
  if (!tree.errors.empty()) {
    for (const auto& e : tree.errors) std::cerr << "frontdesk: " << e << '\n';
    std::cerr << "frontdesk: nothing imported (" << tree.errors.size() << " problem"
              << (tree.errors.size() == 1 ? "" : "s") << ")\n";
    return 1;
  }
  auto db = ctx->connect();
  if (vm.count("if-empty") && !kb::kb_empty(db)) {
    std::cout << "the knowledge base has articles: nothing imported\n";
    return 0;
  }
  const bool show_progress = !ctx->json && tree.articles.size() >= kProgressFrom && isatty(STDERR_FILENO) != 0;
  const auto counts = kb::import_doc_tree(db, tree, [&](std::size_t done, std::size_t total) {
    if (show_progress && (done % 10 == 0 || done == total)) {
      std::cerr << "\rimporting: " << done << '/' << total << " articles" << (done == total ? "\n" : "") << std::flush;
    }
  });
  if (!counts) {
    std::cerr << "frontdesk: " << counts.error().message << "\nfrontdesk: nothing imported\n";
    return 1;
  }
  if (ctx->json) {
    std::cout << json::serialize(json::object{{"created", counts->created},
                                              {"updated", counts->updated},
                                              {"unchanged", counts->unchanged},
                                              {"categoriesCreated", counts->categories_created},
                                              {"categoriesUpdated", counts->categories_updated}})
              << '\n';
  } else {
    std::cout << "imported " << tree.articles.size() << " articles: " << counts->created << " created, "
              << counts->updated << " updated, " << counts->unchanged << " unchanged; categories: "
              << counts->categories_created << " created, " << counts->categories_updated << " updated\n";
  }
  return 0;
}

int kb_export(int argc, char** argv) {
  po::options_description options(
      "Usage: frontdesk kb export DIR [options]\n"
      "Writes every article translation to DIR/<locale>/<slug>.md (YAML header and Markdown\n"
      "body) and the categories to DIR/categories.yaml; files of the same name are replaced.\nOptions");
  po::positional_options_description positional;
  const auto dir = directory_arg(options, positional);
  po::variables_map vm;
  auto ctx = parse_common(argc, argv, options, vm, &positional);
  if (!ctx) return 0;
  auto db = ctx->connect();
  const auto counts = kb::export_doc_tree(db, vm[dir].as<std::string>());
  if (ctx->json) {
    std::cout << json::serialize(json::object{
                     {"articles", counts.articles}, {"files", counts.files}, {"categories", counts.categories}})
              << '\n';
  } else {
    std::cout << "exported " << counts.articles << " articles (" << counts.files << " files) and "
              << counts.categories << " categories to " << vm[dir].as<std::string>() << '\n';
  }
  return 0;
}

}  // namespace frontdesk::cli
