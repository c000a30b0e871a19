#include "server/batched_log_sink.h"

#include <unistd.h>

#include <cerrno>

#include "server/thread_name.h"

namespace ecl {

BatchedLogSink::BatchedLogSink(int fd, std::chrono::milliseconds interval,
                               std::size_t max_buffered)
    : fd_(fd), interval_(interval), max_buffered_(max_buffered), writer_([this] {
        NameThisThread("ecl-log");
        Run();
      }) {}

BatchedLogSink::~BatchedLogSink() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  writer_.join();
}

void BatchedLogSink::sink_it_(const spdlog::details::log_msg& msg) {
  if (pending_.size() >= max_buffered_) {
    ++dropped_;
    return;
  }
  const bool first = pending_.empty();
  spdlog::memory_buf_t line;
  formatter_->format(msg, line);
  pending_.append(line.data(), line.size());
  ++appended_;
  if (first) cv_.notify_all();  // once per batch
}

void BatchedLogSink::WaitWritten(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const uint64_t target = appended_;
  wake_ = true;
  cv_.notify_all();
  cv_.wait_for(lock, timeout, [&] { return written_ >= target; });
}

void BatchedLogSink::flush_() {
  wake_ = true;
  cv_.notify_all();
}

void BatchedLogSink::Run() {
  std::unique_lock lock(mutex_);
  while (true) {
    cv_.wait(lock, [&] { return !pending_.empty() || dropped_ > 0 || stopping_; });
    // Gather the lines that follow, unless told to write now.
    cv_.wait_for(lock, interval_, [&] { return wake_ || stopping_; });
    wake_ = false;
    std::string batch;
    batch.swap(pending_);
    const uint64_t batch_end = appended_;
    const std::size_t dropped = dropped_;
    dropped_ = 0;
    const bool stop = stopping_;
    lock.unlock();
    if (dropped > 0)
      batch += "elasticache-local: " + std::to_string(dropped) +
               " log lines dropped: the log output was not read fast enough\n";
    WriteAll(batch);
    lock.lock();
    written_ = batch_end;
    cv_.notify_all();
    if (stop && pending_.empty()) return;
  }
}

void BatchedLogSink::WriteAll(const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to write (a closed pipe): the lines are lost
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace ecl
