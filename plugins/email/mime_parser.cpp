// SPDX-License-Identifier: Apache-2.0
#include "mime_parser.hpp"

#include <Poco/Net/QuotedPrintableDecoder.h>

#include <array>
#include <cstdint>
#include <istream>
#include <streambuf>

#include "charset.hpp"
#include "header_words.hpp"
#include "html_text.hpp"

namespace frontdesk::email {

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string unfold(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c != '\r' && c != '\n') out += c;
  }
  return std::string(trim(out));
}

std::optional<std::string> find_header(const Headers& headers, std::string_view name) {
  const std::string lower = to_lower_ascii(name);
  for (const auto& [n, v] : headers) {
    if (to_lower_ascii(n) == lower) return unfold(v);
  }
  return std::nullopt;
}

// Reads a string_view as a std::istream without copying it (for Poco's decoders).
class ViewBuffer : public std::streambuf {
 public:
  explicit ViewBuffer(std::string_view text) {
    // std::streambuf's get area is char*, but nothing here writes through it.
    char* begin = const_cast<char*>(text.data());  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    setg(begin, begin, begin + text.size());
  }
};

std::string decode_quoted_printable(std::string_view body, bool& failed) {
  ViewBuffer view(body);
  std::istream in(&view);
  Poco::Net::QuotedPrintableDecoder decoder(in);
  std::string out;
  out.reserve(body.size());  // never longer than its encoding
  char buffer[4096];
  try {
    while (decoder.read(buffer, sizeof(buffer)) || decoder.gcount() > 0) {
      out.append(buffer, static_cast<std::size_t>(decoder.gcount()));
    }
  } catch (const std::exception&) {
    failed = true;  // keep what decoded before the bad input
  }
  out.shrink_to_fit();
  return out;
}

// Base64 (RFC 2045 §6.8) decoded in one pass into a buffer of the final size: everything
// outside the alphabet (line breaks, trailing garbage, '-' lines real mail has) is skipped,
// the first '=' ends the data, and a dangling sixth bit group is a defect.
std::string decode_base64(std::string_view body, bool& failed) {
  static constexpr auto kValues = [] {
    std::array<std::int8_t, 256> v{};
    v.fill(-1);
    constexpr std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < alphabet.size(); ++i) {
      v[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    }
    return v;
  }();
  std::string out;
  out.reserve(body.size() / 4 * 3 + 3);
  std::uint32_t group = 0;
  int bits = 0;
  for (const char c : body) {
    if (c == '=') break;
    const std::int8_t value = kValues[static_cast<unsigned char>(c)];
    if (value < 0) continue;
    group = (group << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((group >> bits) & 0xFF);
    }
  }
  if (bits >= 6) failed = true;  // one character of a group alone carries no byte
  return out;
}

std::string decode_transfer(std::string_view body, std::string_view encoding, bool& failed) {
  const std::string cte = to_lower_ascii(trim(encoding));
  if (cte == "base64") return decode_base64(body, failed);
  if (cte == "quoted-printable") return decode_quoted_printable(body, failed);
  return std::string(body);
}

struct Collector {
  std::vector<std::string> plain;
  std::vector<std::string> html;
};

class Walker {
 public:
  Walker(ParsedMail& mail, const ParseLimits& limits) : mail_(mail), limits_(limits) {}

