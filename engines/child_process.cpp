#include "engines/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace ecl {

namespace {

// Between fork and exec only async-signal-safe calls are allowed, so everything the child
// needs is prepared before fork.
[[noreturn]] void ExecChild(char* const* argv, int log_fd, pid_t parent) {
  // The engine dies with the emulator, even when the emulator is killed with SIGKILL. If the
  // parent died before prctl took effect, nobody would send the signal: leave at once.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);
  setpgid(0, 0);
  int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
  dup2(log_fd, STDOUT_FILENO);
  dup2(log_fd, STDERR_FILENO);
  // The emulator's sockets and database must not leak into the engine.
#ifdef SYS_close_range
  if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0)
#endif
    for (int fd = 3; fd < 4096; ++fd) close(fd);
  // Signals the emulator blocks or ignores must not stay blocked in the engine.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signal(SIGPIPE, SIG_DFL);
  execv(argv[0], argv);
  _exit(127);
}

}  // namespace

ChildProcess ChildProcess::Start(const std::vector<std::string>& argv,
                                 const std::string& log_path) {
  if (argv.empty()) throw std::runtime_error("no program to start");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0)
    throw std::runtime_error("cannot open " + log_path + ": " + std::strerror(errno));
  if (access(argv[0].c_str(), X_OK) != 0) {
    close(log_fd);
    throw std::runtime_error(argv[0] + " is not an executable file");
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) ExecChild(args.data(), log_fd, parent);
  int fork_errno = errno;
  close(log_fd);
  if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(fork_errno));
  // Also from the parent's side, so a signal sent to the group right away finds it.
  setpgid(pid, pid);
  return ChildProcess(pid);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_), exit_status_(other.exit_status_) {
  other.pid_ = -1;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0 && !exit_status_) Stop(std::chrono::milliseconds(1000));
    pid_ = other.pid_;
    exit_status_ = other.exit_status_;
    other.pid_ = -1;
  }
  return *this;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exit_status_) Stop(std::chrono::milliseconds(1000));
}

bool ChildProcess::Reap(bool block) {
  if (pid_ <= 0 || exit_status_) return true;
  int status = 0;
  pid_t r;
  do {
    r = waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == pid_ || (r < 0 && errno == ECHILD)) {
    exit_status_ = r == pid_ ? status : 0;
    return true;
  }
  return false;
}

bool ChildProcess::Running() { return pid_ > 0 && !Reap(false); }

void ChildProcess::Stop(std::chrono::milliseconds grace) {
  if (!Running()) return;
  auto deadline = std::chrono::steady_clock::now() + grace;
  for (int round = 0; std::chrono::steady_clock::now() < deadline; ++round) {
    // Again every 200 ms: Redis refuses a shutdown while it writes its first append-only
    // file, and only acts on a SIGTERM that comes after.
    if (round % 40 == 0) kill(pid_, SIGTERM);
    if (Reap(false)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid_, SIGKILL);
  Reap(true);
}

void ChildProcess::Kill() {
  if (!Running()) return;
  kill(pid_, SIGKILL);
  Reap(true);
}

}  // namespace ecl
