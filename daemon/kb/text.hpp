// SPDX-License-Identifier: Apache-2.0
#pragma once
// The pure pieces of the knowledge base: names (slugs; locales are core/locale.hpp), HTML escaping of search
// snippets, the typo budget and edit distance of fuzzy search, the text of tsqueries, and
// line diffs of revisions. No I/O.
#include "core/locale.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::kb {

using core::fallback_chain;
using core::normalize_locale;


// Lower-case ASCII letters and digits in words joined by single '-', at most 100 bytes, not
// all digits (an all-digit path segment is an id).
bool valid_slug(std::string_view slug);

std::string html_escape(std::string_view text);

// A ts_headline result whose matches are wrapped in U+0001 … U+0002, as HTML: everything
// escaped, the matches in <mark>.
std::string snippet_html(std::string_view headline);

// How many typos a word of `chars` characters may carry and still be found: none below 5,
// one from 5, two from 9.
int typo_budget(std::size_t chars);

// Optimal-string-alignment distance (insertions, deletions, substitutions and transpositions
// of neighbours, each one edit) between two UTF-8 strings, counted in code points; any value
// above `max` is reported as max + 1.
int edit_distance(std::string_view a, std::string_view b, int max);

std::size_t utf8_length(std::string_view text);

// One word of a query, folded as the index folds words, with the lexicon's words it may be
// a misspelling of.
struct QueryTerm {
  std::string word;
  bool prefix = false;  // also matches words that start with it
  std::vector<std::string> alternatives;
};

// The text of a tsquery over the terms: each term a group "('word':* | 'alt1' | 'alt2')",
// groups joined by & (all) or | (any). Alternatives are left out unless `with_alternatives`.
// Every lexeme is quoted, so no character of a query is tsquery syntax. "" for no terms.
std::string tsquery_text(const std::vector<QueryTerm>& terms, bool all, bool with_alternatives);

struct DiffLine {
  char op;  // ' ' kept, '-' removed, '+' added
  std::string text;
};

// A line diff of `before` to `after` (longest common subsequence; very large inputs fall back
// to removing every changed line and adding the new ones).
std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after);

}  // namespace frontdesk::kb
