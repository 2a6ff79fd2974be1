// SPDX-License-Identifier: Apache-2.0
#pragma once
// Knowledge-base search in PostgreSQL alone (see daemon/storage/migrations/0030_kb.sql).
//
// A query is split and folded by PostgreSQL itself (the simple configuration with unaccent),
// so the words it looks up are the words the index holds. Each word is looked up in the
// lexicon: a word no translation holds may be a misspelling, and the lexicon's trigram index
// gives its nearest words, kept when within the typo budget (one edit from 5 letters, two from
// 9). The last word of a search also matches as a prefix (typing). Two tsqueries follow:
// the words as written on the unstemmed vectors, and the words with their corrections under
// the locale's stemmer; a translation matches either, and ranks by both, so exact matches
// come before stemmed and corrected ones, titles (weight A) before bodies (B). Snippets come
// from ts_headline with control-character markers, escaped here into HTML with <mark>.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace frontdesk::storage {
class Connection;
}

namespace frontdesk::kb {

enum class SearchMode {
  kSearch,   // every word must match (the last one as a prefix): a search box
  kSuggest,  // the question's most telling words, any of them: a ticket, a chat line
};

struct SearchRequest {
  std::string text;
  std::optional<std::string> locale;  // normalised; nullopt searches every locale
  std::optional<std::int64_t> category;
  bool include_internal = false;  // agents: internal articles too
  SearchMode mode = SearchMode::kSearch;
  int limit = 10;
  int offset = 0;
};

struct SearchHit {
  std::int64_t id = 0;
  std::string slug;
  std::optional<std::int64_t> category_id;
  std::string visibility;
  std::string locale;
  std::string title;
  std::string snippet_html;
  double score = 0;
};

struct SearchResult {
  std::vector<SearchHit> hits;
  // Matches counted up to the page asked for and the candidates ranked beyond it: exact when
  // `total_exact`, else there are more.
  std::int64_t total = 0;
  bool total_exact = true;
  std::vector<std::string> words;        // the folded words searched for
  std::vector<std::string> corrections;  // words searched for instead of misspellings
};

// Runs in a read-only transaction of its own: call it outside a transaction.
SearchResult search(storage::Connection& db, const SearchRequest& request);

// Counts a search that found nothing (by locale and folded words) for the misses report.
void record_miss(storage::Connection& db, const std::optional<std::string>& locale,
                 const std::vector<std::string>& words);

}  // namespace frontdesk::kb
