// SPDX-License-Identifier: Apache-2.0
// Versioned models under state_dir/models: publish, current, rollback, and a corrupt file
// refused at load while the version in use stays.
#include "learning/model_store.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <unistd.h>

namespace frontdesk::learning {
namespace {

namespace fs = std::filesystem;

class ModelStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("fd-models-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    std::vector<Example> examples;
    for (int i = 0; i < 10; ++i) {
      examples.push_back({"refund my payment " + std::to_string(i), "payment"});
      examples.push_back({"reset my password " + std::to_string(i), "account"});
    }
    TrainOptions options;
    options.epochs = 5;
    options.buckets = 1000;
    options.dimensions = 8;
    options.threads = 1;
    model_.emplace(TextClassifier::train(examples, options, root_ / "scratch"));
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path root_;
  std::optional<TextClassifier> model_;
};

TEST_F(ModelStoreTest, PublishedVersionsAreNumberedAndTheNewestIsCurrent) {
  ModelStore store(root_ / "models");
  EXPECT_EQ(store.current("category"), 0);
  EXPECT_THROW((void)store.load_current("category"), std::runtime_error);
  EXPECT_EQ(store.publish("category", *model_, {{"examples", 20}}), 1);
  EXPECT_EQ(store.publish("category", *model_, {{"examples", 21}}), 2);
  EXPECT_EQ(store.current("category"), 2);
  EXPECT_EQ(store.current("priority"), 0) << "each field its own";
  const auto versions = store.versions("category");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].version, 1);
  EXPECT_FALSE(versions[0].current);
  EXPECT_TRUE(versions[1].current);
  EXPECT_EQ(versions[1].info.at("examples").as_int64(), 21);
  EXPECT_EQ(versions[1].info.at("version").as_int64(), 2);
  EXPECT_EQ(store.load_current("category").predict("refund please")[0].label, "payment");
}

TEST_F(ModelStoreTest, RollbackGoesToThePreviousVersionAndNoFurther) {
  ModelStore store(root_ / "models");
  store.publish("team", *model_, {});
  store.publish("team", *model_, {});
  EXPECT_EQ(store.rollback("team"), 1);
  EXPECT_EQ(store.current("team"), 1);
  EXPECT_THROW(store.rollback("team"), std::runtime_error);
  EXPECT_EQ(store.current("team"), 1) << "a refused rollback changes nothing";
  EXPECT_EQ(store.publish("team", *model_, {}), 3) << "numbers are never reused";
  EXPECT_THROW(ModelStore(root_ / "none").rollback("team"), std::runtime_error);
}

TEST_F(ModelStoreTest, ACorruptModelIsRefusedAtLoad) {
  ModelStore store(root_ / "models");
  store.publish("category", *model_, {});
  std::ofstream(root_ / "models" / "category" / "1" / "model.bin", std::ios::trunc) << "garbage";
  EXPECT_THROW((void)store.load_current("category"), std::runtime_error);
  fs::create_directories(root_ / "models" / "category" / "notes");  // not a version
  EXPECT_EQ(store.versions("category").size(), 1u);
}

}  // namespace
}  // namespace frontdesk::learning
