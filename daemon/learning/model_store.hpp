// SPDX-License-Identifier: Apache-2.0
#pragma once
// Where trained models live: state_dir/models/<field>/<version>/ holds model.bin and
// info.json (what it was trained on, its held-out precision at its threshold), and
// state_dir/models/<field>/current names the version in use. A new version is written beside
// the others and made current by renaming a file, so a reader sees the old model or the new
// one, never half of one; rollback makes the previous version current again. Not
// thread-safe for writers (one trainer at a time: `frontdesk model train`, the cluster's
// scheduled retrain).
#include "learning/text_classifier.hpp"

#include <boost/json/object.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::learning {

struct ModelVersion {
  int version = 0;
  bool current = false;
  boost::json::object info;
};

class ModelStore {
 public:
  explicit ModelStore(std::filesystem::path root);  // state_dir/models

  // Saves `model` with `info` as the field's next version and makes it current; its number.
  int publish(std::string_view field, const TextClassifier& model, const boost::json::object& info);
  // The version in use, or 0 when there is none.
  [[nodiscard]] int current(std::string_view field) const;
  // Every version kept, oldest first.
  [[nodiscard]] std::vector<ModelVersion> versions(std::string_view field) const;
  // Makes the newest version older than the current one current; its number. Throws
  // std::runtime_error when there is none (the current one stays).
  int rollback(std::string_view field);
  // The current version's model; throws std::runtime_error naming the file when there is
  // none or it cannot be used (the caller keeps the model it has).
  [[nodiscard]] TextClassifier load_current(std::string_view field) const;

 private:
  [[nodiscard]] std::filesystem::path field_dir(std::string_view field) const;
  void make_current(std::string_view field, int version);

  std::filesystem::path root_;
};

}  // namespace frontdesk::learning
