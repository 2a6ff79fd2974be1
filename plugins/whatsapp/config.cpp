// SPDX-License-Identifier: Apache-2.0
#include "config.hpp"

#include "provider/channel_config.hpp"

namespace frontdesk::whatsapp {

Config parse_config(std::string_view json) {
  const provider::ChannelConfig o("whatsapp", json);
  Config c;
  c.phone_number_id = o.text("phone_number_id", "");
  c.access_token = o.text("access_token", "");
  c.app_secret = o.text("app_secret", "");
  c.verify_token = o.text("verify_token", "");
  c.api_base = o.text("api_base", c.api_base);
  c.template_name = o.text("template_name", "");
  c.template_language = o.text("template_language", c.template_language);
  c.http_timeout = o.millis("http_timeout_ms", 15000, 100, 600000);
  c.max_media_bytes =
      static_cast<std::size_t>(o.integer("max_media_bytes", 16 * 1024 * 1024, 1, 1LL << 30));
  o.require("app_secret", c.app_secret);
  o.require("verify_token", c.verify_token);
  o.require("access_token", c.access_token);
  o.require("phone_number_id", c.phone_number_id);
  c.api_base = o.base_url("api_base", c.api_base);
  return c;
}

}  // namespace frontdesk::whatsapp
