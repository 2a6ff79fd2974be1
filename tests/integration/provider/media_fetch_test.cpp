// SPDX-License-Identifier: Apache-2.0
// provider::fetch_media against two real HTTP servers on loopback (two origins): the
// provider's API, which redirects, and a storage host that serves the files.
#include "provider/media_fetch.hpp"

#include "http/router.hpp"
#include "http/server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace frontdesk::provider {
namespace {

using namespace std::chrono_literals;

constexpr const char* kCredentials = "Basic QUMxOnRva2Vu";

// One origin: routes answering fixed responses, remembering the Authorization header
// each path was asked with ("-" when none).
class Origin {
 public:
  Origin() : router_(std::make_shared<http::Router>()) {}
  ~Origin() {
    server_.reset();
    work_.reset();
    thread_.join();
  }
  Origin(const Origin&) = delete;
  Origin& operator=(const Origin&) = delete;

  void answer(const std::string& path, http::Response response) {
    router_->add("GET", path, [this, path, response](http::Request request, http::Responder out) {
      {
        std::lock_guard lock(mutex_);
        seen_[path] = std::string(request.header("authorization").value_or("-"));
      }
      out.send(response);
    });
  }
  void redirect(const std::string& path, unsigned status, const std::string& location) {
    http::Response r = http::Response::text(status, "");
    r.headers.emplace_back("Location", location);
    answer(path, r);
  }
  void start() {
    http::ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<http::Server>(io_, router_, options);
    server_->start();
    thread_ = std::thread([this] { io_.run(); });
  }
  [[nodiscard]] std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server_->local_port()) + path;
  }
  [[nodiscard]] std::string seen(const std::string& path) {
    std::lock_guard lock(mutex_);
    const auto it = seen_.find(path);
    return it == seen_.end() ? "never asked" : it->second;
  }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ =
      boost::asio::make_work_guard(io_);
  std::shared_ptr<http::Router> router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::mutex mutex_;
  std::map<std::string, std::string> seen_;
};

class MediaFetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage_.answer("/file",
                    http::Response{200, "image/png", std::string("\x89PNG-bytes", 10), {}, {}});
    storage_.answer("/big", http::Response{200, "video/mp4", std::string(5000, 'v'), {}, {}});
    storage_.start();
    api_.answer("/same", http::Response{200, "image/jpeg", "jpeg-bytes", {}, {}});
    api_.redirect("/elsewhere", 307, storage_.url("/file"));
    api_.redirect("/relative", 302, "/same");
    api_.redirect("/loop", 302, "/loop");
    api_.redirect("/to-big", 301, storage_.url("/big"));
    api_.answer("/busy", http::Response::text(503, "later"));
    api_.answer("/throttled", http::Response::text(429, "slow down"));
    api_.answer("/gone", http::Response::text(404, "no such media"));
    api_.start();
  }

  MediaRequest request(const std::string& path, std::size_t max_bytes = 1024) {
    return {api_.url(path), kCredentials, api_.url("/"), 5000ms, max_bytes};
  }

  Origin storage_;
  Origin api_;
};

TEST_F(MediaFetchTest, CredentialsGoToTheirOriginOnly) {
  const auto direct = fetch_media(request("/same"));
  EXPECT_EQ(direct.body, "jpeg-bytes");
  EXPECT_EQ(direct.content_type, "image/jpeg");
  EXPECT_EQ(api_.seen("/same"), kCredentials);

  const auto moved = fetch_media(request("/elsewhere"));
  EXPECT_EQ(moved.body, std::string("\x89PNG-bytes", 10));
  EXPECT_EQ(moved.content_type, "image/png");
  EXPECT_EQ(api_.seen("/elsewhere"), kCredentials);
  EXPECT_EQ(storage_.seen("/file"), "-") << "the storage host never sees the credentials";
}

TEST_F(MediaFetchTest, NoCredentialsForAUrlOutsideTheirOrigin) {
  MediaRequest r = request("/same");
  r.url = storage_.url("/file");
  EXPECT_EQ(fetch_media(r).body, std::string("\x89PNG-bytes", 10));
  EXPECT_EQ(storage_.seen("/file"), "-");
}

TEST_F(MediaFetchTest, RelativeRedirectsStayOnTheOrigin) {
  EXPECT_EQ(fetch_media(request("/relative")).body, "jpeg-bytes");
  EXPECT_EQ(api_.seen("/same"), kCredentials);
}

TEST_F(MediaFetchTest, EndlessRedirectsAreRefused) {
  EXPECT_THROW((void)fetch_media(request("/loop")), MediaRefused);
}

TEST_F(MediaFetchTest, TooLargeIsRefusedForGood) {
  try {
    (void)fetch_media(request("/to-big", 4096));
    FAIL() << "accepted";
  } catch (const MediaRefused& e) {
    EXPECT_NE(std::string(e.what()).find("larger than 4096 bytes"), std::string::npos) << e.what();
  }
  EXPECT_EQ(fetch_media(request("/to-big", 5000)).body.size(), 5000U)
      << "the cap itself is allowed";
}

TEST_F(MediaFetchTest, ServerTroubleIsWorthRetryingAndA4xxIsNot) {
  for (const char* path : {"/busy", "/throttled"}) {
    try {
      (void)fetch_media(request(path));
      FAIL() << path << " accepted";
    } catch (const MediaRefused&) {
      FAIL() << path << " refused for good";
    } catch (const HttpError&) {
    }
  }
  EXPECT_THROW((void)fetch_media(request("/gone")), MediaRefused);
  MediaRequest closed = request("/same");
  closed.url = "http://127.0.0.1:1/nothing-listens";
  EXPECT_THROW((void)fetch_media(closed), HttpError);
}

}  // namespace
}  // namespace frontdesk::provider
