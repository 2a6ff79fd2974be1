-- Languages (issue 20): each inbound message keeps the language it was found to be in (the
-- channel's hint, else what CLD2 detected with confidence; NULL when neither said), and the
-- database knows the installation's languages.default, which the daemon writes on every start
-- (app/database_component.cpp), so that the ticket domain's SQL (fd_ingest_batch) and the
-- reply texts resolve a language the way the daemon's configuration says, whoever calls them.
ALTER TABLE messages ADD COLUMN language text;

CREATE TABLE installation_settings (
  singleton        boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  default_language text    NOT NULL DEFAULT 'en'
);
INSERT INTO installation_settings DEFAULT VALUES;
