// Slot rebalancing for online resharding: given the slots the kept shards hold now, the
// slots freed by removed shards and the number of new shards, move as few slots as possible
// so every shard ends with an even share (counts differ by at most one) and the keyspace is
// covered exactly once. Pure; thread-compatible.
#pragma once

#include <vector>

#include "model/slot_ranges.h"

namespace ecl {

// Returns the final slots of the kept shards (in the given order) followed by the new shards.
// `kept` and `freed` must together cover the keyspace exactly once.
std::vector<SlotSet> RebalanceSlots(const std::vector<SlotSet>& kept, const SlotSet& freed,
                                    int new_shards);

// True when the shards' slot counts differ by at most one.
bool IsEvenlyDistributed(const std::vector<SlotSet>& shards);

}  // namespace ecl
