// SlotMigration: how far the slot migration of a group's resharding has come on its real
// Redis Cluster (engines/reconciler.h), for the API to show and to wait for.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace ecl {

struct SlotMigration {
  int64_t started_ms = 0;  // the resharding's start (ClusterSpec::Resharding), emulator ms
  double percent = 0;      // 0..100, never going back
  // Every slot is where the group says and the cluster has settled.
  std::optional<std::chrono::system_clock::time_point> finished_at;
};

}  // namespace ecl
