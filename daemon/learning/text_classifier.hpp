// SPDX-License-Identifier: Apache-2.0
#pragma once
// A text classifier trained here, on this installation's own labelled texts (fastText, Debian
// libfasttext-dev: word and character n-grams, softmax). It only ever answers labels it was
// trained on, which the caller takes from the configured list. Not thread-safe to train;
// predict() is const and may run on any thread.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fasttext {
class FastText;
}

namespace frontdesk::learning {

struct Example {
  std::string text;
  std::string label;
};

struct Prediction {
  std::string label;
  double confidence = 0;  // the softmax probability, 0..1
};

struct TrainOptions {
  // 0: about 500,000 example passes, between 5 and 50 epochs. Small sets need many passes
  // to converge, large ones few, and the time to train stays about the same.
  int epochs = 0;
  double learning_rate = 1.0;
  int dimensions = 50;
  int buckets = 100'000;  // hashed word and character n-grams: dimensions × buckets floats
  int threads = 2;
  int seed = 1;
};

class TextClassifier {
 public:
  ~TextClassifier();
  TextClassifier(TextClassifier&&) noexcept;
  TextClassifier& operator=(TextClassifier&&) noexcept;

  // Trains on `examples` (texts normalised as predict() does); `scratch` is a folder for the
  // training file fastText reads, removed afterwards. Throws std::invalid_argument when there
  // is nothing to learn (no examples, or a single label).
  static TextClassifier train(const std::vector<Example>& examples, const TrainOptions& options,
                              const std::filesystem::path& scratch);

  // Reads a model save() wrote; throws std::runtime_error naming the file when it is not one
  // (truncated, corrupt, another format).
  static TextClassifier load(const std::filesystem::path& file);
  void save(const std::filesystem::path& file) const;

  // The `k` most likely labels, most likely first.
  [[nodiscard]] std::vector<Prediction> predict(std::string_view text, int k = 3) const;
  // The labels the model knows.
  [[nodiscard]] std::vector<std::string> labels() const;

 private:
  explicit TextClassifier(std::unique_ptr<fasttext::FastText> model);
  std::unique_ptr<fasttext::FastText> model_;
};

// The text as the classifier sees it: lower case, punctuation apart from words, one line.
[[nodiscard]] std::string normalise_text(std::string_view text);

}  // namespace frontdesk::learning
