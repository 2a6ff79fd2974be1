// SPDX-License-Identifier: Apache-2.0
#include "learning/model_store.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace frontdesk::learning {

namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return {};
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Written beside, then renamed over: readers see the old file or the new one.
void write_atomically(const fs::path& file, std::string_view text) {
  const fs::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  fs::rename(tmp, file);
}

// A version folder's name is its number; anything else in the field's folder is not one.
int version_of(const fs::path& dir) {
  const std::string name = dir.filename().string();
  if (name.empty() || name.size() > 9 || !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return 0;
  }
  return std::stoi(name);
}

}  // namespace

ModelStore::ModelStore(std::filesystem::path root) : root_(std::move(root)) {}

fs::path ModelStore::field_dir(std::string_view field) const { return root_ / std::string(field); }

int ModelStore::publish(std::string_view field, const TextClassifier& model, const boost::json::object& info) {
  const auto kept = versions(field);
  const int version = kept.empty() ? 1 : kept.back().version + 1;
  const fs::path dir = field_dir(field) / std::to_string(version);
  const fs::path staging = field_dir(field) / (".new-" + std::to_string(version));
  fs::remove_all(staging);
  fs::create_directories(staging);
  model.save(staging / "model.bin");
  boost::json::object meta = info;
  meta["version"] = version;
  write_atomically(staging / "info.json", boost::json::serialize(meta));
  fs::rename(staging, dir);
  make_current(field, version);
  return version;
}

void ModelStore::make_current(std::string_view field, int version) {
  write_atomically(field_dir(field) / "current", std::to_string(version) + "\n");
}

int ModelStore::current(std::string_view field) const {
  const std::string text = read_text(field_dir(field) / "current");
  const int version = version_of(fs::path(text.substr(0, text.find('\n'))));
  return version > 0 && fs::is_directory(field_dir(field) / std::to_string(version)) ? version : 0;
}

std::vector<ModelVersion> ModelStore::versions(std::string_view field) const {
  std::vector<ModelVersion> out;
  std::error_code ec;
  if (!fs::is_directory(field_dir(field), ec)) return out;
  const int in_use = current(field);
  for (const auto& entry : fs::directory_iterator(field_dir(field))) {
    const int version = version_of(entry.path());
    if (version == 0 || !entry.is_directory()) continue;
    ModelVersion v{version, version == in_use, {}};
    boost::system::error_code json_error;
    auto info = boost::json::parse(read_text(entry.path() / "info.json"), json_error);
    if (!json_error && info.is_object()) v.info = std::move(info.as_object());
    out.push_back(std::move(v));
  }
  std::sort(out.begin(), out.end(), [](const ModelVersion& a, const ModelVersion& b) { return a.version < b.version; });
  return out;
}

int ModelStore::rollback(std::string_view field) {
  const int in_use = current(field);
  int previous = 0;
  for (const auto& v : versions(field)) {
    if (v.version < in_use) previous = v.version;
  }
  if (previous == 0) {
    throw std::runtime_error(in_use == 0 ? "no " + std::string(field) + " model to roll back"
                                         : "version " + std::to_string(in_use) + " is the oldest " +
                                               std::string(field) + " model kept: nothing to roll back to");
  }
  make_current(field, previous);
  return previous;
}

TextClassifier ModelStore::load_current(std::string_view field) const {
  const int version = current(field);
  if (version == 0) throw std::runtime_error("no " + std::string(field) + " model has been trained");
  return TextClassifier::load(field_dir(field) / std::to_string(version) / "model.bin");
}

}  // namespace frontdesk::learning
