// SPDX-License-Identifier: Apache-2.0
#include "tfidf_baseline.hpp"

#include <linear.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <stdexcept>

namespace frontdesk::bench {

namespace {

std::vector<std::string> terms(const std::string& text) {
  std::istringstream in(learning::normalise_text(text));
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  std::vector<std::string> out = words;
  for (std::size_t i = 1; i < words.size(); ++i) out.push_back(words[i - 1] + ' ' + words[i]);
  return out;
}

void quiet(const char*) {}

}  // namespace

TfidfBaseline::TfidfBaseline(const std::vector<learning::Example>& train, double c) {
  std::map<std::string, int> document_frequency;
  std::map<std::string, int> label_ids;
  for (const auto& e : train) {
    std::set<std::string> seen;
    for (auto& t : terms(e.text)) seen.insert(std::move(t));
    for (const auto& t : seen) ++document_frequency[t];
    if (label_ids.emplace(e.label, static_cast<int>(label_ids.size())).second) labels_.push_back(e.label);
  }
  idf_.push_back(0);
  for (const auto& [term, df] : document_frequency) {
    vocabulary_[term] = static_cast<int>(idf_.size());
    idf_.push_back(std::log((1.0 + static_cast<double>(train.size())) / (1.0 + df)) + 1.0);
  }
  std::vector<std::vector<feature_node>> rows;
  std::vector<double> y;
  for (const auto& e : train) {
    std::vector<feature_node> row;
    for (const auto& f : features(e.text)) row.push_back({f.index, f.value});
    row.push_back({-1, 0});
    rows.push_back(std::move(row));
    y.push_back(label_ids.at(e.label));
  }
  std::vector<feature_node*> x;
  for (auto& r : rows) x.push_back(r.data());
  problem prob{static_cast<int>(rows.size()), static_cast<int>(idf_.size()), y.data(), x.data(), -1};
  parameter param{};
  param.solver_type = L2R_LR;
  param.eps = 0.01;
  param.C = c;
  set_print_string_function(quiet);
  if (const char* error = check_parameter(&prob, &param)) throw std::invalid_argument(error);
  model_ = ::train(&prob, &param);
}

TfidfBaseline::~TfidfBaseline() { free_and_destroy_model(&model_); }

std::vector<TfidfBaseline::Feature> TfidfBaseline::features(const std::string& text) const {
  std::map<int, double> counts;
  for (const auto& t : terms(text)) {
    if (const auto it = vocabulary_.find(t); it != vocabulary_.end()) counts[it->second] += 1;
  }
  std::vector<Feature> out;
  double norm = 0;
  for (const auto& [index, tf] : counts) {
    out.push_back({index, tf * idf_[static_cast<std::size_t>(index)]});
    norm += out.back().value * out.back().value;
  }
  norm = std::sqrt(norm);
  for (auto& f : out) f.value /= norm > 0 ? norm : 1;
  return out;
}

learning::Prediction TfidfBaseline::predict(const std::string& text) const {
  std::vector<feature_node> row;
  for (const auto& f : features(text)) row.push_back({f.index, f.value});
  row.push_back({-1, 0});
  std::vector<double> probabilities(labels_.size());
  const auto label = static_cast<int>(predict_probability(model_, row.data(), probabilities.data()));
  // predict_probability orders the probabilities by the model's own label order.
  std::vector<int> order(labels_.size());
  get_labels(model_, order.data());
  double p = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (order[i] == label) p = probabilities[i];
  }
  return {labels_[static_cast<std::size_t>(label)], p};
}

}  // namespace frontdesk::bench
