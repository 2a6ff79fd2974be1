// SPDX-License-Identifier: Apache-2.0
#include "core/placeholders.hpp"

#include <algorithm>

namespace frontdesk::core {

namespace {

// The tokens inside "{{ ... }}".
enum class TokenKind { name, pipe, colon, string, close, end, bad };

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;        // a name, or a string's unescaped content
  std::size_t offset = 0;  // where it starts in the whole text
};

bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

TextPosition position_of(std::string_view text, std::size_t offset) {
  TextPosition at;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else {
      ++at.column;
    }
  }
  return at;
}

// Reads the tokens of one placeholder, from just after its "{{". A placeholder stays on one
// line: a line break ends it, so an unclosed "{{" is reported where it is, not at a "}}"
// paragraphs later.
class Lexer {
 public:
  Lexer(std::string_view text, std::size_t offset) : text_(text), pos_(offset) {}

  Token next() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
    Token t;
    t.offset = pos_;
    if (pos_ >= text_.size() || text_[pos_] == '\n' || text_[pos_] == '\r') {
      t.kind = TokenKind::end;
      return t;
    }
    const char c = text_[pos_];
    if (c == '}' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '}') {
      pos_ += 2;
      t.kind = TokenKind::close;
    } else if (c == '|') {
      ++pos_;
      t.kind = TokenKind::pipe;
    } else if (c == ':') {
      ++pos_;
      t.kind = TokenKind::colon;
    } else if (c == '"' || c == '\'') {
      read_string(t);
    } else if (ident_start(c)) {
      read_name(t);
    } else {
      ++pos_;
      t.kind = TokenKind::bad;
      t.text = std::string(1, c);
    }
    return t;
  }

  [[nodiscard]] std::size_t offset() const { return pos_; }

 private:
  // ident ( "." ident )*; a dot not followed by an identifier makes the token bad.
  void read_name(Token& t) {
    t.kind = TokenKind::name;
    while (true) {
      while (pos_ < text_.size() && ident_char(text_[pos_])) t.text += text_[pos_++];
      if (pos_ < text_.size() && text_[pos_] == '.') {
        t.text += text_[pos_++];
        if (pos_ >= text_.size() || !ident_start(text_[pos_])) {
          t.kind = TokenKind::bad;
          return;
        }
        continue;
      }
      return;
    }
  }

  // A quoted string; an unterminated one (end of line or text) is bad.
  void read_string(Token& t) {
    const char quote = text_[pos_++];
    while (pos_ < text_.size() && text_[pos_] != '\n') {
      const char c = text_[pos_++];
      if (c == quote) {
        t.kind = TokenKind::string;
        return;
      }
      if (c == '\\' && pos_ < text_.size() && (text_[pos_] == quote || text_[pos_] == '\\')) {
        t.text += text_[pos_++];
      } else {
        t.text += c;
      }
    }
    t.kind = TokenKind::bad;
    t.text = "unterminated string";
  }

  std::string_view text_;
  std::size_t pos_;
};

std::string describe(const Token& t) {
  switch (t.kind) {
    case TokenKind::name: return "'" + t.text + "'";
    case TokenKind::pipe: return "'|'";
    case TokenKind::colon: return "':'";
    case TokenKind::string: return "a string";
    case TokenKind::close: return "'}}'";
    case TokenKind::end: return "the end of the line";
    case TokenKind::bad: return t.text == "unterminated string" ? "an unterminated string" : "'" + t.text + "'";
  }
  return {};
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Expected<PlaceholderText, PlaceholderError> parse() {
    PlaceholderText out;
    std::size_t pos = 0;
    while (pos < text_.size()) {
      const auto open = text_.find("{{", pos);
      if (open == std::string_view::npos) {
        out.pieces.push_back({std::string(text_.substr(pos)), std::nullopt});
        break;
      }
      if (open > pos) out.pieces.push_back({std::string(text_.substr(pos, open - pos)), std::nullopt});
      auto placeholder = parse_one(open);
      if (!placeholder) return Unexpected(std::move(placeholder).error());
      pos = open + placeholder->source.size();
      out.pieces.push_back({{}, std::move(*placeholder)});
    }
    return out;
  }

 private:
  Unexpected<PlaceholderError> error(std::size_t offset, std::string message) const {
    return Unexpected(PlaceholderError{position_of(text_, offset), std::move(message)});
  }

  // One placeholder whose "{{" is at `open`.
  Expected<Placeholder, PlaceholderError> parse_one(std::size_t open) {
    Lexer lexer(text_, open + 2);
    Placeholder p;
    p.at = position_of(text_, open);
    const std::string where = " in the placeholder at " + std::to_string(p.at.line) + ":" + std::to_string(p.at.column);
    Token t = lexer.next();
    if (t.kind == TokenKind::close) return error(open, "empty placeholder '{{}}'");
    if (t.kind == TokenKind::end) return error(open, "unclosed '{{'");
    if (t.kind != TokenKind::name) return error(t.offset, "expected a name such as ticket.number, found " + describe(t) + where);
    p.name = t.text;
    while (true) {
      t = lexer.next();
      if (t.kind == TokenKind::close) break;
      if (t.kind == TokenKind::end) return error(open, "unclosed '{{' (expected '}}' after '" + p.name + "')");
      if (t.kind != TokenKind::pipe) return error(t.offset, "expected '}}' or '| default: \"text\"', found " + describe(t) + where);
      const Token filter = lexer.next();
      if (filter.kind != TokenKind::name) return error(filter.offset, "expected a filter name after '|', found " + describe(filter) + where);
      if (filter.text != "default") return error(filter.offset, "unknown filter '" + filter.text + "' (valid: default)");
      if (p.fallback) return error(filter.offset, "default is given twice" + where);
      if (const Token colon = lexer.next(); colon.kind != TokenKind::colon) {
        return error(colon.offset, "default takes ': \"text\"', found " + describe(colon) + where);
      }
      const Token value = lexer.next();
      if (value.kind != TokenKind::string) return error(value.offset, "default takes a quoted text, found " + describe(value) + where);
      p.fallback = value.text;
    }
    p.source = std::string(text_.substr(open, lexer.offset() - open));
    return p;
  }

  std::string_view text_;
};

}  // namespace

bool PlaceholderText::has_placeholders() const {
  return std::any_of(pieces.begin(), pieces.end(), [](const Piece& p) { return p.placeholder.has_value(); });
}

std::string PlaceholderError::text() const {
  return std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + message;
}

Expected<PlaceholderText, PlaceholderError> parse_placeholders(std::string_view text) { return Parser(text).parse(); }

RenderedText render_placeholders(const PlaceholderText& text, const PlaceholderLookup& lookup) {
  RenderedText out;
  for (const auto& piece : text.pieces) {
    if (!piece.placeholder) {
      out.text += piece.literal;
      continue;
    }
    const auto& p = *piece.placeholder;
    const auto value = lookup(p.name);
    if (value.known && !value.text.empty()) {
      out.text += value.text;
    } else if (value.known && p.fallback) {
      out.text += *p.fallback;
    } else {
      out.text += p.source;
      if (std::find(out.unresolved.begin(), out.unresolved.end(), p.name) == out.unresolved.end()) {
        out.unresolved.push_back(p.name);
      }
    }
  }
  return out;
}

}  // namespace frontdesk::core
