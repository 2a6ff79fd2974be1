// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "storage/child_process.hpp"

namespace frontdesk::storage {

// The daemon's private PostgreSQL cluster, used when database.url is empty:
//   <state_dir>/pg/data             the cluster (initdb on first start only)
//   <state_dir>/pg/run              its Unix socket; it listens on no TCP port
//   <state_dir>/pg/postgresql.log   the server log
// As root, initdb/pg_ctl run as `postgres` (else `nobody`), which then owns <state_dir>/pg;
// that account must be able to traverse every directory above it.
class EmbeddedCluster {
public:
  explicit EmbeddedCluster(const std::filesystem::path& state_dir);
  EmbeddedCluster(const EmbeddedCluster&) = delete;
  EmbeddedCluster& operator=(const EmbeddedCluster&) = delete;
  ~EmbeddedCluster();  // stop() if this object started the server

  // Initialises the cluster if needed, starts it (or reuses one already running on this
  // data directory) and creates database `frontdesk`. Throws std::runtime_error with
  // initdb/pg_ctl output and the log's tail on failure.
  void start();
  // pg_ctl stop -m fast; a no-op when the server is not running.
  void stop();

  // host=<run dir> port=5432 dbname=frontdesk user=frontdesk
  [[nodiscard]] std::string conninfo() const;
  [[nodiscard]] bool started_here() const noexcept { return started_here_; }
  [[nodiscard]] const std::filesystem::path& data_dir() const noexcept { return data_dir_; }
  [[nodiscard]] const std::filesystem::path& socket_dir() const noexcept { return run_dir_; }
  [[nodiscard]] const std::filesystem::path& log_file() const noexcept { return log_file_; }

private:
  std::string conninfo_for(const std::string& dbname) const;
  void locate_binaries();
  void prepare_directories();
  void initdb();
  void write_settings();
  void launch();
  void wait_until_accepting() const;
  void create_database() const;
  [[nodiscard]] bool postmaster_running() const;
  void remove_stale_lock_files() const;
  ProcessResult run(const std::vector<std::string>& argv) const;
  void chown_to_account(const std::filesystem::path& path, bool recursive) const;

  std::filesystem::path pg_dir_;
  std::filesystem::path data_dir_;
  std::filesystem::path run_dir_;
  std::filesystem::path log_file_;
  std::filesystem::path initdb_;
  std::filesystem::path pg_ctl_;
  std::optional<Account> account_;  // set when we are root
  bool started_here_ = false;
};

}  // namespace frontdesk::storage
