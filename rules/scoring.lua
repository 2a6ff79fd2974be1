-- Scripted scoring for incoming messages. Runs sandboxed: no io, os, package or debug,
-- an instruction budget and a memory cap per call. Every YAML action is api.<action>.
local angry_words = { "unacceptable", "lawyer", "cancel", "worst" }

function on_event(event, ticket, api)
  local text = string.lower(ticket.message.text or "")
  local score = 0
  for _, word in ipairs(angry_words) do
    if string.find(text, word, 1, true) then score = score + 1 end
  end
  if score >= 2 then
    api.set_priority("urgent")
    api.add_tag("angry")
    api.set_category("complaint")
  elseif score == 1 and ticket.priority == "low" then
    api.set_priority("medium")
  end
end
