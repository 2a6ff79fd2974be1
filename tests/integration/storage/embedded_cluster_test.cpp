// SPDX-License-Identifier: Apache-2.0
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "storage/connection.hpp"
#include "storage/embedded_cluster.hpp"

namespace frontdesk::storage {
namespace {

namespace fs = std::filesystem;

// A fresh state_dir under /tmp, searchable by others so that, as root, the account
// PostgreSQL runs as can reach it (mkdtemp makes it 0700).
class TempDir {
public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "fd-ec-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
    fs::permissions(path_, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

private:
  fs::path path_;
};

std::int64_t count_notes(const EmbeddedCluster& cluster) {
  Connection conn = Connection::connect(cluster.conninfo());
  return conn.exec("SELECT count(*) FROM notes").get<std::int64_t>(0, 0);
}

TEST(EmbeddedCluster, KeepsDataAcrossStopAndStart) {
  const TempDir state;
  {
    EmbeddedCluster cluster(state.path());
    cluster.start();
    EXPECT_TRUE(cluster.started_here());
    EXPECT_TRUE(fs::exists(state.path() / "pg" / "data" / "PG_VERSION"));
    EXPECT_TRUE(fs::exists(state.path() / "pg" / "run" / ".s.PGSQL.5432"));
    EXPECT_TRUE(fs::exists(state.path() / "pg" / "postgresql.log"));
    EXPECT_EQ(cluster.conninfo(),
              "host='" + (state.path() / "pg" / "run").string() + "' port=5432 dbname=frontdesk user=frontdesk");

    Connection conn = Connection::connect(cluster.conninfo());
    EXPECT_EQ(conn.exec("SHOW fsync").get<std::string>(0, 0), "on");
    EXPECT_EQ(conn.exec("SHOW listen_addresses").get<std::string>(0, 0), "");
    EXPECT_EQ(conn.exec("SHOW server_encoding").get<std::string>(0, 0), "UTF8");
    conn.exec("CREATE TABLE notes (body text)");
    conn.exec("INSERT INTO notes VALUES ($1), ($2)", "first", "ünïcode");
    cluster.stop();
    EXPECT_FALSE(cluster.started_here());
    EXPECT_FALSE(fs::exists(state.path() / "pg" / "data" / "postmaster.pid"));
  }
  EmbeddedCluster again(state.path());
  again.start();
  EXPECT_EQ(count_notes(again), 2);
  again.stop();
}

TEST(EmbeddedCluster, ASecondStartReusesTheRunningServer) {
  const TempDir state;
  EmbeddedCluster first(state.path());
  first.start();
  {
    EmbeddedCluster second(state.path());
    second.start();
    EXPECT_FALSE(second.started_here());
    Connection conn = Connection::connect(second.conninfo());
    conn.exec("CREATE TABLE notes (body text)");
  }  // not started here, so not stopped here
  EXPECT_EQ(count_notes(first), 0);
  first.start();  // already started: a no-op
  first.stop();
}

TEST(EmbeddedCluster, DestructorStopsWhatItStarted) {
  const TempDir state;
  const fs::path pid_file = state.path() / "pg" / "data" / "postmaster.pid";
  {
    EmbeddedCluster cluster(state.path());
    cluster.start();
    EXPECT_TRUE(fs::exists(pid_file));
  }
  EXPECT_FALSE(fs::exists(pid_file));
}

TEST(EmbeddedCluster, RecoversFromAStalePostmasterPid) {
  const TempDir state;
  EmbeddedCluster cluster(state.path());
  cluster.start();
  Connection::connect(cluster.conninfo()).exec("CREATE TABLE notes (body text); INSERT INTO notes VALUES ('kept')");
  cluster.stop();

  // As after a crash in a container: the recorded pid now belongs to a live process that
  // is not a postmaster (this test), and the socket lock file is left behind too.
  const std::string stale = std::to_string(getpid()) + "\n" + cluster.data_dir().string() + "\n";
  std::ofstream(cluster.data_dir() / "postmaster.pid") << stale;
  std::ofstream(cluster.socket_dir() / ".s.PGSQL.5432.lock") << stale;
  cluster.start();
  EXPECT_TRUE(cluster.started_here());
  EXPECT_EQ(count_notes(cluster), 1);
  cluster.stop();
}

TEST(EmbeddedCluster, RefusesAStateDirTooLongForAUnixSocket) {
  const TempDir state;
  const fs::path deep = state.path() / std::string(100, 'd');
  EmbeddedCluster cluster(deep);
  try {
    cluster.start();
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("too deep for PostgreSQL's Unix socket"), std::string::npos) << message;
    EXPECT_NE(message.find("limit is 107"), std::string::npos) << message;
  }
  EXPECT_FALSE(fs::exists(deep));
}

TEST(EmbeddedCluster, AsRootAnUntraversableParentIsNamed) {
  const TempDir state;
  const fs::path locked = state.path() / "locked";
  fs::create_directories(locked);
  fs::permissions(locked, fs::perms::owner_all, fs::perm_options::replace);
  EmbeddedCluster cluster(locked / "state");
  if (geteuid() != 0) {
    // An ordinary user runs PostgreSQL as itself, so its own 0700 folders are fine.
    cluster.start();
    EXPECT_TRUE(cluster.started_here());
    cluster.stop();
    return;
  }
  try {
    cluster.start();
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("cannot traverse " + locked.string()), std::string::npos) << message;
    EXPECT_NE(message.find("refuses to run as root"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace frontdesk::storage
