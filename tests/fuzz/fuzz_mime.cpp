// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: any bytes as a received mail message, through the whole inbound
// normalization (headers, RFC 2047/2231, multipart, transfer encodings, charsets, HTML to
// text, quote trimming, bounce detection). It must never crash, hang or produce invalid
// UTF-8 where the ingest requires text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "charset.hpp"
#include "inbound_mail.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  frontdesk::email::NormalizeOptions options;
  options.our_address = "support@example.com";
  options.max_attachment_bytes = 1 << 20;
  const auto mail = frontdesk::email::normalize_mail(
      raw, frontdesk::email::Envelope{"a@example.org", {"support@example.com"}, "smtp"}, options);
  if (mail.kind == frontdesk::email::MailKind::ticket) {
    const auto& m = mail.message;
    for (const auto* text : {&m.subject, &m.body, &m.customer_name, &m.identity_value,
                             &m.external_id, &m.metadata_json}) {
      if (frontdesk::email::sanitize_utf8(*text) != *text) std::abort();
    }
    if (m.subject.size() > 998 || m.body.size() > (std::size_t{1} << 20)) std::abort();
  }
  return 0;
}
