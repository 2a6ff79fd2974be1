// SPDX-License-Identifier: Apache-2.0
#include "storage/child_process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace frontdesk::storage {

namespace {

[[noreturn]] void throw_errno(const std::string& what) { throw std::system_error(errno, std::generic_category(), what); }

// Between fork and exec only async-signal-safe calls are allowed: no allocation, no
// stdio, so errors are written with write(2) from buffers prepared beforehand.
[[noreturn]] void child_fail(const char* message) {
  const int error = errno;
  (void)!write(STDERR_FILENO, message, std::strlen(message));
  char digits[12];
  char* first = digits + sizeof digits;
  int rest = error;
  do {
    *--first = static_cast<char>('0' + rest % 10);
    rest /= 10;
  } while (rest > 0 && first > digits);
  (void)!write(STDERR_FILENO, " (errno ", 8);
  (void)!write(STDERR_FILENO, first, static_cast<std::size_t>(digits + sizeof digits - first));
  (void)!write(STDERR_FILENO, ")\n", 2);
  _exit(127);
}

void drop_privileges(const Account& as) {
  if (setgroups(as.groups.size(), as.groups.data()) != 0) child_fail("frontdesk: setgroups failed");
  if (setgid(as.gid) != 0) child_fail("frontdesk: setgid failed");
  if (setuid(as.uid) != 0) child_fail("frontdesk: setuid failed");
}

int wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw_errno("waitpid");
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::optional<Account> lookup(const char* name) {
  const passwd* pw = getpwnam(name);  // start-up only, before any other thread needs it
  if (pw == nullptr) return std::nullopt;
  Account account{pw->pw_name, pw->pw_uid, pw->pw_gid, {}};
  int count = 32;
  account.groups.resize(static_cast<std::size_t>(count));
  while (getgrouplist(pw->pw_name, pw->pw_gid, account.groups.data(), &count) < 0) {
    account.groups.resize(static_cast<std::size_t>(count));
  }
  account.groups.resize(static_cast<std::size_t>(count));
  return account;
}

}  // namespace

Account unprivileged_account() {
  for (const char* name : {"postgres", "nobody"}) {
    if (auto account = lookup(name)) return *account;
  }
  throw std::runtime_error("running as root, but neither a 'postgres' nor a 'nobody' account exists to run "
                           "PostgreSQL as (PostgreSQL refuses to run as root); create a 'postgres' user");
}

ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                          const std::optional<Account>& as) {
  if (argv.empty()) throw std::invalid_argument("run_process: empty argv");
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::string path_var = "PATH=/usr/local/bin:/usr/bin:/bin";
  std::string locale_var = "LC_ALL=C";
  char* env[] = {path_var.data(), locale_var.data(), nullptr};
  const std::string dir = cwd.string();
  const std::string exec_error = "frontdesk: cannot execute " + argv[0];

  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw_errno("pipe2");
  const int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (devnull < 0) {
    close(out[0]);
    close(out[1]);
    throw_errno("open /dev/null");
  }

  const pid_t pid = fork();
  if (pid == 0) {
    if (dup2(devnull, STDIN_FILENO) < 0 || dup2(out[1], STDOUT_FILENO) < 0 || dup2(out[1], STDERR_FILENO) < 0) {
      _exit(127);
    }
    close_range(3, ~0U, 0);  // nothing else of ours leaks into a long-lived postmaster
    if (as) drop_privileges(*as);
    if (chdir(dir.c_str()) != 0) child_fail("frontdesk: chdir failed");
    execve(args[0], args.data(), env);
    child_fail(exec_error.c_str());
  }
  const int fork_errno = errno;
  close(out[1]);
  close(devnull);
  if (pid < 0) {
    close(out[0]);
    errno = fork_errno;
    throw_errno("fork");
  }

  ProcessResult result{0, {}};
  char buffer[4096];
  while (true) {
    const ssize_t n = read(out[0], buffer, sizeof buffer);
    if (n > 0) {
      result.output.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(out[0]);
  result.exit_code = wait_for(pid);
  return result;
}

bool can_traverse(const std::filesystem::path& dir, const Account& as) {
  const std::string path = dir.string();
  const pid_t pid = fork();
  if (pid == 0) {
    drop_privileges(as);
    _exit(access(path.c_str(), X_OK) == 0 ? 0 : 1);
  }
  if (pid < 0) throw_errno("fork");
  return wait_for(pid) == 0;
}

}  // namespace frontdesk::storage
