#include "kb/search.hpp"

#include "kb/text.hpp"
#include "storage/connection.hpp"

#include <algorithm>
#include <cctype>

namespace frontdesk::kb {

namespace {

constexpr int kMaxSearchWords = 12;
constexpr int kMaxQuestionWords = 200;  // read from a question
constexpr std::size_t kMaxSuggestWords = 10;  // of which the rarest are asked for
constexpr int kNearWords = 8;
constexpr std::size_t kMaxAlternatives = 3;
constexpr int kRankedCandidates = 300;  // ranked on full vectors beyond the page asked for

// The query's words, folded like doc_exact, in order, with what the lexicon knows of each.
constexpr std::string_view kTerms = R"sql(
WITH terms AS (
  SELECT u.lexeme AS term, u.positions[1] AS pos
  FROM unnest(to_tsvector('fd_kb_simple', $1)) AS u
  WHERE length(u.lexeme) <= 64
  ORDER BY u.positions[1]
  LIMIT $2)
SELECT t.term,
       coalesce((SELECT l.documents FROM kb_lexicon l WHERE l.word = t.term COLLATE "C"), 0),
       EXISTS (SELECT 1 FROM kb_lexicon l
               WHERE l.word > t.term COLLATE "C" AND l.word < (t.term || chr(1114111)) COLLATE "C"
                 AND l.documents > 0),
       CASE WHEN length(t.term) >= 5
                 AND NOT EXISTS (SELECT 1 FROM kb_lexicon l
                                 WHERE l.word = t.term COLLATE "C" AND l.documents > 0)
            THEN ARRAY(SELECT l.word FROM kb_lexicon l WHERE l.documents > 0
                       ORDER BY l.word <-> t.term LIMIT $3)::text
       END,
       to_tsvector(fd_kb_search_config(coalesce($4, '')), t.term) = ''::tsvector
FROM terms t ORDER BY t.pos)sql";

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
    for (auto& w : known) terms.push_back(std::move(w.term));
  }
  if (terms.empty()) return result;

  const bool all = request.mode == SearchMode::kSearch;
  const auto exact = tsquery_text(terms, all, false);
  const auto stemmed = tsquery_text(terms, all, true);

  // Candidates: every match, ordered by whether its title matches (cheap: title vectors are
  // small); only the best few hundred of them are ranked on their full vectors, so a broad
  // query costs an index scan and a sort, not a ranking of thousands of bodies.
  std::string sql =
      "WITH q AS (SELECT $3::text AS locale, $4::bigint AS category, "
      "to_tsquery('fd_kb_simple', $1) AS qx, ";
  sql += request.locale ? "to_tsquery(fd_kb_search_config($3), $2) AS qs) "
         : all ? "to_tsquery('fd_kb_english', $2) || to_tsquery('fd_kb_spanish', $2) || "
                 "to_tsquery('fd_kb_turkish', $2) || to_tsquery('fd_kb_simple', $2) AS qs) "
               : "to_tsquery('fd_kb_english', $2) || to_tsquery('fd_kb_spanish', $2) || "
                 "to_tsquery('fd_kb_turkish', $2) AS qs) ";
  sql +=
      ", candidates AS ("
      " SELECT t.article_id, t.locale,"
      "  CASE WHEN t.title_exact @@ q.qx THEN 2 WHEN t.title_stem @@ q.qs THEN 1 ELSE 0 END AS in_title,"
      "  count(*) OVER () AS total"
      " FROM q, kb_article_translations t WHERE ";
  // A search matches the words as written or stemmed; a question only its stemmed words,
  // which leaves out the language's stop words.
  sql += all ? "(t.doc_exact @@ q.qx OR t.doc_stem @@ q.qs)" : "t.doc_stem @@ q.qs";
  sql += " AND t.published";
  if (request.locale) sql += " AND t.locale = $3";
  if (!request.include_internal) sql += " AND NOT t.internal";
  if (request.category) {
    sql += " AND t.article_id IN (SELECT id FROM kb_articles WHERE category_id = $4::bigint)";
  }
  sql +=
      " ORDER BY in_title DESC, t.article_id DESC LIMIT $8)"
      ", hits AS ("
      " SELECT c.article_id, c.locale, c.total, t.title, t.plain, t.search_config,"
      "  c.in_title + ts_rank(t.doc_exact, q.qx, 1) * 2 + ts_rank(t.doc_stem, q.qs, 1) AS score"
      " FROM candidates c JOIN kb_article_translations t USING (article_id, locale), q"
      " ORDER BY score DESC, c.article_id LIMIT $5 OFFSET $6)"
      " SELECT h.article_id, a.slug, a.category_id, a.visibility, h.locale, h.title, h.score, h.total,"
      "  ts_headline(h.search_config, h.plain, q.qs, $7)"
      " FROM hits h JOIN kb_articles a ON a.id = h.article_id, q"
      " ORDER BY h.score DESC, h.article_id";
  static const std::string kHeadline =
      "StartSel=\x01, StopSel=\x02, MaxWords=30, MinWords=12, MaxFragments=2, "
      "FragmentDelimiter=\" … \"";
  // The planner prices a tsvector match as cheap as an integer comparison and picks a
  // sequential scan for common words, which unpacks every body vector: searches use the
  // indexes, in a read-only transaction of their own.
  storage::Transaction tx(db, "BEGIN READ ONLY");
  db.exec("SET LOCAL enable_seqscan = off");
  auto rows = db.exec(sql, exact, stemmed, request.locale, request.category, request.limit,
                      request.offset, kHeadline, request.offset + request.limit + kRankedCandidates);
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
    hit.snippet_html = snippet_html(rows.text(i, 8));
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
