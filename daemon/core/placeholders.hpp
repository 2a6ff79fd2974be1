// SPDX-License-Identifier: Apache-2.0
#pragma once
// The placeholder syntax of canned responses, agents' replies and rule templates:
//
//   Hi {{ customer.first_name | default: "there" }}, your ticket is {{ticket.number}}.
//
// A placeholder is `{{`, a dotted name, optional filters, `}}`. The one filter is
// `default: "text"` (double or single quotes; `\"`, `\'` and `\\` escape), used when the
// name has no value. Text outside placeholders is copied as it is; a lone `{` or `}}` is
// text. parse_placeholders is a tokenizer and a parser, not a search for braces: each error
// names its line and column. Which names exist is the caller's business (render asks).
// Pure: no I/O.
#include "core/expected.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::core {

struct TextPosition {
  int line = 1;
  int column = 1;  // in bytes, from 1
};

struct Placeholder {
  std::string name;                 // "customer.first_name"
  std::optional<std::string> fallback;  // the default filter's text
  std::string source;               // the placeholder as written, braces included
  TextPosition at;                  // of its "{{"
};

// A parsed text: literal pieces and placeholders, in order. Literal pieces are never empty.
struct PlaceholderText {
  struct Piece {
    std::string literal;                   // when !placeholder
    std::optional<Placeholder> placeholder;
  };
  std::vector<Piece> pieces;

  [[nodiscard]] bool has_placeholders() const;
};

struct PlaceholderError {
  TextPosition at;
  std::string message;

  // "1:14: unclosed '{{' (opened here)"
  [[nodiscard]] std::string text() const;
};

[[nodiscard]] Expected<PlaceholderText, PlaceholderError> parse_placeholders(std::string_view text);

// What a name stands for: unknown names and known names without a value differ (a default
// covers only the second).
struct PlaceholderValue {
  bool known = false;
  std::string text;  // empty: no value

  static PlaceholderValue unknown() { return {}; }
  static PlaceholderValue of(std::string text) { return {true, std::move(text)}; }
};

struct RenderedText {
  std::string text;
  // The names left unresolved, each once, in order of first appearance: an unknown name,
  // or a known one with no value and no default. Their placeholders stay in `text` as
  // written, so a preview shows where they are.
  std::vector<std::string> unresolved;
};

using PlaceholderLookup = std::function<PlaceholderValue(std::string_view name)>;

[[nodiscard]] RenderedText render_placeholders(const PlaceholderText& text, const PlaceholderLookup& lookup);

}  // namespace frontdesk::core
