// Transition: a status change under way, recorded as data. The resource shows its
// transitional status (creating, deleting, ...) until `due_at` on the emulator clock, when
// the lifecycle applies the change. Progress is derived from start, due and now.
#pragma once

#include <algorithm>
#include <string>

#include "model/api_value.h"

namespace ecl {

struct Transition {
  std::string kind;  // what happens when due: "create", "delete", ...
  Timestamp started_at;
  Timestamp due_at;

  bool IsDue(Timestamp now) const { return now.epoch_ms >= due_at.epoch_ms; }
  // 0..100, rising linearly with the clock.
  double ProgressPercent(Timestamp now) const {
    int64_t span = due_at.epoch_ms - started_at.epoch_ms;
    if (span <= 0) return 100.0;
    double p = 100.0 * double(now.epoch_ms - started_at.epoch_ms) / double(span);
    return std::clamp(p, 0.0, 100.0);
  }
};

inline Transition StartTransition(std::string kind, Timestamp now, int64_t duration_ms) {
  return Transition{std::move(kind), now, Timestamp{now.epoch_ms + duration_ms}};
}

}  // namespace ecl
