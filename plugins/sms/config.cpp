// SPDX-License-Identifier: Apache-2.0
#include "config.hpp"

#include "provider/channel_config.hpp"

namespace frontdesk::sms {

Config parse_config(std::string_view json) {
  const provider::ChannelConfig o("sms", json);
  Config c;
  c.account_sid = o.text("account_sid", "");
  c.auth_token = o.text("auth_token", "");
  c.from = o.text("from", "");
  c.api_base = o.text("api_base", c.api_base);
  c.public_url = o.text("public_url", "");
  c.http_timeout = o.millis("http_timeout_ms", 15000, 100, 600000);
  c.max_media_bytes =
      static_cast<std::size_t>(o.integer("max_media_bytes", 5 * 1024 * 1024, 1, 1LL << 30));
  o.require("account_sid", c.account_sid);
  o.require("auth_token", c.auth_token);
  o.require("from", c.from);
  o.require("public_url", c.public_url);
  c.api_base = o.base_url("api_base", c.api_base);
  o.require_url("public_url", c.public_url);
  return c;
}

}  // namespace frontdesk::sms