  void entity(const Headers& headers, std::string_view body, std::size_t depth, Collector& out,
              std::string_view default_type) {
    if (++parts_ > limits_.max_parts) {
      defect("more than " + std::to_string(limits_.max_parts) + " parts; the rest is ignored");
      return;
    }
    const HeaderParams type = parse_header_params(
        find_header(headers, "Content-Type").value_or(std::string(default_type)));
    std::string mime = type.value;
    if (mime.find('/') == std::string::npos) {
      if (!mime.empty()) defect("invalid Content-Type '" + mime + "' read as text/plain");
      mime = "text/plain";
    }
    const HeaderParams disposition =
        parse_header_params(find_header(headers, "Content-Disposition").value_or(""));
    std::string filename = disposition.get("filename");
    if (filename.empty()) filename = type.get("name");
    const std::string content_id = content_id_of(headers);

    if (mime.rfind("multipart/", 0) == 0) {
      if (depth >= limits_.max_depth) {
        defect("multipart nesting deeper than " + std::to_string(limits_.max_depth));
        return;
      }
      multipart(mime, type.get("boundary"), body, depth, out);
      return;
    }

    bool failed = false;
    std::string data =
        decode_transfer(body, find_header(headers, "Content-Transfer-Encoding").value_or(""), failed);
    if (failed) defect("bad " + to_lower_ascii(find_header(headers, "Content-Transfer-Encoding").value_or("")) + " data in a " + mime + " part");

    if (mime == "message/delivery-status") {
      delivery_status(data);
      return;
    }
    if (mime == "text/rfc822-headers" || (mime == "message/rfc822" && in_report_)) {
      returned_message(data);
      if (mime == "text/rfc822-headers") return;
    } else if (mime == "message/rfc822" || mime == "message/global") {
      if (is_bounce_sender()) returned_message(data);
    }

    const bool attachment = disposition.value == "attachment" || !filename.empty();
    if (!attachment && (mime == "text/plain" || mime == "text/html" || mime == "text/enriched")) {
      // The shown body is at most 1 MiB (plugin.h): a larger text part is cut before the
      // copies of charset conversion and trimming; original.eml keeps all of it.
      if (data.size() > limits_.max_text_bytes) {
        defect(mime + " part of " + std::to_string(data.size()) + " bytes cut to " +
               std::to_string(limits_.max_text_bytes));
        data.resize(limits_.max_text_bytes);
        data.shrink_to_fit();
      }
      std::string text = to_utf8(data, type.get("charset"));
      if (mime == "text/html") out.html.push_back(std::move(text));
      else out.plain.push_back(std::move(text));
      return;
    }
    add_attachment(mime, filename, content_id, std::move(data));
  }

  bool in_report_ = false;

 private:
  void defect(const std::string& what) {
    // Defects quote the mail's own bytes: metadata must stay valid UTF-8.
    if (mail_.defects.size() < 20) mail_.defects.push_back(truncate_utf8(sanitize_utf8(what), 300));
  }

  bool is_bounce_sender() const {
    if (!mail_.from) return false;
    const std::string local = mail_.from->address.substr(0, mail_.from->address.find('@'));
    return local == "mailer-daemon" || local == "postmaster";
  }

  static std::string content_id_of(const Headers& headers) {
    auto raw = find_header(headers, "Content-ID");
    if (!raw) return {};
    auto ids = parse_message_ids(*raw);
    if (!ids.empty()) return ids.front();
    return std::string(trim(*raw));
  }

  void add_attachment(const std::string& mime, std::string filename, const std::string& content_id,
                      std::string data) {
    filename = sanitize_utf8(filename);
    // Only the last path component: a name never points into a directory.
    if (const auto slash = filename.find_last_of("/\\"); slash != std::string::npos) {
      filename = filename.substr(slash + 1);
    }
    for (char& c : filename) {
      if (static_cast<unsigned char>(c) < 0x20) c = '_';
    }
    filename = truncate_utf8(filename, 200);
    if (filename.empty()) {
      const auto slash = mime.find('/');
      std::string ext = mime.substr(slash + 1);
      if (mime == "message/rfc822") ext = "eml";
      if (mime == "text/plain") ext = "txt";
      filename = (content_id.empty() ? "attachment" : "inline") + std::to_string(++unnamed_) +
                 "." + ext.substr(0, 20);
    }
    if (data.size() > limits_.max_attachment_bytes) {
      mail_.dropped_attachments.push_back(filename);
      return;
    }
    mail_.attachments.push_back(
        MailAttachment{filename, truncate_utf8(sanitize_utf8(mime), 200),
                       truncate_utf8(sanitize_utf8(content_id), 900), std::move(data)});
  }

  void multipart(const std::string& mime, const std::string& boundary, std::string_view body,
                 std::size_t depth, Collector& out) {
    if (boundary.empty()) {
      defect(mime + " without a boundary read as text");
      out.plain.push_back(to_utf8(body, ""));
      return;
    }
    const bool report = mime == "multipart/report";
    const bool saved_report = in_report_;
    if (report) in_report_ = true;
    const std::string_view default_type =
        mime == "multipart/digest" ? "message/rfc822" : "text/plain";
    const auto parts = split_parts(body, boundary);
    if (mime == "multipart/alternative") {
      // The plain alternative wins; HTML only when there is no plain one.
      Collector plain_first;
      for (const auto& part : parts) {
        std::size_t offset = 0;
        Headers h = split_header(part, &offset);
        entity(h, part.substr(offset), depth + 1, plain_first, default_type);
      }
      bool has_plain = false;
      for (const auto& t : plain_first.plain) has_plain = has_plain || !trim(t).empty();
      if (has_plain) {
        out.plain.push_back(plain_first.plain.front());
      } else if (!plain_first.html.empty()) {
        out.html.push_back(plain_first.html.back());
      }
    } else {
      for (const auto& part : parts) {
        std::size_t offset = 0;
        Headers h = split_header(part, &offset);
        entity(h, part.substr(offset), depth + 1, out, default_type);
      }
    }
    in_report_ = saved_report;
  }

