// SPDX-License-Identifier: Apache-2.0
#include "kb/search.hpp"

#include "kb/text.hpp"
#include "storage/connection.hpp"
#include "storage/params.hpp"

#include <algorithm>
#include <cctype>

namespace frontdesk::kb {

namespace {

constexpr int kMaxSearchWords = 12;
constexpr int kMaxQuestionWords = 200;  // read from a question
constexpr std::size_t kMaxSuggestWords = 10;  // of which the rarest are asked for
constexpr int kNearWords = 8;
constexpr std::size_t kMaxAlternatives = 3;
constexpr int kRankedCandidates = 50;  // ranked on full vectors beyond the page asked for
constexpr int kSnippetSource = 2000;   // characters of a body a snippet is taken from
// A question's words held by more translations than this find no candidates of their own
// (they still rank the candidates the rarer words found).
constexpr std::int32_t kTellingDocuments = 1000;

// The query's words, folded like doc_exact, in order, with what the lexicon knows of each.
// Each word is looked up once by the primary key. A word no translation holds is looked for
// among the words sharing enough trigrams with it (pg_trgm's `%`, similarity 0.3: the GIN
// index of 0033_kb_search_indexes.sql), nearest first; the edit budget decides after.
constexpr std::string_view kTerms = R"sql(
WITH terms AS (
  SELECT u.lexeme AS term, u.positions[1] AS pos
  FROM unnest(to_tsvector('fd_kb_simple', $1)) AS u
  WHERE length(u.lexeme) <= 64
  ORDER BY u.positions[1]
  LIMIT $2)
SELECT t.term,
       coalesce(l.documents, 0),
       EXISTS (SELECT 1 FROM kb_lexicon p
               WHERE p.word > t.term COLLATE "C" AND p.word < (t.term || chr(1114111)) COLLATE "C"
                 AND p.documents > 0),
       CASE WHEN length(t.term) >= 5 AND coalesce(l.documents, 0) = 0
            THEN ARRAY(SELECT n.word FROM kb_lexicon n WHERE n.documents > 0 AND n.word % t.term
                       ORDER BY n.word <-> t.term LIMIT $3)::text
       END,
       to_tsvector(fd_kb_search_config(coalesce($4, '')), t.term) = ''::tsvector
FROM terms t LEFT JOIN kb_lexicon l ON l.word = t.term COLLATE "C"
ORDER BY t.pos)sql";

// A text[] literal as PostgreSQL prints it: {a,b,"c d"}; lexicon words are folded words.
std::vector<std::string> parse_array(std::string_view text) {
  std::vector<std::string> out;
  if (text.size() < 2) return out;
  text = text.substr(1, text.size() - 2);
  std::string current;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '\\' && i + 1 < text.size()) current += text[++i];
      else if (c == '"') quoted = false;
      else current += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!text.empty()) out.push_back(std::move(current));
  return out;
}

struct Word {
  QueryTerm term;
  std::int32_t documents = 0;
  bool stop_word = false;  // in the locale's language: says nothing about the question
};

std::vector<Word> read_words(storage::Connection& db, const SearchRequest& request,
                             std::vector<std::string>& corrections) {
  const bool searching = request.mode == SearchMode::kSearch;
  auto rows = db.exec(kTerms, request.text, searching ? kMaxSearchWords : kMaxQuestionWords, kNearWords,
                      request.locale);
  std::vector<Word> words;
  const bool typing = !request.text.empty() && std::isspace(static_cast<unsigned char>(request.text.back())) == 0;
  for (int i = 0; i < rows.rows(); ++i) {
    Word w;
    w.term.word = rows.get<std::string>(i, 0);
    w.documents = rows.get<std::int32_t>(i, 1);
    w.stop_word = rows.get<bool>(i, 4);
    const bool extends = rows.get<bool>(i, 2);
    const bool last = i == rows.rows() - 1;
    w.term.prefix = searching && last && typing && utf8_length(w.term.word) >= 2;
    if (!rows.is_null(i, 3) && !(w.term.prefix && extends)) {
      const auto budget = typo_budget(utf8_length(w.term.word));
      std::vector<std::pair<int, std::string>> near;
      for (auto& candidate : parse_array(rows.text(i, 3))) {
        const auto d = edit_distance(w.term.word, candidate, budget);
        if (d <= budget) near.emplace_back(d, std::move(candidate));
      }
      std::stable_sort(near.begin(), near.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      for (auto& [d, word] : near) {
        if (w.term.alternatives.size() == kMaxAlternatives) break;
        corrections.push_back(word);
        w.term.alternatives.push_back(std::move(word));
      }
    }
    words.push_back(std::move(w));
  }
  return words;
}

}  // namespace

