// SPDX-License-Identifier: Apache-2.0
#pragma once
// Article bodies: GitHub-flavoured Markdown rendered by cmark-gfm in its safe mode (raw HTML
// is dropped), with every link and image address checked against an allow-list of schemes
// (http, https, mailto, tel; images http and https), so `javascript:` and its disguises
// (entities, control characters, mixed case) never reach a page. Pure: no I/O.
#include <string>
#include <string_view>

namespace frontdesk::kb {

struct RenderedMarkdown {
  std::string html;
  std::string plain;  // the text without markup, for search and snippets
};

RenderedMarkdown render_markdown(std::string_view markdown);

// Whether an address may be a link's (images: `image`) target: relative, or with an allowed
// scheme once ASCII whitespace and control characters are dropped, as browsers drop them.
bool safe_url(std::string_view url, bool image);

}  // namespace frontdesk::kb
