-- SPDX-License-Identifier: Apache-2.0
-- Keeps a knowledge-base translation's search vectors (and its copy of the article's flags) and the lexicon in step with its text.
-- doc_stem: the locale's configuration (stemmed); doc_exact: the words as written; both with
-- accents folded, the title weighted A and the body B. kb_lexicon counts, per folded word,
-- the translations that hold it: words are added and counted in sorted order, so concurrent
-- saves lock lexicon rows in one order.
CREATE OR REPLACE FUNCTION fd_kb_translation_index() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    old_words text[] := '{}';
    new_words text[] := '{}';
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_words := tsvector_to_array(OLD.doc_exact);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF TG_OP = 'INSERT' THEN
            SELECT a.status = 'published', a.visibility = 'internal'
            INTO NEW.published, NEW.internal
            FROM kb_articles a WHERE a.id = NEW.article_id;
        END IF;
        NEW.search_config := fd_kb_search_config(NEW.locale);
        NEW.title_stem := setweight(to_tsvector(NEW.search_config, NEW.title), 'A');
        NEW.title_exact := setweight(to_tsvector('fd_kb_simple'::regconfig, NEW.title), 'A');
        NEW.doc_stem := NEW.title_stem
                     || setweight(to_tsvector(NEW.search_config, left(NEW.plain, 200000)), 'B');
        NEW.doc_exact := NEW.title_exact
                      || setweight(to_tsvector('fd_kb_simple'::regconfig, left(NEW.plain, 200000)), 'B');
        new_words := tsvector_to_array(NEW.doc_exact);
    END IF;

    INSERT INTO kb_lexicon AS l (word, documents)
    SELECT w, 1 FROM (SELECT unnest(new_words) EXCEPT SELECT unnest(old_words)) AS added(w)
    WHERE length(w) <= 64
    ORDER BY w COLLATE "C"
    ON CONFLICT (word) DO UPDATE SET documents = l.documents + 1;

    UPDATE kb_lexicon SET documents = documents - 1
    WHERE word IN (SELECT unnest(old_words) EXCEPT SELECT unnest(new_words));

    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;

DROP TRIGGER IF EXISTS kb_article_translations_index ON kb_article_translations;
CREATE TRIGGER kb_article_translations_index
BEFORE INSERT OR DELETE OR UPDATE OF locale, title, plain ON kb_article_translations
FOR EACH ROW EXECUTE FUNCTION fd_kb_translation_index();