SearchResult search(storage::Connection& db, const SearchRequest& request) {
  SearchResult result;
  auto words = read_words(db, request, result.corrections);
  for (const auto& w : words) result.words.push_back(w.term.word);

  std::vector<QueryTerm> terms;
  std::vector<QueryTerm> telling;  // a question's words that find its candidates: the rarest
  if (request.mode == SearchMode::kSearch) {
    for (auto& w : words) terms.push_back(std::move(w.term));
  } else {
    // A question's telling words are the rarest the knowledge base holds (or corrects to).
    std::vector<Word> known;
    for (auto& w : words) {
      if (!w.stop_word && (w.documents > 0 || !w.term.alternatives.empty())) known.push_back(std::move(w));
    }
    std::stable_sort(known.begin(), known.end(), [](const Word& a, const Word& b) {
      const auto da = a.documents > 0 ? a.documents : INT32_MAX;
      const auto dbb = b.documents > 0 ? b.documents : INT32_MAX;
      return da < dbb;
    });
    if (known.size() > kMaxSuggestWords) known.resize(kMaxSuggestWords);
    for (auto& w : known) {
      if (telling.empty() || w.documents <= kTellingDocuments) telling.push_back(w.term);
      terms.push_back(std::move(w.term));
    }
  }
  if (terms.empty()) return result;

  const bool all = request.mode == SearchMode::kSearch;
  storage::Params params;
  auto param = [&params](const auto& value) {
    params.add(value);
    return "$" + std::to_string(params.size());
  };
  const auto locale = request.locale ? param(*request.locale) : std::string();
  const auto qx = "to_tsquery('fd_kb_simple', " + param(tsquery_text(terms, all, false)) + ")";
  const auto stemmed = param(tsquery_text(terms, all, true));
  const auto stemmed_in = [&](const std::string& text) {
    if (request.locale) return "to_tsquery(fd_kb_search_config(" + locale + "), " + text + ")";
    std::string any = "(to_tsquery('fd_kb_english', " + text + ") || to_tsquery('fd_kb_spanish', " + text +
                      ") || to_tsquery('fd_kb_turkish', " + text + ")";
    return any + (all ? " || to_tsquery('fd_kb_simple', " + text + "))" : ")");
  };
  const auto qs = stemmed_in(stemmed);
  // Locale and visibility are read from the rows the text indexes find. `locale || ''` keeps
  // the planner from walking the locale index instead and testing every row's vectors.
  std::string filter = " AND t.published";
  if (request.locale) filter += " AND t.locale || '' = " + locale;
  if (!request.include_internal) filter += " AND NOT t.internal";
  if (request.category) {
    filter += " AND t.article_id IN (SELECT id FROM kb_articles WHERE category_id = " +
              param(*request.category) + ")";
  }
  // A search matches the words as written or stemmed; a question only its stemmed words,
  // which leaves out the language's stop words, and only its telling words find candidates.
  const auto finds = all ? "(t.doc_exact @@ " + qx + " OR t.doc_stem @@ " + qs + ")"
                         : "t.doc_stem @@ " + stemmed_in(param(tsquery_text(telling, false, true)));
  const auto cap = param(request.offset + request.limit + kRankedCandidates);
  // A title that has every word of a search ranks first. A question's words are any-of: one of
  // them in a title says little more than the title weight in ts_rank already says.
  const std::string title_bonus =
      all ? "CASE WHEN t.title_exact @@ " + qx + " THEN 2 WHEN t.title_stem @@ " + qs + " THEN 1 ELSE 0 END + " : "";
  // Candidates: the translations whose titles match (their own small indexes), and as many
  // body matches as are ranked, read as the index gives them. Only candidates are ranked on
  // their full vectors, so a common word costs an index scan, not a read of every match.
  // The total counts the candidates: exact below the cap, a lower bound at it.
  std::string sql =
      "WITH title_hits AS (SELECT t.article_id, t.locale FROM kb_article_translations t "
      " WHERE (t.title_exact @@ " + qx + " OR t.title_stem @@ " + qs + ")" + filter + " LIMIT " + cap + "),"
      " body_hits AS (SELECT t.article_id, t.locale FROM kb_article_translations t WHERE " + finds + filter +
      " LIMIT " + cap + "),"
      " candidates AS (SELECT article_id, locale FROM title_hits UNION SELECT article_id, locale FROM body_hits),"
      " hits AS ("
      " SELECT c.article_id, c.locale, t.title, t.plain, t.search_config,"
      "  " + title_bonus + "ts_rank(t.doc_exact, " + qx + ", 1) * 2 + ts_rank(t.doc_stem, " + qs + ", 1) AS score"
      " FROM candidates c JOIN kb_article_translations t USING (article_id, locale)"
      " ORDER BY score DESC, c.article_id LIMIT " + param(request.limit) + " OFFSET " + param(request.offset) + ")"
      " SELECT h.article_id, a.slug, a.category_id, a.visibility, h.locale, h.title, h.score,"
      " (SELECT count(*) FROM candidates), (SELECT count(*) FROM body_hits) < " + cap;
  static const std::string kHeadline =
      "StartSel=\x01, StopSel=\x02, MaxWords=30, MinWords=12, MaxFragments=2, "
      "FragmentDelimiter=\" … \"";
  // ts_headline parses all the text it is given: the start of the body is where snippets come
  // from (a whole long article cost milliseconds per hit).
  sql += ", ts_headline(h.search_config, left(h.plain, " + param(kSnippetSource) + "), " + qs + ", " +
         param(kHeadline) + ")"
         " FROM hits h JOIN kb_articles a ON a.id = h.article_id ORDER BY h.score DESC, h.article_id";
  // The planner prices a tsvector match as cheap as an integer comparison and picks a
  // sequential scan for common words, which unpacks every body vector: searches use the
  // indexes, in a read-only transaction of their own (begun and set in one round trip).
  storage::Transaction tx(db, "BEGIN READ ONLY; SET LOCAL enable_seqscan = off");
  auto rows = db.exec(sql, params);
  tx.commit();
  for (int i = 0; i < rows.rows(); ++i) {
    SearchHit hit;
    hit.id = rows.get<std::int64_t>(i, 0);
    hit.slug = rows.get<std::string>(i, 1);
    hit.category_id = rows.get_optional<std::int64_t>(i, 2);
    hit.visibility = rows.get<std::string>(i, 3);
    hit.locale = rows.get<std::string>(i, 4);
    hit.title = rows.get<std::string>(i, 5);
    hit.score = rows.get<double>(i, 6);
    result.total = rows.get<std::int64_t>(i, 7);
    result.total_exact = rows.get<bool>(i, 8);
    hit.snippet_html = snippet_html(rows.text(i, 9));
    result.hits.push_back(std::move(hit));
  }
  return result;
}

void record_miss(storage::Connection& db, const std::optional<std::string>& locale,
                 const std::vector<std::string>& words) {
  std::string query;
  for (const auto& w : words) query += (query.empty() ? "" : " ") + w;
  if (utf8_length(query) < 2) return;
  db.exec(
      "INSERT INTO kb_search_misses AS m (locale, query) VALUES ($1, left($2, 200)) "
      "ON CONFLICT (locale, query) DO UPDATE SET count = m.count + 1, last_at = now()",
      locale.value_or("*"), query);
}

}  // namespace frontdesk::kb
