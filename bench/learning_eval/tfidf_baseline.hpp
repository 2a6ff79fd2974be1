// SPDX-License-Identifier: Apache-2.0
#pragma once
// The baseline the categoriser is measured against in the same run: TF-IDF over word
// unigrams and bigrams with L2-regularised logistic regression (liblinear, Debian
// liblinear-dev), the textbook text classifier.
#include "learning/text_classifier.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

struct model;

namespace frontdesk::bench {

class TfidfBaseline {
 public:
  explicit TfidfBaseline(const std::vector<learning::Example>& train, double c = 10.0);
  ~TfidfBaseline();
  TfidfBaseline(const TfidfBaseline&) = delete;
  TfidfBaseline& operator=(const TfidfBaseline&) = delete;

  // The most likely label and its probability.
  [[nodiscard]] learning::Prediction predict(const std::string& text) const;

 private:
  struct Feature {
    int index;
    double value;
  };
  [[nodiscard]] std::vector<Feature> features(const std::string& text) const;

  std::map<std::string, int> vocabulary_;  // term → index (1-based, liblinear's)
  std::vector<double> idf_;                // by index
  std::vector<std::string> labels_;        // by class id
  ::model* model_ = nullptr;
};

}  // namespace frontdesk::bench
