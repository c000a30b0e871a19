// Helpers for tests of lifecycle steps: a context at a moment, and what the events say.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "model/lifecycle.h"

namespace ecl::testing_support {

inline LifecycleContext At(Timestamp now, int64_t transition_ms = 0) {
  return {now, transition_ms, [](const std::string&) { return false; }};
}

inline bool Changed(const std::vector<DomainEvent>& events) { return !events.empty(); }

inline bool Removed(const std::vector<DomainEvent>& events) {
  return std::any_of(events.begin(), events.end(),
                     [](const DomainEvent& e) { return e.what == happened::kRemoved; });
}

}  // namespace ecl::testing_support
