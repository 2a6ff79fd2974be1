// SPDX-License-Identifier: Apache-2.0
#include "storage/embedded_cluster.hpp"

#include <libpq-fe.h>
#include <locale.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "storage/connection.hpp"

namespace frontdesk::storage {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSocketName = ".s.PGSQL.5432";
constexpr std::size_t kMaxSocketPath = 107;  // sizeof(sockaddr_un::sun_path) - 1
constexpr std::chrono::seconds kStartTimeout{60};
constexpr std::string_view kIncludeLine = "include_if_exists 'frontdesk.conf'";
constexpr std::string_view kDuplicateDatabase = "42P04";

// postgresql.conf string literal: quotes are doubled.
std::string conf_quote(const std::string& value) {
  std::string out = "'";
  for (const char c : value) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string tail_of(const fs::path& file, std::size_t max_bytes = 4000) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return "(no log file)";
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  return text.size() <= max_bytes ? text : "..." + text.substr(text.size() - max_bytes);
}

// "15" -> 15.0, "9.6" -> 9.6; -1 for anything else.
double version_of(const std::string& name) {
  char* end = nullptr;
  const double v = std::strtod(name.c_str(), &end);
  return (end != name.c_str() && *end == '\0') ? v : -1;
}

fs::path find_bindir() {
  if (const char* env = std::getenv("FRONTDESK_PG_BINDIR"); env != nullptr && *env != '\0') {
    if (!fs::exists(fs::path(env) / "initdb")) {
      throw std::runtime_error(fmt::format("FRONTDESK_PG_BINDIR={} has no initdb in it", env));
    }
    return env;
  }
  fs::path best;
  double best_version = -1;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const double v = version_of(entry.path().filename().string());
    if (v > best_version && fs::exists(entry.path() / "bin" / "initdb")) {
      best_version = v;
      best = entry.path() / "bin";
    }
  }
  if (best.empty()) {
    throw std::runtime_error(
        "PostgreSQL server programs (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin; install "
        "postgresql-15, set FRONTDESK_PG_BINDIR to their directory, or set database.url to an existing server");
  }
  return best;
}

bool locale_available(const char* name) {
  const locale_t loc = newlocale(LC_ALL_MASK, name, static_cast<locale_t>(nullptr));
  if (loc == static_cast<locale_t>(nullptr)) return false;
  freelocale(loc);
  return true;
}

}  // namespace

EmbeddedCluster::EmbeddedCluster(const fs::path& state_dir)
    : pg_dir_(fs::absolute(state_dir).lexically_normal() / "pg"),
      data_dir_(pg_dir_ / "data"),
      run_dir_(pg_dir_ / "run"),
      log_file_(pg_dir_ / "postgresql.log") {}

EmbeddedCluster::~EmbeddedCluster() {
  if (!started_here_) return;
  try {
    stop();
  } catch (const std::exception& e) {
    spdlog::error("storage: stopping the embedded PostgreSQL failed: {}", e.what());
  }
}

std::string EmbeddedCluster::conninfo_for(const std::string& dbname) const {
  return "host=" + quote_conninfo_value(run_dir_.string()) + " port=5432 dbname=" + dbname + " user=frontdesk";
}

std::string EmbeddedCluster::conninfo() const { return conninfo_for("frontdesk"); }

void EmbeddedCluster::start() {
  if (started_here_) return;
  const std::string socket_path = (run_dir_ / kSocketName).string();
  if (socket_path.size() > kMaxSocketPath) {
    throw std::runtime_error(fmt::format(
        "state_dir is too deep for PostgreSQL's Unix socket: {} is {} bytes, the limit is {}; use a shorter state_dir",
        socket_path, socket_path.size(), kMaxSocketPath));
  }
  locate_binaries();
  prepare_directories();
  if (!fs::exists(data_dir_ / "PG_VERSION")) initdb();
  write_settings();
  if (postmaster_running()) {
    spdlog::info("storage: embedded PostgreSQL in {} is already running; reusing it", data_dir_.string());
  } else {
    remove_stale_lock_files();
    launch();
    started_here_ = true;
  }
  wait_until_accepting();
  create_database();
}

void EmbeddedCluster::stop() {
  if (!postmaster_running()) {
    started_here_ = false;
    return;
  }
  locate_binaries();
  const ProcessResult r = run({pg_ctl_.string(), "stop", "-D", data_dir_.string(), "-m", "fast", "-w", "-t",
                               std::to_string(kStartTimeout.count())});
  if (r.exit_code != 0) {
    throw std::runtime_error(fmt::format("pg_ctl stop failed (exit {}):\n{}", r.exit_code, r.output));
  }
  started_here_ = false;
  spdlog::info("storage: embedded PostgreSQL stopped");
}

void EmbeddedCluster::locate_binaries() {
  if (!pg_ctl_.empty()) return;
  const fs::path bindir = find_bindir();
  initdb_ = bindir / "initdb";
  pg_ctl_ = bindir / "pg_ctl";
  if (geteuid() == 0) account_ = unprivileged_account();
}

ProcessResult EmbeddedCluster::run(const std::vector<std::string>& argv) const {
  return run_process(argv, pg_dir_, account_);
}

void EmbeddedCluster::chown_to_account(const fs::path& path, bool recursive) const {
  const auto change = [this](const fs::path& p) {
    if (lchown(p.c_str(), account_->uid, account_->gid) != 0) {
      throw std::system_error(errno, std::generic_category(), "chown " + p.string() + " to " + account_->name);
    }
  };
  change(path);
  if (!recursive) return;
  for (const auto& entry : fs::recursive_directory_iterator(path)) change(entry.path());
}

