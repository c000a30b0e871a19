// Clock: the emulator's notion of "now". Real time plus an offset that tests move forward
// through the admin API, so transitions become due without sleeping. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "model/api_value.h"

namespace ecl {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// System time shifted by an offset that only grows.
class EmulatorClock : public Clock {
 public:
  Timestamp Now() const override {
    auto real = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
    return Timestamp{real + offset_ms_.load()};
  }
  void Advance(int64_t ms) { offset_ms_ += ms; }
  int64_t OffsetMs() const { return offset_ms_.load(); }

 private:
  std::atomic<int64_t> offset_ms_{0};
};

// A clock that only moves when told to; for unit tests.
class ManualClock : public Clock {
 public:
  explicit ManualClock(int64_t start_ms = 1700000000000) : now_ms_(start_ms) {}
  Timestamp Now() const override { return Timestamp{now_ms_.load()}; }
  void Advance(int64_t ms) { now_ms_ += ms; }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace ecl
