// SPDX-License-Identifier: Apache-2.0
// The C structs expanded from plugin.h's field lists keep the layout plugins were built
// against: a field list edited in the middle (not appended to) fails here, not in the field.
#include <frontdesk/plugin.h>

#include <gtest/gtest.h>

#include <cstddef>

namespace {

// Offsets of ABI version 1 on LP64, written out by hand once.
TEST(PluginAbiLayout, InboundMessageKeepsVersionOneOffsets) {
  static_assert(sizeof(void*) == 8, "the offsets below are LP64's");
  EXPECT_EQ(offsetof(fd_inbound_message, struct_size), 0U);
  EXPECT_EQ(offsetof(fd_inbound_message, external_id), 8U);
  EXPECT_EQ(offsetof(fd_inbound_message, identity_kind), 24U);
  EXPECT_EQ(offsetof(fd_inbound_message, identity_value), 40U);
  EXPECT_EQ(offsetof(fd_inbound_message, customer_name), 56U);
  EXPECT_EQ(offsetof(fd_inbound_message, customer_language), 72U);
  EXPECT_EQ(offsetof(fd_inbound_message, ticket_ref), 88U);
  EXPECT_EQ(offsetof(fd_inbound_message, thread_keys), 104U);
  EXPECT_EQ(offsetof(fd_inbound_message, thread_key_count), 112U);
  EXPECT_EQ(offsetof(fd_inbound_message, own_thread_key), 120U);
  EXPECT_EQ(offsetof(fd_inbound_message, subject), 136U);
  EXPECT_EQ(offsetof(fd_inbound_message, body), 152U);
  EXPECT_EQ(offsetof(fd_inbound_message, category), 168U);
  EXPECT_EQ(offsetof(fd_inbound_message, priority), 184U);
  EXPECT_EQ(offsetof(fd_inbound_message, attachments), 200U);
  EXPECT_EQ(offsetof(fd_inbound_message, attachment_count), 208U);
  EXPECT_EQ(offsetof(fd_inbound_message, metadata_json), 216U);
  EXPECT_EQ(offsetof(fd_inbound_message, flags), 232U);
  EXPECT_EQ(sizeof(fd_inbound_message), 240U);
}

TEST(PluginAbiLayout, AttachmentKeepsVersionOneOffsets) {
  EXPECT_EQ(offsetof(fd_attachment, filename), 0U);
  EXPECT_EQ(offsetof(fd_attachment, content_type), 16U);
  EXPECT_EQ(offsetof(fd_attachment, data), 32U);
  EXPECT_EQ(offsetof(fd_attachment, content_id), 48U);
  EXPECT_EQ(sizeof(fd_attachment), 64U);
}

TEST(PluginAbiLayout, OutboundMessageKeepsVersionOneOffsets) {
  EXPECT_EQ(offsetof(fd_outbound_message, outbox_id), 8U);
  EXPECT_EQ(offsetof(fd_outbound_message, ticket_id), 16U);
  EXPECT_EQ(offsetof(fd_outbound_message, message_id), 24U);
  EXPECT_EQ(offsetof(fd_outbound_message, ticket_number), 32U);
  EXPECT_EQ(offsetof(fd_outbound_message, to_kind), 48U);
  EXPECT_EQ(offsetof(fd_outbound_message, to_value), 64U);
  EXPECT_EQ(offsetof(fd_outbound_message, subject), 80U);
  EXPECT_EQ(offsetof(fd_outbound_message, body), 96U);
  EXPECT_EQ(offsetof(fd_outbound_message, metadata_json), 112U);
  EXPECT_EQ(offsetof(fd_outbound_message, attempt), 128U);
  EXPECT_EQ(offsetof(fd_outbound_message, last_inbound_at_ms), 136U);
  EXPECT_EQ(sizeof(fd_outbound_message), 144U);
}

// The host table only grows: the WebSocket functions come after every older member.
TEST(PluginAbiLayout, HostApiAppendsLongLivedConnections) {
  EXPECT_EQ(offsetof(fd_host_api, annotate_message), 56U);
  EXPECT_GT(offsetof(fd_host_api, register_websocket), offsetof(fd_host_api, annotate_message));
  EXPECT_GT(offsetof(fd_host_api, ws_send), offsetof(fd_host_api, register_websocket));
  EXPECT_GT(offsetof(fd_host_api, ws_close), offsetof(fd_host_api, ws_send));
  EXPECT_GT(offsetof(fd_host_api, ws_release), offsetof(fd_host_api, ws_close));
  EXPECT_EQ(FD_PLUGIN_ABI_VERSION, 1U);
}

// The descriptor only grows: what a reload applies comes after `deliver`, so a plugin built
// before it still loads (the host reads the new fields only when struct_size covers them).
TEST(PluginAbiLayout, DescriptorAppendsReloadableSettings) {
  EXPECT_EQ(offsetof(fd_plugin, deliver), 72U);
  EXPECT_EQ(offsetof(fd_plugin, reloadable_keys), 80U);
  EXPECT_GT(offsetof(fd_plugin, reloadable_key_count), offsetof(fd_plugin, reloadable_keys));
  EXPECT_GT(offsetof(fd_plugin, reconfigure), offsetof(fd_plugin, reloadable_key_count));
}

}  // namespace
