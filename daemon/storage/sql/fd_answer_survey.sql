-- Records a CSAT survey answer. Answers come from the API (POST /tickets/:id/rate), a survey
-- page, a WhatsApp button or an SMS digit (fd_messages_survey_answer); all of them come here so
-- the agent's rating and the survey.answered event are recorded the same way.
-- Returns 'answered', or why not: 'no_survey', 'expired', 'already_answered'. Raises on a
-- rating outside 1..5.
CREATE OR REPLACE FUNCTION fd_answer_survey(p_ticket_id bigint, p_rating integer, p_feedback text,
                                 p_channel text, p_actor_kind text, p_actor_id bigint,
                                 p_now timestamptz)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_survey surveys%ROWTYPE;
BEGIN
    IF p_rating IS NULL OR p_rating NOT BETWEEN 1 AND 5 THEN
        RAISE EXCEPTION 'rating must be between 1 and 5' USING ERRCODE = '22023';
    END IF;
    SELECT * INTO v_survey FROM surveys WHERE ticket_id = p_ticket_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'no_survey';
    ELSIF v_survey.answered_at IS NOT NULL THEN
        RETURN 'already_answered';
    ELSIF v_survey.expires_at <= p_now THEN
        RETURN 'expired';
    END IF;
    UPDATE surveys SET rating = p_rating, feedback = nullif(p_feedback, ''), answered_at = p_now,
                       answer_channel = p_channel
    WHERE id = v_survey.id;
    IF v_survey.agent_id IS NOT NULL THEN
        UPDATE agents SET rating_sum = rating_sum + p_rating, rating_count = rating_count + 1
        WHERE id = v_survey.agent_id;
    END IF;
    INSERT INTO audit_events (ticket_id, event, actor_kind, actor_id, new_value, data, created_at)
    VALUES (p_ticket_id, 'survey.answered', p_actor_kind, p_actor_id, to_jsonb(p_rating),
            jsonb_build_object('surveyId', v_survey.id, 'channel', p_channel,
                               'feedback', nullif(p_feedback, ''), 'agentId', v_survey.agent_id),
            p_now);
    RETURN 'answered';
END;
$$;