  // The parts between `--boundary` lines; a missing final `--boundary--` ends at the end.
  std::vector<std::string_view> split_parts(std::string_view body, const std::string& boundary) {
    std::vector<std::string_view> parts;
    const std::string delimiter = "--" + boundary;
    std::size_t pos = 0;
    std::size_t part_start = std::string_view::npos;
    bool closed = false;
    while (pos < body.size()) {
      auto eol = body.find('\n', pos);
      const std::size_t next = eol == std::string_view::npos ? body.size() : eol + 1;
      std::string_view line = body.substr(pos, next - pos);
      while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
      if (line.size() >= delimiter.size() && line.compare(0, delimiter.size(), delimiter) == 0) {
        const std::string_view rest = trim(line.substr(delimiter.size()));
        const bool final = rest.rfind("--", 0) == 0;
        if (rest.empty() || final) {
          if (part_start != std::string_view::npos) {
            // The line break before the delimiter belongs to the delimiter.
            std::size_t end = pos;
            if (end > part_start && body[end - 1] == '\n') --end;
            if (end > part_start && body[end - 1] == '\r') --end;
            parts.push_back(body.substr(part_start, end - part_start));
          }
          if (final) {
            closed = true;
            break;
          }
          part_start = next;
        }
      }
      pos = next;
    }
    if (!closed) {
      if (part_start != std::string_view::npos) {
        defect("multipart without its closing boundary");
        parts.push_back(body.substr(part_start));
      } else {
        defect("multipart boundary never found; body read as text");
        parts.push_back(body);
      }
    }
    return parts;
  }

  void delivery_status(const std::string& data) {
    DeliveryReport report;
    // Groups of header-like fields: per-message first, then one per recipient.
    std::size_t pos = 0;
    while (pos < data.size()) {
      std::size_t offset = 0;
      const Headers fields = split_header(std::string_view(data).substr(pos), &offset);
      if (offset == 0) break;
      pos += offset;
      auto action = find_header(fields, "Action");
      if (!action) continue;
      DeliveryReport candidate;
      candidate.action = to_lower_ascii(*action);
      candidate.status = find_header(fields, "Status").value_or("");
      candidate.diagnostic = find_header(fields, "Diagnostic-Code").value_or("");
      if (const auto semi = candidate.diagnostic.find(';'); semi != std::string::npos) {
        candidate.diagnostic = std::string(trim(candidate.diagnostic.substr(semi + 1)));
      }
      if (candidate.diagnostic.empty()) candidate.diagnostic = "status " + candidate.status;
      auto recipient = find_header(fields, "Final-Recipient").value_or("");
      if (const auto semi = recipient.find(';'); semi != std::string::npos) {
        recipient = std::string(trim(recipient.substr(semi + 1)));
      }
      candidate.recipient = to_lower_ascii(recipient);
      // A failure outranks other recipients' outcomes.
      if (report.action.empty() || candidate.action == "failed") report = candidate;
      if (report.action == "failed") break;
    }
    for (auto* field : {&report.action, &report.status, &report.diagnostic, &report.recipient}) {
      *field = truncate_utf8(sanitize_utf8(*field), 900);
    }
    if (!report.action.empty()) mail_.report = report;
  }

  void returned_message(const std::string& data) {
    mail_.has_returned_message = true;
    std::size_t offset = 0;
    const Headers headers = split_header(data, &offset);
    if (auto id = find_header(headers, "Message-ID")) {
      auto ids = parse_message_ids(*id);
      if (!ids.empty() && mail_.original_message_id.empty()) {
        mail_.original_message_id = sanitize_utf8(ids.front());
      }
    }
  }

  ParsedMail& mail_;
  const ParseLimits& limits_;
  std::size_t parts_ = 0;
  int unnamed_ = 0;
};

std::string join_texts(const std::vector<std::string>& texts) {
  std::string out;
  for (const auto& t : texts) {
    const auto clean = trim(t);
    if (clean.empty()) continue;
    if (!out.empty()) out += "\n\n";
    out += clean;
  }
  return out;
}

}  // namespace

