// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace frontdesk::storage {

// An unprivileged account to run PostgreSQL's tools as when we are root.
struct Account {
  std::string name;
  uid_t uid;
  gid_t gid;
  std::vector<gid_t> groups;  // supplementary groups, resolved before fork
};

// `postgres` if it exists, else `nobody`; throws std::runtime_error if neither does.
Account unprivileged_account();

struct ProcessResult {
  int exit_code;       // 128 + signal number when killed by a signal
  std::string output;  // stdout and stderr, interleaved
};

// Runs argv[0] (an absolute path) directly, no shell, in `cwd`, with stdin from
// /dev/null and a minimal environment (PATH, LC_ALL=C: no PG* variable leaks in).
// With `as`, the child drops to that account (setgroups, setgid, setuid) before exec.
ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                          const std::optional<Account>& as);

// Whether `as` may search `dir` and every directory above it (checked with access(2)
// in a child running as that account, so ACLs and groups count as the kernel sees them).
bool can_traverse(const std::filesystem::path& dir, const Account& as);

}  // namespace frontdesk::storage
