// BatchedLogSink: where the server's log lines go. A request formats its line and appends it
// to a buffer under a short lock; a writer thread, woken by the first line of a batch, waits
// `interval` for more and writes them all to the file descriptor (stdout) in one write (a
// warning is written at once). So a request's line costs no system call and no thread switch
// of its own, and a slow terminal or a pipe nobody reads never holds a request up: past
// `max_buffered` bytes waiting, new lines are dropped and counted (the count is written when
// writing resumes). Lines still waiting are written when the sink is destroyed.
#pragma once

#include <spdlog/sinks/base_sink.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace ecl {

class BatchedLogSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit BatchedLogSink(int fd, std::chrono::milliseconds interval = std::chrono::milliseconds(20),
                          std::size_t max_buffered = 4 << 20);
  // Writes what is left.
  ~BatchedLogSink() override;

  // Returns once the lines logged so far are written (at most `timeout`, for a pipe nobody
  // reads): before the server prints its ready line, so those lines come first.
  void WaitWritten(std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  // Writes what is waiting without waiting for more (flush_on warn); never blocks.
  void flush_() override;

 private:
  void Run();
  void WriteAll(const std::string& bytes);

  const int fd_;
  const std::chrono::milliseconds interval_;
  const std::size_t max_buffered_;
  // Guarded by base_sink's mutex_: lines not yet handed to the writer.
  std::string pending_;
  std::size_t dropped_ = 0;
  bool wake_ = false;
  bool stopping_ = false;
  uint64_t appended_ = 0;  // lines appended so far, and of those, written
  uint64_t written_ = 0;
  std::condition_variable_any cv_;
  std::thread writer_;
};

}  // namespace ecl
