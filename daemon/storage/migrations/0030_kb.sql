-- The knowledge base: categories and articles with translations per locale, their revisions,
-- feedback, suggestion opens (deflection) and the searches that found nothing.
--
-- Search runs in PostgreSQL alone. Each translation keeps two vectors, both with accents
-- folded (unaccent) and the title weighted A over the body's B: `doc_stem` under its
-- language's configuration (stemmed, stop words dropped) and `doc_exact` under a simple one
-- (the words as written), so exact matches rank above stemmed ones and prefixes match the
-- words as typed. kb_lexicon holds every word of every translation once, with a trigram index,
-- so a misspelt word finds its neighbours by index (typo tolerance). The trigger that keeps
-- all of this is daemon/storage/sql/fd_kb_translation_index.sql.
--
-- pg_trgm and unaccent are trusted extensions: the owner of the database may create them.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TEXT SEARCH CONFIGURATION fd_kb_simple (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION fd_kb_simple
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword,
                      numhword, hword_numpart
    WITH unaccent, simple;
CREATE TEXT SEARCH CONFIGURATION fd_kb_english (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION fd_kb_english
    ALTER MAPPING FOR word, hword, hword_part WITH unaccent, english_stem;
CREATE TEXT SEARCH CONFIGURATION fd_kb_spanish (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION fd_kb_spanish
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, spanish_stem;
CREATE TEXT SEARCH CONFIGURATION fd_kb_turkish (COPY = pg_catalog.turkish);
ALTER TEXT SEARCH CONFIGURATION fd_kb_turkish
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, turkish_stem;

CREATE TABLE kb_categories (
    id          bigserial PRIMARY KEY,
    slug        text NOT NULL UNIQUE,
    parent_id   bigint REFERENCES kb_categories (id) ON DELETE RESTRICT,
    position    integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX kb_categories_parent ON kb_categories (parent_id, position);

CREATE TABLE kb_category_translations (
    category_id  bigint NOT NULL REFERENCES kb_categories (id) ON DELETE CASCADE,
    locale       text NOT NULL,
    name         text NOT NULL,
    description  text NOT NULL DEFAULT '',
    PRIMARY KEY (category_id, locale)
);

CREATE TABLE kb_articles (
    id             bigserial PRIMARY KEY,
    slug           text NOT NULL UNIQUE,
    category_id    bigint REFERENCES kb_categories (id) ON DELETE SET NULL,
    status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    visibility     text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'internal')),
    tags           text[] NOT NULL DEFAULT '{}',
    source_locale  text NOT NULL,
    revision       integer NOT NULL DEFAULT 0,
    views          bigint NOT NULL DEFAULT 0,
    helpful        integer NOT NULL DEFAULT 0,
    not_helpful    integer NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kb_articles_category ON kb_articles (category_id);
CREATE INDEX kb_articles_popular ON kb_articles (views DESC) WHERE status = 'published';

-- `version` counts the saves that changed this translation's text; `source_version` is the
-- version of the article's source-locale translation it was written against, so a
-- translation is outdated when the source's version has moved past it.
CREATE TABLE kb_article_translations (
    article_id      bigint NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
    locale          text NOT NULL,
    title           text NOT NULL,
    body            text NOT NULL,
    html            text NOT NULL,
    plain           text NOT NULL,
    version         integer NOT NULL DEFAULT 1,
    source_version  integer NOT NULL DEFAULT 1,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- Copied from the article by triggers, so search filters without a join.
    published       boolean NOT NULL DEFAULT false,
    internal        boolean NOT NULL DEFAULT false,
    search_config   regconfig NOT NULL DEFAULT 'fd_kb_simple',
    doc_stem        tsvector NOT NULL DEFAULT ''::tsvector,
    doc_exact       tsvector NOT NULL DEFAULT ''::tsvector,
    -- The title alone (small, never TOASTed): broad queries order their candidates by it
    -- before the full vectors rank the best few hundred.
    title_stem      tsvector NOT NULL DEFAULT ''::tsvector,
    title_exact     tsvector NOT NULL DEFAULT ''::tsvector,
    PRIMARY KEY (article_id, locale)
);
CREATE INDEX kb_article_translations_stem ON kb_article_translations USING gin (doc_stem);
CREATE INDEX kb_article_translations_exact ON kb_article_translations USING gin (doc_exact);
CREATE INDEX kb_article_translations_locale ON kb_article_translations (locale);

-- Every word of every translation, folded as doc_exact folds it, with how many translations
-- hold it (the rarer a word, the more a question's use of it says).
CREATE TABLE kb_lexicon (
    word       text COLLATE "C" PRIMARY KEY,
    documents  integer NOT NULL DEFAULT 0
);
CREATE INDEX kb_lexicon_trgm ON kb_lexicon USING gist (word gist_trgm_ops);

-- One row per save: the whole article as the API shows it (without counters).
CREATE TABLE kb_revisions (
    article_id  bigint NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
    number      integer NOT NULL,
    snapshot    jsonb NOT NULL,
    actor       text NOT NULL,
    actor_id    bigint,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (article_id, number)
);

-- One vote per visitor (the fd_visitor cookie, else the client address), article and UTC day.
CREATE TABLE kb_feedback (
    id          bigserial PRIMARY KEY,
    article_id  bigint NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
    visitor     text NOT NULL,
    day         date NOT NULL,
    helpful     boolean NOT NULL,
    reason      text,
    comment     text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (article_id, visitor, day)
);

-- A visitor opened a suggested article; ticket_at is set when the same visitor filed a ticket
-- within 24 hours. Older than 24 hours without a ticket: deflected.
CREATE TABLE kb_suggestion_opens (
    id          bigserial PRIMARY KEY,
    article_id  bigint NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
    visitor     text NOT NULL,
    opened_at   timestamptz NOT NULL DEFAULT now(),
    ticket_at   timestamptz
);
CREATE INDEX kb_suggestion_opens_visitor ON kb_suggestion_opens (visitor, opened_at);
CREATE INDEX kb_suggestion_opens_article ON kb_suggestion_opens (article_id, opened_at);

-- Searches that found nothing, by locale and folded query.
CREATE TABLE kb_search_misses (
    locale    text NOT NULL,
    query     text NOT NULL,
    count     bigint NOT NULL DEFAULT 1,
    first_at  timestamptz NOT NULL DEFAULT now(),
    last_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (locale, query)
);
CREATE INDEX kb_search_misses_count ON kb_search_misses (count DESC);
