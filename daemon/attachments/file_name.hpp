// SPDX-License-Identifier: Apache-2.0
#pragma once
// A file name as stored and offered for download, whoever sent it: a mail's MIME part, a
// WhatsApp document, a browser's upload. Only the base name is kept (after the last '/' or
// '\', so "../../etc/passwd" and "C:\x\a.png" give "passwd" and "a.png"); NUL, control
// characters (C0, DEL, C1) and the invisible marks that reorder or hide text (bidi
// overrides and isolates, LRM/RLM, zero-width joiners, BOM; "invoice\u202Efdp.exe" would
// show as "invoiceexe.pdf") are removed; bytes that are not UTF-8 become '_'; surrounding
// spaces go; at most 255 bytes, cut between characters. "attachment" when nothing (or only
// "." or "..") is left.
#include <string>
#include <string_view>

namespace frontdesk::attachments {

inline constexpr std::size_t kMaxFileNameBytes = 255;

[[nodiscard]] std::string safe_file_name(std::string_view sent);

}  // namespace frontdesk::attachments
