-- A ticket's tags as one text. array_to_string is only STABLE in general (element output
-- functions may depend on settings); for text[] it is immutable. Written for the generated
-- search column that tickets once had; nothing calls it now.
CREATE OR REPLACE FUNCTION fd_tags_text(tags text[]) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT array_to_string(tags, ' ') $$;
