-- Where a reply to a customer goes, decided in one place for the API, the rules and anything
-- else that writes to the outbox (docs/channels-messaging.md).
--
-- The route of a reply on a ticket of channel p_channel: the ticket's own channel and the
-- customer's identity there, except that web-form tickets are answered by email at the
-- address the customer gave (the web form cannot send). `error` says why nothing can be
-- sent: the caller records the message as failed and its outbox row as dead with that
-- reason, rather than leaving it queued for a channel that never sends it. A channel without
-- a channel_settings row counts as deliverable. Without an address `value` is '' and `kind`
-- the channel's usual kind.
CREATE OR REPLACE FUNCTION fd_reply_route(p_customer bigint, p_channel text,
                               OUT channel text, OUT kind text, OUT value text, OUT error text)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
    channel := CASE p_channel WHEN 'webform' THEN 'email' ELSE p_channel END;
    SELECT r.kind, r.value INTO kind, value FROM fd_reply_identity(p_customer, channel) AS r;
    IF value IS NULL THEN
        error := CASE WHEN p_channel = 'webform' THEN 'the customer gave no email address on the web form'
                      ELSE 'the customer has no address on channel ' || p_channel END;
        kind := CASE channel WHEN 'sms' THEN 'phone' ELSE channel END;
        value := '';
    ELSIF EXISTS (SELECT 1 FROM channel_settings s WHERE s.name = channel AND NOT s.enabled) THEN
        error := CASE WHEN p_channel = 'webform'
                      THEN 'web-form tickets are answered by email, and the email channel is not enabled'
                      ELSE 'the ' || channel || ' channel is not enabled' END;
    END IF;
END;
$$;
