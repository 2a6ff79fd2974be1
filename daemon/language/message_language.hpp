// SPDX-License-Identifier: Apache-2.0
#pragma once
// The language of a customer's message, found where the message comes in (ingest, the API),
// before the database sees it: the channel's hint when it gives one (the web form's page
// language or Accept-Language, a mail's Content-Language), else what CLD2 detects in the
// text when it is sure (is_reliable), else nothing, and the ticket domain falls back along
// the customer's language and languages.default (fd_ingest_batch). Pure and thread-safe.
#include <optional>
#include <string>
#include <string_view>

namespace frontdesk::language {

// CLD2 looks at no more than this many bytes of a message (cut at a character boundary): a
// few sentences decide the language as well as a whole mail, and a huge text must cost no
// more than a normal one.
inline constexpr std::size_t kMaxDetectedBytes = 1024;

// The language CLD2 finds in `text` (valid UTF-8, plain text) as a normalised tag ("es",
// "tr", "zh-Hant"), or nullopt when it is not reliable: too short ("ok", "12345"), mixed
// scripts with no majority, or no letters at all.
[[nodiscard]] std::optional<std::string> detect_language(std::string_view text);

// The message's language: `hint` normalised when it is a language tag, else the language
// detected in the subject and body, else empty.
[[nodiscard]] std::string message_language(std::string_view hint, std::string_view subject,
                                           std::string_view body);

}  // namespace frontdesk::language
