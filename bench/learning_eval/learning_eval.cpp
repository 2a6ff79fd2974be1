// SPDX-License-Identifier: Apache-2.0
// bench/learning_eval: the categoriser (learning::TextClassifier, fastText) on data no one
// here wrote, beside a TF-IDF + logistic regression baseline (liblinear) trained and tested in
// the same run (issue 20):
//   - Banking77: train → test accuracy and macro-F1; the auto-apply threshold chosen on a
//     held-out tenth of train for ≥ 95% precision, and the precision and coverage it gives on
//     test;
//   - CLINC150: the threshold chosen on the in-scope validation split; the share of
//     out-of-scope test queries refused (below it) and the in-scope precision above it;
//   - speed: training on 100,000 texts, and one prediction.
// Prints a Markdown table of medians over --runs runs (seeds 1..runs).
// Usage: learning_eval [--datasets DIR] [--runs N]
#include "learning/text_classifier.hpp"
#include "learning/threshold.hpp"
#include "tfidf_baseline.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using frontdesk::learning::Example;
using frontdesk::learning::Prediction;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;
namespace learning = frontdesk::learning;

namespace {

// text,category with RFC 4180 quoting; the header line is skipped.
std::vector<Example> read_csv(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string data = buffer.str();
  std::vector<Example> out;
  std::vector<std::string> fields(1);
  bool quoted = false;
  bool header = true;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    if (quoted) {
      if (c == '"' && i + 1 < data.size() && data[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') ++i;
      if (!header && fields.size() == 2) out.push_back({fields[0], fields[1]});
      header = false;
      fields.assign(1, {});
    } else {
      fields.back() += c;
    }
  }
  if (!header && fields.size() == 2 && !fields[1].empty()) out.push_back({fields[0], fields[1]});
  return out;
}

std::map<std::string, std::vector<Example>> read_clinc(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  const auto doc = boost::json::parse(buffer.str()).as_object();
  std::map<std::string, std::vector<Example>> out;
  for (const auto& [key, value] : doc) {
    for (const auto& pair : value.as_array()) {
      const auto& p = pair.as_array();
      out[std::string(key)].push_back({std::string(p[0].as_string()), std::string(p[1].as_string())});
    }
  }
  return out;
}

struct Split {
  std::vector<Example> fit, held_out;
};

// A held-out tenth of each label, never trained on: where the threshold is chosen.
Split hold_out(const std::vector<Example>& train, unsigned seed) {
  std::map<std::string, std::vector<const Example*>> by_label;
  for (const auto& e : train) by_label[e.label].push_back(&e);
  std::mt19937 rng(seed);
  Split s;
  for (auto& [label, items] : by_label) {
    std::shuffle(items.begin(), items.end(), rng);
    const std::size_t n = std::max<std::size_t>(1, items.size() / 10);
    for (std::size_t i = 0; i < items.size(); ++i) (i < n ? s.held_out : s.fit).push_back(*items[i]);
  }
  return s;
}

using Predict = std::function<Prediction(const std::string&)>;

struct Scores {
  double accuracy = 0, macro_f1 = 0;
};

Scores score(const std::vector<Example>& test, const Predict& predict) {
  std::map<std::string, int> tp, fp, fn;
  std::set<std::string> labels;
  int correct = 0;
  for (const auto& e : test) {
    const auto p = predict(e.text);
    labels.insert(e.label);
    if (p.label == e.label) {
      ++correct;
      ++tp[e.label];
    } else {
      ++fp[p.label];
      ++fn[e.label];
    }
  }
  double f1_sum = 0;
  for (const auto& l : labels) {
    const double denominator = 2.0 * tp[l] + fp[l] + fn[l];
    f1_sum += denominator > 0 ? 2.0 * tp[l] / denominator : 0;
  }
  return {static_cast<double>(correct) / static_cast<double>(test.size()), f1_sum / static_cast<double>(labels.size())};
}

learning::ThresholdChoice threshold_on(const std::vector<Example>& held_out, const Predict& predict) {
  std::vector<learning::Scored> scored;
  for (const auto& e : held_out) {
    const auto p = predict(e.text);
    scored.push_back({p.confidence, p.label == e.label});
  }
  return learning::choose_threshold(std::move(scored));
}

struct AtThreshold {
  double precision = 0, coverage = 0;
};

AtThreshold at_threshold(const std::vector<Example>& test, const Predict& predict, const learning::ThresholdChoice& t) {
  if (!t.reached) return {};
  int applied = 0, correct = 0;
  for (const auto& e : test) {
    const auto p = predict(e.text);
    if (p.confidence < t.threshold) continue;
    ++applied;
    correct += p.label == e.label ? 1 : 0;
  }
  return {applied > 0 ? static_cast<double>(correct) / applied : 0, static_cast<double>(applied) / static_cast<double>(test.size())};
}

double refused(const std::vector<Example>& out_of_scope, const Predict& predict, const learning::ThresholdChoice& t) {
  int below = 0;
  for (const auto& e : out_of_scope) below += (!t.reached || predict(e.text).confidence < t.threshold) ? 1 : 0;
  return static_cast<double>(below) / static_cast<double>(out_of_scope.size());
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

int main(int argc, char** argv) {
  fs::path datasets = "../shared/datasets";
  int runs = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    if (key == "--datasets") datasets = argv[i + 1];
    else if (key == "--runs") runs = std::max(1, std::atoi(argv[i + 1]));
  }
  const auto scratch = fs::temp_directory_path() / "frontdesk-learning-eval";
  const auto banking_train = read_csv(datasets / "banking77" / "train.csv");
  const auto banking_test = read_csv(datasets / "banking77" / "test.csv");
  auto clinc = read_clinc(datasets / "clinc150" / "data_full.json");
  std::fprintf(stderr, "banking77: %zu train, %zu test; clinc150: %zu train, %zu val, %zu test, %zu out-of-scope test\n",
               banking_train.size(), banking_test.size(), clinc["train"].size(), clinc["val"].size(),
               clinc["test"].size(), clinc["oos_test"].size());

  std::map<std::string, std::vector<double>> m;  // figure → one value per run
  for (int run = 1; run <= runs; ++run) {
    learning::TrainOptions options;
    options.seed = run;
    // Banking77.
    const auto split = hold_out(banking_train, static_cast<unsigned>(run));
    auto start = Clock::now();
    const auto ft = learning::TextClassifier::train(split.fit, options, scratch);
    m["banking train s (fastText)"].push_back(seconds_since(start));
    start = Clock::now();
    const frontdesk::bench::TfidfBaseline lr(split.fit);
    m["banking train s (baseline)"].push_back(seconds_since(start));
    const Predict ft_predict = [&ft](const std::string& t) {
      const auto p = ft.predict(t, 1);
      return p.empty() ? Prediction{} : p.front();
    };
    const Predict lr_predict = [&lr](const std::string& t) { return lr.predict(t); };
    for (const auto& [name, predict] : {std::pair{"fastText", ft_predict}, std::pair{"baseline", lr_predict}}) {
      const auto s = score(banking_test, predict);
      m[std::string("banking accuracy (") + name + ")"].push_back(s.accuracy);
      m[std::string("banking macro-F1 (") + name + ")"].push_back(s.macro_f1);
      const auto t = threshold_on(split.held_out, predict);
      const auto a = at_threshold(banking_test, predict, t);
      m[std::string("banking threshold (") + name + ")"].push_back(t.reached ? t.threshold : 1.0);
      m[std::string("banking precision at threshold (") + name + ")"].push_back(a.precision);
      m[std::string("banking coverage at threshold (") + name + ")"].push_back(a.coverage);
    }
    // One prediction.
    start = Clock::now();
    for (const auto& e : banking_test) (void)ft.predict(e.text, 3);
    m["one prediction us (fastText)"].push_back(seconds_since(start) * 1e6 / static_cast<double>(banking_test.size()));

    // CLINC150: abstention on out-of-scope queries.
    const auto cft = learning::TextClassifier::train(clinc["train"], options, scratch);
    const frontdesk::bench::TfidfBaseline clr(clinc["train"]);
    const Predict cft_predict = [&cft](const std::string& t) {
      const auto p = cft.predict(t, 1);
      return p.empty() ? Prediction{} : p.front();
    };
    const Predict clr_predict = [&clr](const std::string& t) { return clr.predict(t); };
    for (const auto& [name, predict] : {std::pair{"fastText", cft_predict}, std::pair{"baseline", clr_predict}}) {
      const auto t = threshold_on(clinc["val"], predict);
      const auto a = at_threshold(clinc["test"], predict, t);
      m[std::string("clinc in-scope precision at threshold (") + name + ")"].push_back(a.precision);
      m[std::string("clinc in-scope coverage at threshold (") + name + ")"].push_back(a.coverage);
      m[std::string("clinc out-of-scope refused (") + name + ")"].push_back(refused(clinc["oos_test"], predict, t));
    }

    // Training on 100,000 texts: Banking77's train, each text again with one word dropped.
    std::vector<Example> many;
    std::mt19937 rng(static_cast<unsigned>(run));
    while (many.size() < 100'000) {
      for (const auto& e : banking_train) {
        std::istringstream in(e.text);
        std::vector<std::string> words;
        for (std::string w; in >> w;) words.push_back(w);
        if (words.size() > 2) words.erase(words.begin() + static_cast<long>(rng() % words.size()));
        std::string text;
        for (const auto& w : words) text += w + ' ';
        many.push_back({text, e.label});
        if (many.size() == 100'000) break;
      }
    }
    start = Clock::now();
    (void)learning::TextClassifier::train(many, options, scratch);
    m["train 100,000 texts s (fastText)"].push_back(seconds_since(start));
    std::fprintf(stderr, "run %d done\n", run);
  }
  std::printf("| figure | median of %d runs |\n|---|---|\n", runs);
  for (const auto& [name, values] : m) std::printf("| %s | %.4f |\n", name.c_str(), median(values));
  return 0;
}
