-- Knowledge-base search that reads only what it ranks (daemon/kb/search.cpp).
--
-- A common word is in most translations. The plans 0030's indexes gave read every match's row,
-- or every row of the locale and then each one's vectors, to filter, count and order them:
-- hundreds of milliseconds for one common word. Search now takes the title matches (few) and
-- as many body matches as it ranks, from these indexes, partial on `published` as every
-- search is, and filters locale and visibility on the rows it reads.
DROP INDEX IF EXISTS kb_article_translations_stem;
DROP INDEX IF EXISTS kb_article_translations_exact;
CREATE INDEX kb_article_translations_stem ON kb_article_translations USING gin (doc_stem) WHERE published;
CREATE INDEX kb_article_translations_exact ON kb_article_translations USING gin (doc_exact) WHERE published;
CREATE INDEX kb_article_translations_title_stem ON kb_article_translations USING gin (title_stem) WHERE published;
CREATE INDEX kb_article_translations_title_exact ON kb_article_translations USING gin (title_exact) WHERE published;

-- The lexicon's trigram GiST index answered equality too (pg_trgm 1.6), and the planner chose
-- it over the primary key for a word's lookup: hundreds of milliseconds where the key takes
-- microseconds. Its nearest-neighbour search was as slow on a lexicon of 100,000 words. A GIN
-- trigram index finds the words sharing enough trigrams with a misspelling (`%`) in a few
-- milliseconds; partial on the words some translation holds, it never serves a lookup by key.
DROP INDEX IF EXISTS kb_lexicon_trgm;
CREATE INDEX kb_lexicon_trgm ON kb_lexicon USING gin (word gin_trgm_ops) WHERE documents > 0;