std::optional<std::string> ParsedMail::header(std::string_view name) const {
  return find_header(headers, name);
}

Headers split_header(std::string_view raw, std::size_t* body_offset) {
  Headers headers;
  std::size_t pos = 0;
  *body_offset = raw.size();
  while (pos < raw.size()) {
    auto eol = raw.find('\n', pos);
    const std::size_t next = eol == std::string_view::npos ? raw.size() : eol + 1;
    std::string_view line = raw.substr(pos, next - pos);
    std::string_view content = line;
    while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) {
      content.remove_suffix(1);
    }
    if (content.empty()) {
      *body_offset = next;
      return headers;
    }
    if ((content.front() == ' ' || content.front() == '\t')) {
      if (!headers.empty()) headers.back().second += std::string("\r\n") + std::string(content);
    } else if (const auto colon = content.find(':'); colon != std::string_view::npos && colon > 0) {
      std::string name(trim(content.substr(0, colon)));
      if (name.find(' ') == std::string::npos) {
        headers.emplace_back(std::move(name), std::string(content.substr(colon + 1)));
      }
    } else if (headers.empty() && content.rfind("From ", 0) == 0) {
      // An mbox "From " separator line before the header.
    } else if (headers.empty()) {
      // Not a header at all: the whole input is body.
      *body_offset = 0;
      return headers;
    }
    pos = next;
  }
  return headers;
}

ParsedMail parse_mail(std::string_view raw, const ParseLimits& limits) {
  ParsedMail mail;
  std::size_t offset = 0;
  mail.headers = split_header(raw, &offset);
  if (mail.headers.empty()) mail.defects.emplace_back("no header fields");
  const std::string_view body = raw.substr(offset);

  mail.subject = truncate_utf8(decode_header_text(mail.header("Subject").value_or("")), 998);
  if (auto from = mail.header("From")) {
    mail.from = parse_mailbox(*from);
    if (mail.from) {
      mail.from->address = truncate_utf8(sanitize_utf8(mail.from->address), 320);
      mail.from_name = truncate_utf8(decode_header_text(mail.from->display_name), 200);
    } else {
      mail.defects.emplace_back("unreadable From address");
    }
  }
  if (auto id = mail.header("Message-ID")) {
    auto ids = parse_message_ids(*id);
    if (!ids.empty()) mail.message_id = truncate_utf8(sanitize_utf8(ids.front()), 900);
  }
  auto clean_ids = [](std::vector<std::string> ids) {
    std::vector<std::string> out;
    for (auto& id : ids) {
      std::string clean = truncate_utf8(sanitize_utf8(id), 900);
      if (!clean.empty()) out.push_back(std::move(clean));
    }
    if (out.size() > 50) out.erase(out.begin(), out.end() - 50);  // the most recent ones
    return out;
  };
  mail.in_reply_to = clean_ids(parse_message_ids(mail.header("In-Reply-To").value_or("")));
  mail.references = clean_ids(parse_message_ids(mail.header("References").value_or("")));

  Collector texts;
  Walker walker(mail, limits);
  Headers top;
  for (const auto& [name, value] : mail.headers) {
    const std::string lower = to_lower_ascii(name);
    if (lower.rfind("content-", 0) == 0) top.emplace_back(name, value);
  }
  if (find_header(top, "Content-Type").value_or("").empty() &&
      mail.header("MIME-Version").has_value() == false) {
    top.emplace_back("Content-Type", "text/plain");
  }
  walker.entity(top, body, 0, texts, "text/plain");

  if (!texts.plain.empty()) {
    mail.text = join_texts(texts.plain);
  }
  if (trim(mail.text).empty() && !texts.html.empty()) {
    mail.text = html_to_text(join_texts(texts.html));
    mail.text_from_html = true;
  }
  mail.text = sanitize_utf8(mail.text);
  // Line breaks as \n only.
  std::string normalized;
  normalized.reserve(mail.text.size());
  for (std::size_t i = 0; i < mail.text.size(); ++i) {
    if (mail.text[i] == '\r') {
      if (i + 1 < mail.text.size() && mail.text[i + 1] == '\n') continue;
      normalized += '\n';
      continue;
    }
    normalized += mail.text[i];
  }
  mail.text = std::move(normalized);
  return mail;
}

}  // namespace frontdesk::email
