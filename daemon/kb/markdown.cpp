// SPDX-License-Identifier: Apache-2.0
#include "kb/markdown.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <array>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace frontdesk::kb {

namespace {

constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART;
constexpr std::array kExtensions{"table", "strikethrough", "autolink", "tasklist"};

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterDeleter {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};

std::string take(char* text) {
  if (text == nullptr) throw std::bad_alloc();
  std::string out(text);
  cmark_get_default_mem_allocator()->free(text);
  return out;
}

// The plain text is what search indexes and snippets quote: the markers the search uses to
// highlight (U+0001, U+0002) never come from an article.
std::string without_markers(std::string text) {
  std::erase_if(text, [](char c) { return c == '\x01' || c == '\x02'; });
  return text;
}

}  // namespace

bool safe_url(std::string_view url, bool image) {
  std::string folded;
  folded.reserve(url.size());
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) continue;
    folded += static_cast<char>(std::tolower(u));
  }
  const auto colon = folded.find(':');
  const auto end_of_scheme = folded.find_first_of("/?#");
  if (colon == std::string::npos || (end_of_scheme != std::string::npos && end_of_scheme < colon)) {
    return true;  // relative: a path, a query or a fragment
  }
  const std::string_view scheme = std::string_view(folded).substr(0, colon);
  if (scheme == "http" || scheme == "https") return true;
  return !image && (scheme == "mailto" || scheme == "tel");
}

RenderedMarkdown render_markdown(std::string_view markdown) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });

  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(kOptions));
  if (!parser) throw std::bad_alloc();
  for (const char* name : kExtensions) {
    if (auto* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeDeleter> doc(cmark_parser_finish(parser.get()));
  if (!doc) throw std::bad_alloc();

  // Links and images whose address is not allowed keep their text and lose the address.
  {
    std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(doc.get()));
    for (auto ev = cmark_iter_next(it.get()); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(it.get())) {
      if (ev != CMARK_EVENT_ENTER) continue;
      cmark_node* node = cmark_iter_get_node(it.get());
      const auto type = cmark_node_get_type(node);
      if (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE) continue;
      const char* url = cmark_node_get_url(node);
      if (url != nullptr && !safe_url(url, type == CMARK_NODE_IMAGE)) cmark_node_set_url(node, "");
    }
  }

  RenderedMarkdown out;
  out.html = take(cmark_render_html(doc.get(), kOptions, cmark_parser_get_syntax_extensions(parser.get())));
  out.plain = without_markers(take(cmark_render_plaintext(doc.get(), kOptions, 0)));
  return out;
}

}  // namespace frontdesk::kb
