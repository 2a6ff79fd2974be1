// SPDX-License-Identifier: Apache-2.0
// The docs-as-code files: what an export writes reads back as the same article, whatever its
// title and tags hold; headers written by hand (CRLF, defaults) read as meant; bad ones are
// refused with the file named.
#include "kb/docs_tree.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace frontdesk::kb {
namespace {

namespace fs = std::filesystem;

class DocsTree : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("fd-docs-tree-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                        "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  fs::path dir_;
};

TEST_F(DocsTree, WhatIsWrittenReadsBackTheSame) {
  DocArticle a;
  a.slug = "tricky-one";
  a.category = "getting-started";
  a.status = "draft";
  a.visibility = "internal";
  a.tags = {"yes", "a: colon", "#hash", "[bracket", "çğış"};
  DocTranslation t{"tr", "Başlık: \"tırnak\" ve # işaret ---", "---\nA body that starts like a header.\n\n- item", {}};
  write("tr/tricky-one.md", doc_file_text(a, t));
  DocCategory c;
  c.slug = "getting-started";
  c.position = 3;
  c.names = {{"en", "Getting: started"}, {"tr", "Başlarken"}};
  c.descriptions = {{"en", "'quoted' and\nmultiline"}};
  write("categories.yaml", categories_file_text({c}));

  const auto tree = read_doc_tree(dir_);
  ASSERT_TRUE(tree.errors.empty()) << tree.errors.front();
  ASSERT_EQ(tree.articles.size(), 1u);
  const auto& back = tree.articles.front();
  EXPECT_EQ(back.slug, a.slug);
  EXPECT_EQ(back.category, a.category);
  EXPECT_EQ(back.status, a.status);
  EXPECT_EQ(back.visibility, a.visibility);
  EXPECT_EQ(back.tags, a.tags);
  ASSERT_EQ(back.translations.size(), 1u);
  EXPECT_EQ(back.translations.front().title, t.title);
  EXPECT_EQ(back.translations.front().body, t.body);
  ASSERT_EQ(tree.categories.size(), 1u);
  EXPECT_EQ(tree.categories.front().names, c.names);
  EXPECT_EQ(tree.categories.front().descriptions, c.descriptions);
  EXPECT_EQ(tree.categories.front().position, 3);
}

TEST_F(DocsTree, HandWrittenHeadersReadAsMeant) {
  write("a.md", "---\r\nslug: crlf\r\nlocale: PT_br\r\ntitle: Olá\r\n---\r\nCorpo.\r\n\r\n");
  write("notes.txt", "not an article");
  const auto tree = read_doc_tree(dir_);
  ASSERT_TRUE(tree.errors.empty()) << tree.errors.front();
  ASSERT_EQ(tree.articles.size(), 1u);
  const auto& a = tree.articles.front();
  EXPECT_EQ(a.status, "published");  // the defaults
  EXPECT_EQ(a.visibility, "public");
  EXPECT_TRUE(a.tags.empty());
  EXPECT_FALSE(a.category);
  EXPECT_EQ(a.translations.front().locale, "pt-BR");
  EXPECT_EQ(a.translations.front().body, "Corpo.");
}

TEST_F(DocsTree, BadFilesAreNamedWithWhatIsWrong) {
  write("ok.md", "---\nslug: fine\nlocale: en\ntitle: Fine\n---\nBody\n");
  write("x/tags.md", "---\nslug: tags\nlocale: en\ntitle: T\ntags: just-one\n---\n");
  write("x/list.md", "---\n- a\n- b\n---\n");
  write("x/digits.md", "---\nslug: '12345'\nlocale: en\ntitle: T\n---\n");
  write("categories.yaml", "- slug: child\n  parent: later\n  names: {en: Child}\n- slug: later\n  names: {}\n");
  const auto tree = read_doc_tree(dir_);
  auto has = [&](const std::string& file, const std::string& what) {
    for (const auto& e : tree.errors) {
      if (e.find(file) != std::string::npos && e.find(what) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("tags.md", "tags must be a list"));
  EXPECT_TRUE(has("list.md", "not a YAML mapping"));
  EXPECT_TRUE(has("digits.md", "slug must be"));
  EXPECT_TRUE(has("categories.yaml", "parent 'later' must be listed before it"));
  EXPECT_TRUE(has("categories.yaml", "'later' needs a name"));
  EXPECT_EQ(tree.errors.size(), 5u);
  EXPECT_FALSE(read_doc_tree(dir_ / "missing").errors.empty());
}

}  // namespace
}  // namespace frontdesk::kb
