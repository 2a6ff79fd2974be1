// SPDX-License-Identifier: Apache-2.0
// The providers' HTTP client over real TLS: a server whose certificate chains to a trusted
// CA (SSL_CERT_FILE) is reached; one with an untrusted certificate is refused. The servers
// are `openssl s_server` processes with certificates made for the test.
#include "provider/http_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace frontdesk::provider {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

int run(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()); }

unsigned short free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::address_v4::loopback(), 0});
  return acceptor.local_endpoint().port();
}

class TlsServer {
 public:
  TlsServer(const fs::path& cert, const fs::path& key) : port_(free_port()) {
    pid_ = ::fork();
    if (pid_ == 0) {
      const std::string accept = "127.0.0.1:" + std::to_string(port_);
      ::execlp("openssl", "openssl", "s_server", "-quiet", "-www", "-accept", accept.c_str(), "-cert",
               cert.c_str(), "-key", key.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // Ready once it accepts a TCP connection.
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      boost::asio::io_context io;
      boost::asio::ip::tcp::socket socket(io);
      boost::system::error_code ec;
      socket.connect({boost::asio::ip::address_v4::loopback(), port_}, ec);
      if (!ec) return;
      std::this_thread::yield();
    }
    ADD_FAILURE() << "openssl s_server did not start";
  }
  TlsServer(const TlsServer&) = delete;
  TlsServer& operator=(const TlsServer&) = delete;
  ~TlsServer() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  [[nodiscard]] unsigned short port() const { return port_; }

 private:
  unsigned short port_;
  pid_t pid_ = -1;
};

class HttpsClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("fd-tls-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    const std::string d = dir_.string();
    ASSERT_EQ(run("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=Frontdesk Test CA' -keyout " + d +
                  "/ca.key -out " + d + "/ca.pem"),
              0);
    ASSERT_EQ(run("openssl req -newkey rsa:2048 -nodes -subj '/CN=localhost' -keyout " + d + "/srv.key -out " + d +
                  "/srv.csr"),
              0);
    ASSERT_EQ(run("printf 'subjectAltName=DNS:localhost,IP:127.0.0.1' > " + d + "/san.ext && openssl x509 -req -days 2 -in " +
                  d + "/srv.csr -CA " + d + "/ca.pem -CAkey " + d + "/ca.key -CAcreateserial -extfile " + d +
                  "/san.ext -out " + d + "/srv.pem"),
              0);
    ASSERT_EQ(run("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=localhost' -keyout " + d +
                  "/self.key -out " + d + "/self.pem"),
              0);
    // Read when the client builds its TLS context (OpenSSL's default verify paths).
    ::setenv("SSL_CERT_FILE", (dir_ / "ca.pem").c_str(), 1);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static fs::path dir_;
};

fs::path HttpsClientTest::dir_;

TEST_F(HttpsClientTest, TrustedCertificateIsReached) {
  TlsServer server(dir_ / "srv.pem", dir_ / "srv.key");
  HttpRequest request;
  request.url = "https://localhost:" + std::to_string(server.port()) + "/";
  const auto response = fetch(request, 10s);
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("s_server"), std::string::npos);
}

TEST_F(HttpsClientTest, UntrustedCertificateIsRefused) {
  TlsServer server(dir_ / "self.pem", dir_ / "self.key");
  HttpRequest request;
  request.url = "https://localhost:" + std::to_string(server.port()) + "/";
  EXPECT_THROW((void)fetch(request, 10s), HttpError);
}

TEST_F(HttpsClientTest, RefusedConnectionAndBadSchemeAreHttpErrors) {
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(free_port()) + "/";
  EXPECT_THROW((void)fetch(request, 2s), HttpError);
  request.url = "ftp://127.0.0.1/";
  EXPECT_THROW((void)fetch(request, 2s), HttpError);
}

}  // namespace
}  // namespace frontdesk::provider
