-- fd_tags_text was written for a generated search column tickets no longer have, and nothing
-- calls it. A database the releases before the squash made still has it unrecorded, and the
-- definitions only drop what they themselves recorded: drop it here.
DROP FUNCTION IF EXISTS fd_tags_text(text[]);
