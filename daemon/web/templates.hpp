// SPDX-License-Identifier: Apache-2.0
#pragma once
// The page templates of web/pages/*.mustache (kainjow Mustache: logic-less, HTML-escaping),
// each parsed once when loaded; rendering parses nothing. Partials and lambdas are refused
// when loading: they would parse text per render (a page is composed by rendering its body,
// then the layout around it).
#include <kainjow/mustache.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace frontdesk::web {

using Data = kainjow::mustache::data;

class Templates {
 public:
  // Every *.mustache file of `dir`, named by its stem ("help_article"); throws
  // std::runtime_error "<file>: <what is wrong>" for a template that does not parse.
  explicit Templates(const std::filesystem::path& dir);

  // Thread-safe: a parsed template is only read while rendering.
  [[nodiscard]] std::string render(std::string_view name, const Data& data) const;
  [[nodiscard]] bool contains(std::string_view name) const;

  // The message keys the templates show ({{t.key}}), each with a template that uses it.
  [[nodiscard]] const std::map<std::string, std::string>& message_keys() const { return keys_; }

 private:
  // mutable: kainjow's render is not const, though without partials and lambdas it only reads.
  mutable std::map<std::string, kainjow::mustache::mustache, std::less<>> templates_;
  std::map<std::string, std::string> keys_;
};

}  // namespace frontdesk::web
