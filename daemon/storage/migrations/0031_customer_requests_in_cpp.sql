-- What a customer asks inside a message (phone commands, survey digits, STOP/START) and the
-- answering of surveys are decided by the ticket domain since they share its write path
-- (tickets/customer_request.cpp, tickets/survey_answer.cpp). A database the releases before
-- the squash made still has the triggers and functions that decided them: drop them here, as
-- the definitions only drop what they themselves recorded.
DROP TRIGGER IF EXISTS messages_command ON messages;
DROP TRIGGER IF EXISTS messages_opt_out ON messages;
DROP TRIGGER IF EXISTS messages_survey_answer ON messages;
DROP FUNCTION IF EXISTS fd_messages_command();
DROP FUNCTION IF EXISTS fd_messages_opt_out();
DROP FUNCTION IF EXISTS fd_messages_survey_answer();
DROP FUNCTION IF EXISTS fd_answer_survey(bigint, integer, text, text, text, bigint, timestamptz);
