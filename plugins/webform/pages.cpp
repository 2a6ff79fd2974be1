#include "pages.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <utility>

namespace frontdesk::webform {

namespace {

constexpr std::string_view kStyle = R"(<style>
body{margin:0;background:#f4f5f7;color:#1f2430;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
main{max-width:40rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.6rem;margin-top:0}
label{display:block;margin-top:1rem;font-weight:600}
input,select,textarea{box-sizing:border-box;width:100%;margin-top:.25rem;padding:.5rem;border:1px solid #767f8f;border-radius:4px;font:inherit;color:inherit;background:#fff}
textarea{min-height:10rem;resize:vertical}
input:focus,select:focus,textarea:focus,button:focus,a:focus{outline:3px solid #1d4ed8;outline-offset:2px}
.hint{margin:.25rem 0 0;color:#4a5263;font-size:.9rem}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
button{margin-top:1.5rem;padding:.6rem 1.5rem;border:0;border-radius:4px;background:#1d4ed8;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button:hover{background:#1e40af}
code{display:inline-block;padding:.2rem .4rem;background:#eef0f4;border-radius:4px;word-break:break-all}
a{color:#1d4ed8}
.suggestions ul{margin:.25rem 0 0;padding-left:1.25rem}
.incident-banner{margin:0 0 1.5rem;padding:.75rem 1rem;background:#fff7e0;border-left:6px solid #c2410c;border-radius:4px}
.incident-banner h2{font-size:1.05rem;margin:0 0 .25rem}
.incident-banner ul{margin:0;padding-left:1.25rem}
</style>
)";

// Human names of the seed 003 categories, in its order.
constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kCategoryLabels = {{
    {"account", "Account"},
    {"booking", "Booking"},
    {"payment", "Payment"},
    {"technical", "Technical problem"},
    {"billing", "Billing"},
    {"complaint", "Complaint"},
    {"feature_request", "Feature request"},
    {"bug_report", "Bug report"},
    {"general", "General question"},
    {"other", "Other"},
}};

std::string page(std::string_view title, std::string_view content) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + html_escape(title) + "</title>\n";
  out += kStyle;
  out += "</head>\n<body>\n<main>\n";
  out += content;
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
        break;
    }
  }
  return out;
}

std::string incident_banner(std::string_view incidents_json) {
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(incidents_json, ec);
  const auto* root = !ec && parsed.is_object() ? &parsed.get_object() : nullptr;
  const auto* list = root != nullptr ? root->if_contains("incidents") : nullptr;
  if (list == nullptr || !list->is_array()) return {};
  std::string items;
  for (const auto& v : list->get_array()) {
    const auto* o = v.if_object();
    const auto* title = o != nullptr ? o->if_contains("title") : nullptr;
    const auto* href = o != nullptr ? o->if_contains("href") : nullptr;
    if (title == nullptr || href == nullptr || !title->is_string() || !href->is_string()) continue;
    items += "<li><a href=\"" + html_escape(href->get_string()) + "\">" + html_escape(title->get_string()) +
             "</a></li>\n";
  }
  if (items.empty()) return {};
  return "<aside class=\"incident-banner\" aria-labelledby=\"fd-incidents\">\n"
         "<h2 id=\"fd-incidents\">A problem we are working on</h2>\n<ul>\n" +
         items + "</ul>\n<p>Follow it on the <a href=\"/status\">status page</a>; there is no need to tell us about it.</p>\n</aside>\n";
}

std::string format_size(std::size_t bytes) {
  constexpr std::size_t kKiB = 1024;
  constexpr std::size_t kMiB = kKiB * kKiB;
  if (bytes >= kMiB && bytes % kMiB == 0) {
    return std::to_string(bytes / kMiB) + " MB";
  }
  if (bytes >= kKiB && bytes % kKiB == 0) {
    return std::to_string(bytes / kKiB) + " KB";
  }
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

std::string form_page(std::string_view title, std::size_t max_attachments,
                      std::size_t max_attachment_bytes, std::string_view incidents_json) {
  std::string form = incident_banner(incidents_json);
  form += "<h1>" + html_escape(title) + "</h1>\n";
  form +=
      "<p>Tell us how we can help and we will answer by email. "
      "Required fields are marked with an asterisk (*).</p>\n";
  form +=
      "<form method=\"post\" action=\"/api/v1/support/tickets\" "
      "enctype=\"multipart/form-data\" accept-charset=\"UTF-8\">\n";
  form +=
      "<label for=\"fd-name\">Your name <span aria-hidden=\"true\">*</span></label>\n"
      "<input id=\"fd-name\" name=\"name\" type=\"text\" required maxlength=\"200\" "
      "autocomplete=\"name\">\n";
  form +=
      "<label for=\"fd-email\">Email address <span aria-hidden=\"true\">*</span></label>\n"
      "<input id=\"fd-email\" name=\"email\" type=\"email\" required maxlength=\"254\" "
      "autocomplete=\"email\">\n";
  form +=
      "<label for=\"fd-subject\">Subject <span aria-hidden=\"true\">*</span></label>\n"
      "<input id=\"fd-subject\" name=\"subject\" type=\"text\" required maxlength=\"200\">\n"
      // Filled by /assets/suggest.js as the subject and description are typed.
      "<div id=\"fd-suggestions\" class=\"suggestions\" aria-live=\"polite\" "
      "data-heading=\"These articles may answer your question:\" "
      "data-new-tab=\"opens in a new tab\"></div>\n";
  form +=
      "<label for=\"fd-category\">Category</label>\n<select id=\"fd-category\" name=\"category\">\n"
      "<option value=\"\">Choose a category (optional)</option>\n";
  for (const auto& [value, label] : kCategoryLabels) {
    form += "<option value=\"" + std::string(value) + "\">" + std::string(label) + "</option>\n";
  }
  form += "</select>\n";
  form +=
      "<label for=\"fd-description\">Description <span aria-hidden=\"true\">*</span></label>\n"
      "<textarea id=\"fd-description\" name=\"description\" required maxlength=\"20000\" "
      "aria-describedby=\"fd-description-hint\"></textarea>\n"
      "<p id=\"fd-description-hint\" class=\"hint\">What happened, what you expected, and any "
      "order or booking numbers.</p>\n";
  if (max_attachments > 0) {
    form +=
        "<label for=\"fd-attachments\">Attachments</label>\n"
        "<input id=\"fd-attachments\" name=\"attachments\" type=\"file\" multiple "
        "aria-describedby=\"fd-attachments-hint\">\n"
        "<p id=\"fd-attachments-hint\" class=\"hint\">Up to " +
        std::to_string(max_attachments) + (max_attachments == 1 ? " file" : " files") +
        ", at most " + format_size(max_attachment_bytes) + " each.</p>\n";
  }
  // The honeypot: invisible and unreachable for people, tempting for form-filling bots.
  form +=
      "<div class=\"hp\" aria-hidden=\"true\">\n"
      "<label for=\"fd-website\">Leave this field empty</label>\n"
      "<input id=\"fd-website\" name=\"website\" type=\"text\" autocomplete=\"off\" "
      "tabindex=\"-1\">\n</div>\n";
  form += "<button type=\"submit\">Send request</button>\n</form>\n";
  form += "<script src=\"/assets/suggest.js\" defer></script>\n";
  return page(title, form);
}

std::string ticket_page(std::string_view title, std::string_view ticket_number,
                        std::string_view access_token, bool created) {
  std::string content;
  if (created) {
    content += "<h1>Thank you, we received your request</h1>\n";
    content +=
        "<p>Your ticket number is <strong>" + html_escape(ticket_number) +
        "</strong>. We will answer by email; please quote this number if you write to us.</p>\n";
  } else {
    content += "<h1>We already have this request</h1>\n";
    content += "<p>It was received earlier as ticket <strong>" + html_escape(ticket_number) +
               "</strong>. Nothing was sent twice.</p>\n";
  }
  if (!access_token.empty()) {
    content +=
        "<p>Keep this access token to follow your ticket online. It is shown only once:</p>\n"
        "<p><code>" +
        html_escape(access_token) + "</code></p>\n";
  }
  content += "<p><a href=\"/support/new\">Send another request</a></p>\n";
  return page(title, content);
}

std::string message_page(std::string_view title, std::string_view heading,
                         std::string_view message) {
  std::string content;
  content += "<h1>" + html_escape(heading) + "</h1>\n";
  content += "<p>" + html_escape(message) + "</p>\n";
  content += "<p><a href=\"/support/new\">Back to the form</a></p>\n";
  return page(title, content);
}

}  // namespace frontdesk::webform