void EmbeddedCluster::prepare_directories() {
  fs::create_directories(run_dir_);
  fs::permissions(pg_dir_, fs::perms::owner_all, fs::perm_options::replace);
  fs::permissions(run_dir_, fs::perms::owner_all, fs::perm_options::replace);
  if (!account_) return;

  struct stat st {};
  const bool owned = ::stat(pg_dir_.c_str(), &st) == 0 && st.st_uid == account_->uid;
  chown_to_account(pg_dir_, !owned);  // the whole tree the first time, or if it changed hands
  chown_to_account(run_dir_, false);
  if (can_traverse(pg_dir_, *account_)) return;

  fs::path blocked = pg_dir_;
  for (fs::path p = pg_dir_.root_path(); const auto& part : pg_dir_.relative_path()) {
    p /= part;
    if (!can_traverse(p, *account_)) {
      blocked = p;
      break;
    }
  }
  throw std::runtime_error(fmt::format(
      "the embedded PostgreSQL runs as '{}' (it refuses to run as root), but '{}' cannot traverse {}; "
      "make it searchable (chmod o+x {}) or choose a state_dir outside it",
      account_->name, account_->name, blocked.string(), blocked.string()));
}

void EmbeddedCluster::initdb() {
  const std::string locale = locale_available("C.UTF-8") ? "C.UTF-8" : "C";
  spdlog::info("storage: initialising the embedded PostgreSQL cluster in {}", data_dir_.string());
  const ProcessResult r = run({initdb_.string(), "-D", data_dir_.string(), "-U", "frontdesk", "--auth=trust", "-E",
                               "UTF8", "--locale=" + locale});
  if (r.exit_code != 0) {
    throw std::runtime_error(fmt::format("initdb failed (exit {}):\n{}", r.exit_code, r.output));
  }
}

// Rewritten on every start so a moved state_dir or a new default takes effect; the
// cluster's postgresql.conf only gains the include line, once.
void EmbeddedCluster::write_settings() {
  const fs::path settings = data_dir_ / "frontdesk.conf";
  {
    std::ofstream out(settings, std::ios::trunc);
    out << "# Written by frontdeskd on every start of its embedded cluster; changes here are lost.\n"
        << "listen_addresses = ''\n"
        << "port = 5432\n"
        << "unix_socket_directories = " << conf_quote(run_dir_.string()) << "\n"
        << "unix_socket_permissions = 0700\n"
        << "max_connections = 50\n"
        << "shared_buffers = 64MB\n"
        // LLVM JIT needs writable+executable pages, which the unit's MemoryDenyWriteExecute forbids.
        << "jit = off\n"
        << "fsync = on\n";
    if (!out.flush()) throw std::runtime_error("cannot write " + settings.string());
  }
  if (account_) chown_to_account(settings, false);

  const fs::path main_conf = data_dir_ / "postgresql.conf";
  std::stringstream current;
  current << std::ifstream(main_conf).rdbuf();
  if (current.str().find(kIncludeLine) != std::string::npos) return;
  std::ofstream out(main_conf, std::ios::app);
  out << "\n# Added by frontdeskd: the settings it manages.\n" << kIncludeLine << "\n";
  if (!out.flush()) throw std::runtime_error("cannot append to " + main_conf.string());
}

bool EmbeddedCluster::postmaster_running() const {
  std::ifstream in(data_dir_ / "postmaster.pid");
  long pid = 0;
  if (!(in >> pid) || pid <= 0) return false;
  if (kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
  // The pid may have been reused after a crash (in a container, even by us); a live
  // postmaster always runs with the data directory as its working directory.
  std::error_code ec;
  return fs::equivalent(fmt::format("/proc/{}/cwd", pid), data_dir_, ec) && !ec;
}

void EmbeddedCluster::remove_stale_lock_files() const {
  for (const fs::path& lock : {data_dir_ / "postmaster.pid", run_dir_ / (std::string(kSocketName) + ".lock")}) {
    std::error_code ec;
    if (fs::remove(lock, ec)) {
      spdlog::warn("storage: removed stale {} left by a PostgreSQL that is no longer running", lock.string());
    }
  }
}

void EmbeddedCluster::launch() {
  spdlog::info("storage: starting the embedded PostgreSQL (socket in {})", run_dir_.string());
  const ProcessResult r = run({pg_ctl_.string(), "start", "-w", "-t", std::to_string(kStartTimeout.count()), "-D",
                               data_dir_.string(), "-l", log_file_.string()});
  if (r.exit_code != 0) {
    throw std::runtime_error(fmt::format("pg_ctl start failed (exit {}):\n{}\nend of {}:\n{}", r.exit_code, r.output,
                                         log_file_.string(), tail_of(log_file_)));
  }
}

void EmbeddedCluster::wait_until_accepting() const {
  const std::string info = conninfo_for("postgres");
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (PQping(info.c_str()) != PQPING_OK) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error(fmt::format("the embedded PostgreSQL did not accept connections within {} s; end of {}:\n{}",
                                           kStartTimeout.count(), log_file_.string(), tail_of(log_file_)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a server still starting up
  }
}

void EmbeddedCluster::create_database() const {
  Connection conn = Connection::connect(conninfo_for("postgres"));
  if (!conn.exec("SELECT 1 FROM pg_database WHERE datname = 'frontdesk'").empty()) return;
  try {
    conn.exec("CREATE DATABASE frontdesk");
    spdlog::info("storage: created database frontdesk in the embedded PostgreSQL");
  } catch (const PgError& e) {
    if (e.sqlstate != kDuplicateDatabase) throw;  // a concurrent start created it first
  }
}

}  // namespace frontdesk::storage
