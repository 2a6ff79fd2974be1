-- Where a reply goes is decided by the ticket domain (tickets/outbound.cpp) since the API's
-- and the rules' replies share one write path; the database function that used to decide it
-- is gone. A database the releases before the squash made still has it: drop it here, as the
-- definitions only drop what they themselves recorded.
DROP FUNCTION IF EXISTS fd_reply_route(bigint, text);
