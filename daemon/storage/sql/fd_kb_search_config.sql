-- SPDX-License-Identifier: Apache-2.0
-- The text-search configuration of a knowledge-base locale: its language's stemmer with
-- accents folded, or the simple one (words as written, folded) for other languages.
CREATE OR REPLACE FUNCTION fd_kb_search_config(locale text) RETURNS regconfig
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT CASE split_part(lower(locale), '-', 1)
               WHEN 'en' THEN 'fd_kb_english'::regconfig
               WHEN 'es' THEN 'fd_kb_spanish'::regconfig
               WHEN 'tr' THEN 'fd_kb_turkish'::regconfig
               ELSE 'fd_kb_simple'::regconfig
           END
$$;
