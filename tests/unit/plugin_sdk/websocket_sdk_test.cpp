// SPDX-License-Identifier: Apache-2.0
// The WebSocket half of the SDK (sdk::Host::websocket, sdk::WebSocket) through the fake
// host, with the ws_echo fixture plugin (tests/fixtures/plugins/ws_echo.cpp) linked in.
#include <frontdesk/testing.hpp>

#include <gtest/gtest.h>

extern "C" const fd_plugin* frontdesk_plugin(void);

namespace {

using frontdesk::sdk::testing::FakeHost;

class WsEcho : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(host_.create(*frontdesk_plugin(), {{"max_queued_bytes", "4096"}}), ""); }

  std::string stats() {
    auto exchange = host_.request("GET", "/ws/echo/stats");
    return exchange && exchange->response ? exchange->response->body : "";
  }

  FakeHost host_;
};

TEST_F(WsEcho, RegistersItsRouteWithTheDeclaredLimits) {
  ASSERT_EQ(host_.websockets.size(), 1U);
  EXPECT_EQ(host_.websockets[0].pattern, "/ws/echo");
  EXPECT_EQ(host_.websockets[0].route.max_message_bytes, 1024U);
  EXPECT_EQ(host_.websockets[0].route.max_queued_bytes, 4096U);
  EXPECT_EQ(host_.websockets[0].route.struct_size, sizeof(fd_ws_route));
}

TEST_F(WsEcho, EchoesTextAndBinaryInOrder) {
  auto client = host_.connect("/ws/echo");
  ASSERT_TRUE(client && client->accepted());
  for (int i = 0; i < 100; ++i) client->send_text("m" + std::to_string(i));
  client->send_binary(std::string("\x00\xff", 2));
  const auto frames = client->frames();
  ASSERT_EQ(frames.size(), 101U);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(frames[i].data, "m" + std::to_string(i));
  EXPECT_EQ(frames[100].type, FD_WS_BINARY);
  EXPECT_EQ(frames[100].data, std::string("\x00\xff", 2));
}

TEST_F(WsEcho, RefusesWithTheStatusThePluginChose) {
  auto client = host_.connect("/ws/echo", "refuse=1");
  ASSERT_TRUE(client);
  EXPECT_EQ(client->refused_status(), 403);
  EXPECT_FALSE(host_.connect("/ws/nowhere"));
}

TEST_F(WsEcho, PluginCloseEndsTheSessionAndReleasesTheHandle) {
  auto client = host_.connect("/ws/echo");
  client->send_text("close");
  EXPECT_EQ(client->plugin_close_code(), 4000);
  EXPECT_TRUE(client->closed());
  EXPECT_TRUE(client->released());
  EXPECT_NE(stats().find("\"lastCloseCode\":4000"), std::string::npos) << stats();
}

TEST_F(WsEcho, SendingAfterThePeerLeftIsHarmless) {
  auto client = host_.connect("/ws/echo");
  client->send_text("remember");
  client->close(FD_WS_CLOSE_NORMAL, "bye");
  EXPECT_FALSE(client->released()) << "the plugin still holds the handle";
  auto exchange = host_.request("POST", "/ws/echo/remembered");
  ASSERT_TRUE(exchange && exchange->response);
  EXPECT_EQ(exchange->response->body, R"(["closed"])");
  EXPECT_EQ(client->frames().size(), 1U);  // only the echo of "remember"
}

TEST_F(WsEcho, ASlowClientIsDroppedNotWaitedFor) {
  host_.max_queued_frames = 3;
  auto client = host_.connect("/ws/echo");
  client->send_text("flood:10");
  EXPECT_EQ(client->frames().size(), 3U);
  EXPECT_TRUE(client->closed());
  EXPECT_NE(stats().find("\"dropped\":1"), std::string::npos) << stats();
  EXPECT_NE(stats().find("\"lastCloseCode\":1006"), std::string::npos) << stats();
}

TEST_F(WsEcho, DestroyClosesOpenConnectionsWithGoingAway) {
  auto client = host_.connect("/ws/echo");
  host_.destroy();
  EXPECT_TRUE(client->closed());
  EXPECT_TRUE(client->released());
}

TEST(WsEchoOnAnOldHost, CreateFailsWithAClearReason) {
  FakeHost host;
  host.mutable_api().struct_size = offsetof(fd_host_api, register_websocket);  // before WebSocket
  const std::string error = host.create(*frontdesk_plugin());
  EXPECT_NE(error.find("offers no WebSocket routes"), std::string::npos) << error;
}

}  // namespace
