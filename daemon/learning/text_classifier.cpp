// SPDX-License-Identifier: Apache-2.0
#include "learning/text_classifier.hpp"

#include <fasttext/args.h>
#include <fasttext/dictionary.h>
#include <fasttext/fasttext.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <unistd.h>

namespace frontdesk::learning {

namespace {

constexpr std::string_view kLabelPrefix = "__label__";
// The signature fastText's saveModel writes first (fasttext.cc: FASTTEXT_FILEFORMAT_MAGIC_INT32,
// FASTTEXT_VERSION); loadModel(std::istream&) does not read it, so load() does.
constexpr std::int32_t kMagic = 793712314;
constexpr std::int32_t kVersion = 12;

// A training file fastText reads and nobody else sees; removed when training ends.
class ScratchFile {
 public:
  explicit ScratchFile(const std::filesystem::path& dir)
      : path_(dir / ("train-" + std::to_string(::getpid()) + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) +
                     ".txt")) {}
  ~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace

std::string normalise_text(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      out += c;  // part of a letter of another script: kept as written
    } else if (std::isalnum(u) != 0) {
      out += static_cast<char>(std::tolower(u));
    } else if (std::isspace(u) != 0) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      // Punctuation is a word of its own ("refund?" → "refund ?"): a question mark says something.
      if (!out.empty() && out.back() != ' ') out += ' ';
      out += c;
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

TextClassifier::TextClassifier(std::unique_ptr<fasttext::FastText> model) : model_(std::move(model)) {}
TextClassifier::~TextClassifier() = default;
TextClassifier::TextClassifier(TextClassifier&&) noexcept = default;
TextClassifier& TextClassifier::operator=(TextClassifier&&) noexcept = default;

TextClassifier TextClassifier::train(const std::vector<Example>& examples, const TrainOptions& options,
                                     const std::filesystem::path& scratch) {
  std::set<std::string> labels;
  for (const auto& e : examples) labels.insert(e.label);
  if (labels.size() < 2) throw std::invalid_argument("training needs examples of at least two labels");
  std::filesystem::create_directories(scratch);
  ScratchFile file(scratch);
  {
    std::ofstream out(file.path());
    for (const auto& e : examples) {
      const auto text = normalise_text(e.text);
      if (!text.empty()) out << kLabelPrefix << e.label << ' ' << text << '\n';
    }
    if (!out) throw std::runtime_error("cannot write the training file " + file.path().string());
  }
  fasttext::Args args;
  args.input = file.path().string();
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.epoch = options.epochs > 0
                   ? options.epochs
                   : static_cast<int>(std::clamp<std::size_t>(500'000 / examples.size(), 5, 50));
  args.lr = options.learning_rate;
  args.dim = options.dimensions;
  args.bucket = options.buckets;
  args.wordNgrams = 2;
  args.minn = 3;  // character n-grams: typos and inflections still share features
  args.maxn = 5;
  args.minCount = 1;
  args.thread = options.threads;
  args.seed = options.seed;
  args.verbose = 0;
  auto model = std::make_unique<fasttext::FastText>();
  model->train(args);
  return TextClassifier(std::move(model));
}

TextClassifier TextClassifier::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot be read");
  std::int32_t magic = 0;
  std::int32_t version = 0;
  in.read(reinterpret_cast<char*>(&magic), sizeof magic);
  in.read(reinterpret_cast<char*>(&version), sizeof version);
  if (!in || magic != kMagic || version != kVersion) {
    throw std::runtime_error(file.string() + ": not a model this version reads (no fastText " +
                             std::to_string(kVersion) + " signature)");
  }
  auto model = std::make_unique<fasttext::FastText>();
  try {
    model->loadModel(in);
  } catch (const std::exception& e) {
    throw std::runtime_error(file.string() + ": not a model this version reads (" + e.what() + ")");
  }
  // fastText reads a truncated file without noticing: the bytes must end where the model does.
  if (in.peek() != std::char_traits<char>::eof() || in.fail()) {
    throw std::runtime_error(file.string() + ": not a model this version reads (truncated or trailing bytes)");
  }
  if (model->getDictionary()->nlabels() < 2) throw std::runtime_error(file.string() + ": a model of fewer than two labels");
  return TextClassifier(std::move(model));
}

void TextClassifier::save(const std::filesystem::path& file) const { model_->saveModel(file.string()); }

std::vector<Prediction> TextClassifier::predict(std::string_view text, int k) const {
  std::istringstream line(normalise_text(text) + "\n");
  std::vector<std::pair<fasttext::real, std::string>> found;
  model_->predictLine(line, found, k, 0.0);
  std::vector<Prediction> out;
  out.reserve(found.size());
  for (auto& [p, label] : found) {
    out.push_back({label.substr(kLabelPrefix.size()), static_cast<double>(p)});
  }
  return out;
}

std::vector<std::string> TextClassifier::labels() const {
  const auto dict = model_->getDictionary();
  std::vector<std::string> out;
  for (int32_t i = 0; i < dict->nlabels(); ++i) out.push_back(dict->getLabel(i).substr(kLabelPrefix.size()));
  return out;
}

}  // namespace frontdesk::learning
