// ChildProcess: an engine process the emulator started. It runs in a process group of its
// own (a Ctrl-C at the emulator's terminal reaches the emulator, which then stops its engines
// in order) and is killed when the emulator dies for any reason, kill -9 included
// (PR_SET_PDEATHSIG), so no engine outlives the emulator. SIGKILL, not SIGTERM: Redis refuses
// a SIGTERM while it writes its first append-only file, and the signal comes only once. No
// acknowledged write is lost by it: Redis writes the append-only file before it answers.
// Not thread-safe.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace ecl {

class ChildProcess {
 public:
  // Starts argv[0] (a path) with argv; stdout and stderr go to `log_path` (appended).
  // Throws std::runtime_error when it cannot start.
  static ChildProcess Start(const std::vector<std::string>& argv, const std::string& log_path);

  ChildProcess() = default;
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // Stops the process (Stop with a short grace period) if it still runs.
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // Whether the process still runs; reaps it when it has exited.
  bool Running();
  // The exit status once it has exited (waitpid's status word).
  std::optional<int> ExitStatus() const { return exit_status_; }
  // SIGTERM (repeated), then SIGKILL after `grace`; waits until it is gone.
  void Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));
  // SIGKILL at once, without waiting for a clean shutdown (tests of crash handling).
  void Kill();

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  bool Reap(bool block);

  pid_t pid_ = -1;
  std::optional<int> exit_status_;
};

}  // namespace ecl
