-- SPDX-License-Identifier: Apache-2.0
-- Copies an article's status and visibility onto its translations, which search
-- filters and orders by without joining the articles.
CREATE OR REPLACE FUNCTION fd_kb_article_flags() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE kb_article_translations
    SET published = NEW.status = 'published', internal = NEW.visibility = 'internal'
    WHERE article_id = NEW.id;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS kb_articles_flags ON kb_articles;
CREATE TRIGGER kb_articles_flags
AFTER UPDATE OF status, visibility ON kb_articles
FOR EACH ROW
WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.visibility IS DISTINCT FROM NEW.visibility)
EXECUTE FUNCTION fd_kb_article_flags();
