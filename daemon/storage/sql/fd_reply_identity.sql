-- SPDX-License-Identifier: Apache-2.0
-- Where a reply on a ticket goes: the customer's identity for the ticket's channel (the
-- ticket domain's routing, tickets/outbound.cpp, calls it). It runs for every reply a rule, the API or a survey
-- sends. PL/pgSQL on purpose: as a SQL function returning one row it cannot be inlined into
-- its caller, so PostgreSQL planned its query again on every call; PL/pgSQL keeps the plan for
-- the session.
CREATE OR REPLACE FUNCTION fd_reply_identity(p_customer bigint, p_channel text,
                                             OUT kind text, OUT value text)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
    SELECT ci.kind, ci.value INTO kind, value
    FROM customer_identities ci
    WHERE ci.customer_id = p_customer
      AND (ci.kind = p_channel
           OR (ci.kind = 'email' AND p_channel IN ('email', 'webform', 'api'))
           OR (ci.kind = 'phone' AND p_channel IN ('sms', 'whatsapp')))
    ORDER BY ci.kind = p_channel DESC, ci.created_at
    LIMIT 1;
END;
$$;
