// SPDX-License-Identifier: Apache-2.0
// The categoriser: trained on a handful of labelled texts, it predicts new ones, answers only
// the labels it was trained on, survives a save and a load, and refuses what it cannot use.
#include "learning/text_classifier.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

namespace frontdesk::learning {
namespace {

std::filesystem::path scratch() {
  auto dir = std::filesystem::temp_directory_path() / ("fd-learning-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                                        "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::create_directories(dir);
  return dir;
}

std::vector<Example> tickets() {
  const std::vector<std::string> payment = {"I was charged twice for my order", "refund my payment please",
                                            "my card payment failed", "the invoice amount is wrong",
                                            "why was my credit card charged", "I want my money back"};
  const std::vector<std::string> account = {"I cannot log in to my account", "reset my password please",
                                            "my account is locked", "how do I change my email address",
                                            "the login page says my password is wrong", "delete my account"};
  std::vector<Example> out;
  for (int round = 0; round < 5; ++round) {
    for (const auto& t : payment) out.push_back({t, "payment"});
    for (const auto& t : account) out.push_back({t, "account"});
  }
  return out;
}

TrainOptions quick() {
  TrainOptions o;
  o.epochs = 30;
  o.buckets = 10'000;
  o.dimensions = 16;
  o.threads = 1;  // deterministic
  return o;
}

TEST(TextClassifier, PredictsTheLabelsItLearnedAndNoOther) {
  const auto model = TextClassifier::train(tickets(), quick(), scratch());
  const auto payment = model.predict("I got charged twice, refund please!", 3);
  ASSERT_EQ(payment.size(), 2u) << "two labels known, no more answered";
  EXPECT_EQ(payment[0].label, "payment");
  EXPECT_GT(payment[0].confidence, payment[1].confidence);
  EXPECT_EQ(model.predict("I can't log in, password reset?")[0].label, "account");
  auto labels = model.labels();
  std::sort(labels.begin(), labels.end());
  EXPECT_EQ(labels, (std::vector<std::string>{"account", "payment"}));
  EXPECT_TRUE(model.predict("").empty() || model.predict("")[0].confidence <= 1.0);
}

TEST(TextClassifier, SavedAndLoadedItAnswersTheSame) {
  const auto dir = scratch();
  const auto model = TextClassifier::train(tickets(), quick(), dir);
  model.save(dir / "model.bin");
  const auto loaded = TextClassifier::load(dir / "model.bin");
  const auto a = model.predict("refund my card payment");
  const auto b = loaded.predict("refund my card payment");
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a[0].label, b[0].label);
  EXPECT_DOUBLE_EQ(a[0].confidence, b[0].confidence);
}

TEST(TextClassifier, RefusesACorruptOrTruncatedModel) {
  const auto dir = scratch();
  TextClassifier::train(tickets(), quick(), dir).save(dir / "model.bin");
  const auto size = std::filesystem::file_size(dir / "model.bin");
  std::filesystem::resize_file(dir / "model.bin", size / 2);
  EXPECT_THROW((void)TextClassifier::load(dir / "model.bin"), std::runtime_error);
  std::ofstream(dir / "junk.bin") << "not a model at all";
  EXPECT_THROW((void)TextClassifier::load(dir / "junk.bin"), std::runtime_error);
  EXPECT_THROW((void)TextClassifier::load(dir / "missing.bin"), std::runtime_error);
}

TEST(TextClassifier, RefusesToTrainWithoutTwoLabels) {
  EXPECT_THROW((void)TextClassifier::train({}, quick(), scratch()), std::invalid_argument);
  EXPECT_THROW((void)TextClassifier::train({{"one", "a"}, {"two", "a"}}, quick(), scratch()), std::invalid_argument);
}

TEST(NormaliseText, LowerCasePunctuationApartOneLine) {
  EXPECT_EQ(normalise_text("Refund?  I was CHARGED\ttwice!\n"), "refund ? i was charged twice !");
  EXPECT_EQ(normalise_text("Ödeme başarısız"), "Ödeme başarısız") << "other scripts as written";
  EXPECT_EQ(normalise_text(""), "");
}

}  // namespace
}  // namespace frontdesk::learning
