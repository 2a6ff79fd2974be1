// SPDX-License-Identifier: Apache-2.0
#include "provider/signatures.hpp"

#include <gtest/gtest.h>

namespace frontdesk::provider {
namespace {

// RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
TEST(HmacSha256, Rfc4231TestCase2) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HubSignature, AcceptsTheRightDigestInEitherCase) {
  const std::string body = R"({"object":"whatsapp_business_account","entry":[]})";
  const std::string hex = hmac_sha256_hex("app-secret", body);
  EXPECT_TRUE(valid_hub_signature("sha256=" + hex, body, "app-secret"));
  std::string upper = hex;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(valid_hub_signature("sha256=" + upper, body, "app-secret"));
}

TEST(HubSignature, RefusesWrongMissingOrMalformed) {
  const std::string body = "{}";
  const std::string hex = hmac_sha256_hex("app-secret", body);
  EXPECT_FALSE(valid_hub_signature("sha256=" + hex, body + " ", "app-secret"));
  EXPECT_FALSE(valid_hub_signature("sha256=" + hex, body, "other-secret"));
  EXPECT_FALSE(valid_hub_signature(hex, body, "app-secret"));
  EXPECT_FALSE(valid_hub_signature("sha1=" + hex, body, "app-secret"));
  EXPECT_FALSE(valid_hub_signature("sha256=" + hex.substr(1), body, "app-secret"));
  EXPECT_FALSE(valid_hub_signature("", body, "app-secret"));
  EXPECT_FALSE(valid_hub_signature("sha256=" + hmac_sha256_hex("", body), body, "")) << "no secret, no trust";
}

// The worked examples of https://www.twilio.com/docs/usage/security (auth token 12345);
// the page has shown both caller numbers over the years.
TEST(TwilioSignature, DocumentedExamples) {
  const std::string url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  EXPECT_EQ(twilio_signature("12345", url,
                             {{"CallSid", "CA1234567890ABCDE"}, {"Caller", "+14158675309"}, {"Digits", "1234"},
                              {"From", "+14158675309"}, {"To", "+18005551212"}}),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  EXPECT_TRUE(valid_twilio_signature("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", "12345", url,
                                     {{"To", "+18005551212"}, {"From", "+12349013030"}, {"Digits", "1234"},
                                      {"Caller", "+12349013030"}, {"CallSid", "CA1234567890ABCDE"}}));
}

TEST(TwilioSignature, AnyChangeBreaksIt) {
  const std::string url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  const std::vector<std::pair<std::string, std::string>> params{
      {"CallSid", "CA1234567890ABCDE"}, {"Caller", "+14158675309"}, {"Digits", "1234"},
      {"From", "+14158675309"}, {"To", "+18005551212"}};
  EXPECT_FALSE(valid_twilio_signature("RSOYDt4T1cUTdK1PDd93/VVr8B8=", "12346", url, params));
  EXPECT_FALSE(valid_twilio_signature("RSOYDt4T1cUTdK1PDd93/VVr8B8=", "12345", url + "&x=1", params));
  auto changed = params;
  changed[2].second = "9999";
  EXPECT_FALSE(valid_twilio_signature("RSOYDt4T1cUTdK1PDd93/VVr8B8=", "12345", url, changed));
  EXPECT_FALSE(valid_twilio_signature("", "12345", url, params));
}

TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
}

}  // namespace
}  // namespace frontdesk::provider
