// Slot arithmetic of online resharding: RebalanceSlots and IsEvenlyDistributed, with fixed
// cases and seeded randomized ones (random slot layouts, random kept/freed splits, random
// numbers of new shards). Every result must cover 0..16383 exactly once, give every shard an
// even share, and move only what must move.
#include "model/slot_rebalance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace ecl {
namespace {

// Checks the invariants every rebalancing must keep and returns a description of the first
// one broken ("" when all hold).
std::string Violation(const std::vector<SlotSet>& kept, const SlotSet& freed, int new_shards,
                      const std::vector<SlotSet>& result) {
  if (result.size() != kept.size() + size_t(new_shards))
    return "result has " + std::to_string(result.size()) + " shards";
  SlotSet covered;
  int total = 0;
  for (size_t i = 0; i < result.size(); ++i) {
    if (covered.Intersects(result[i])) return "shard " + std::to_string(i) + " overlaps another";
    covered = covered.Union(result[i]);
    total += result[i].Count();
  }
  if (!(covered == SlotSet::All()) || total != kSlotCount) return "slots not covered exactly once";
  if (!IsEvenlyDistributed(result)) return "shares are not even";
  int base = kSlotCount / int(result.size());
  for (size_t i = 0; i < result.size(); ++i)
    if (result[i].Count() < base || result[i].Count() > base + 1)
      return "shard " + std::to_string(i) + " has " + std::to_string(result[i].Count());
  // Minimal movement: a kept shard only gives slots away or only receives them, never both;
  // new shards take only slots that were freed or given away.
  SlotSet given_away;
  for (size_t i = 0; i < kept.size(); ++i) {
    SlotSet lost = kept[i].Difference(result[i]);
    SlotSet gained = result[i].Difference(kept[i]);
    if (!lost.Empty() && !gained.Empty())
      return "kept shard " + std::to_string(i) + " both gave and received slots";
    given_away = given_away.Union(lost);
  }
  SlotSet movable = freed.Union(given_away);
  for (size_t i = kept.size(); i < result.size(); ++i)
    if (!result[i].Difference(movable).Empty())
      return "new shard " + std::to_string(i) + " took slots a kept shard still holds";
  // Every slot a range list names survives a round trip through the wire format.
  for (const auto& s : result)
    if (!(ParseSlots(s.ToString()) == s)) return "range list does not round-trip: " + s.ToString();
  return "";
}

// The keyspace split into `owners` random sets built of random runs, so sets are
// fragmented (many ranges) and of uneven sizes. Some owners may end up empty.
std::vector<SlotSet> RandomLayout(std::mt19937& rng, int owners) {
  std::vector<std::vector<SlotRange>> ranges(static_cast<size_t>(owners));
  std::uniform_int_distribution<int> owner(0, owners - 1);
  std::uniform_int_distribution<int> run_length(1, 1200);
  for (int slot = 0; slot <= kMaxSlot;) {
    int end = std::min(kMaxSlot, slot + run_length(rng) - 1);
    ranges[size_t(owner(rng))].push_back({slot, end});
    slot = end + 1;
  }
  std::vector<SlotSet> sets;
  for (auto& r : ranges) sets.push_back(SlotSet::FromRanges(std::move(r)));
  return sets;
}

TEST(RebalanceSlotsTest, GrowFromDefaultSplitMovesSlotsToNewShards) {
  auto kept = DefaultSlotSplit(3);
  auto result = RebalanceSlots(kept, SlotSet(), 2);
  ASSERT_EQ(result.size(), 5u);
  EXPECT_EQ(Violation(kept, SlotSet(), 2, result), "");
  // 16384 / 5 = 3276 rest 4: four shards hold 3277, one 3276.
  int with_extra = 0;
  for (const auto& s : result) with_extra += s.Count() == 3277;
  EXPECT_EQ(with_extra, 4);
  // Kept shards keep their lowest slots.
  EXPECT_EQ(result[0].Lowest(), 0);
  EXPECT_EQ(result[1].Lowest(), 5462);
  EXPECT_EQ(result[2].Lowest(), 10923);
}

TEST(RebalanceSlotsTest, OneShardSplitsIntoTwo) {
  std::vector<SlotSet> kept{SlotSet::All()};
  auto result = RebalanceSlots(kept, SlotSet(), 1);
  ASSERT_EQ(result.size(), 2u);
  EXPECT_EQ(result[0].ToString(), "0-8191");
  EXPECT_EQ(result[1].ToString(), "8192-16383");
}

TEST(RebalanceSlotsTest, ShrinkHandsFreedSlotsToTheRest) {
  auto layout = DefaultSlotSplit(3);
  std::vector<SlotSet> kept{layout[0], layout[2]};
  auto result = RebalanceSlots(kept, layout[1], 0);
  ASSERT_EQ(result.size(), 2u);
  EXPECT_EQ(Violation(kept, layout[1], 0, result), "");
  EXPECT_EQ(result[0].Count(), 8192);
  EXPECT_EQ(result[1].Count(), 8192);
  // The kept shards still hold everything they held.
  EXPECT_TRUE(layout[0].Difference(result[0]).Empty());
  EXPECT_TRUE(layout[2].Difference(result[1]).Empty());
  // Freed slots adjacent to a kept range merge into it.
  EXPECT_EQ(result[0].ToString(), "0-8191");
  EXPECT_EQ(result[1].ToString(), "8192-16383");
}

TEST(RebalanceSlotsTest, ShrinkToOneShardTakesEverything) {
  auto layout = DefaultSlotSplit(4);
  std::vector<SlotSet> kept{layout[2]};
  SlotSet freed = layout[0].Union(layout[1]).Union(layout[3]);
  auto result = RebalanceSlots(kept, freed, 0);
  ASSERT_EQ(result.size(), 1u);
  EXPECT_EQ(result[0], SlotSet::All());
}

TEST(RebalanceSlotsTest, RebalancesUnevenShardsWithMultiRangeResults) {
  std::vector<SlotSet> kept{SlotSet::Range(0, 999), SlotSet::Range(1000, 15999),
                            SlotSet::Range(16000, 16383)};
  auto result = RebalanceSlots(kept, SlotSet(), 0);
  EXPECT_EQ(Violation(kept, SlotSet(), 0, result), "");
  // The big shard gives away its highest slots; small shards take the lowest of those.
  EXPECT_EQ(result[1].ToString(), "1000-6461");
  EXPECT_EQ(result[0].ToString(), "0-999,6462-10922");
  EXPECT_EQ(result[2].ToString(), "10923-16383");
}

TEST(RebalanceSlotsTest, AlreadyEvenLayoutStaysPut) {
  auto kept = DefaultSlotSplit(7);
  auto result = RebalanceSlots(kept, SlotSet(), 0);
  EXPECT_EQ(result, kept);
}

TEST(RebalanceSlotsTest, FifteenShardsFromOne) {
  std::vector<SlotSet> kept{SlotSet::All()};
  auto result = RebalanceSlots(kept, SlotSet(), 14);
  EXPECT_EQ(Violation(kept, SlotSet(), 14, result), "");
}

TEST(IsEvenlyDistributedTest, CountsMayDifferByOne) {
  EXPECT_TRUE(IsEvenlyDistributed({}));
  EXPECT_TRUE(IsEvenlyDistributed({SlotSet::All()}));
  EXPECT_TRUE(IsEvenlyDistributed(DefaultSlotSplit(3)));  // 5462, 5461, 5461
  EXPECT_TRUE(IsEvenlyDistributed({SlotSet::Range(0, 8191), SlotSet::Range(8192, 16383)}));
  EXPECT_TRUE(IsEvenlyDistributed({SlotSet::Range(0, 10), SlotSet::Range(11, 20)}));  // 11, 10
  EXPECT_FALSE(IsEvenlyDistributed({SlotSet::Range(0, 8192), SlotSet::Range(8193, 16383)}));
  // Fragmented sets count slots, not ranges.
  EXPECT_TRUE(IsEvenlyDistributed({SlotSet::FromRanges({{0, 99}, {200, 8291}}),
                                   SlotSet::FromRanges({{100, 199}, {8292, 16383}})}));
}

TEST(RebalanceSlotsPropertyTest, RandomSplitsKeepEveryInvariant) {
  std::mt19937 rng(20240917);
  for (int round = 0; round < 2000; ++round) {
    int current = std::uniform_int_distribution<int>(1, 15)(rng);
    auto layout = RandomLayout(rng, current);
    // Shrink, grow or rebalance: remove some shards, or add some, never both.
    int mode = std::uniform_int_distribution<int>(0, 2)(rng);
    std::vector<SlotSet> kept;
    SlotSet freed;
    int new_shards = 0;
    if (mode == 0 && current > 1) {
      int removed = std::uniform_int_distribution<int>(1, current - 1)(rng);
      std::vector<int> order(static_cast<size_t>(current));
      for (int i = 0; i < current; ++i) order[size_t(i)] = i;
      std::shuffle(order.begin(), order.end(), rng);
      for (int i = 0; i < current; ++i) {
        const SlotSet& s = layout[size_t(order[size_t(i)])];
        if (i < removed)
          freed = freed.Union(s);
        else
          kept.push_back(s);
      }
    } else {
      kept = layout;
      if (mode == 1) new_shards = std::uniform_int_distribution<int>(1, 15 - current + 1)(rng);
    }
    auto result = RebalanceSlots(kept, freed, new_shards);
    std::string violation = Violation(kept, freed, new_shards, result);
    ASSERT_EQ(violation, "") << "round " << round << ": " << current << " shards, mode " << mode
                             << ", kept " << kept.size() << ", new " << new_shards;
  }
}

TEST(RebalanceSlotsPropertyTest, RebalancingTwiceChangesNothing) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    int shards = std::uniform_int_distribution<int>(1, 15)(rng);
    auto layout = RandomLayout(rng, shards);
    auto once = RebalanceSlots(layout, SlotSet(), 0);
    ASSERT_TRUE(IsEvenlyDistributed(once));
    EXPECT_EQ(RebalanceSlots(once, SlotSet(), 0), once) << "round " << round;
  }
}

TEST(RebalanceSlotsPropertyTest, MovesOnlyTheSlotsThatMustMove) {
  std::mt19937 rng(99);
  for (int round = 0; round < 300; ++round) {
    int shards = std::uniform_int_distribution<int>(1, 12)(rng);
    int added = std::uniform_int_distribution<int>(0, 3)(rng);
    auto layout = RandomLayout(rng, shards);
    auto result = RebalanceSlots(layout, SlotSet(), added);
    int total = shards + added;
    int base = kSlotCount / total, extra = kSlotCount % total;
    // Each kept shard gives away only what it holds above the larger share it can keep.
    int moved = 0, lower_bound = 0;
    std::vector<int> counts;
    for (int i = 0; i < shards; ++i) {
      moved += layout[size_t(i)].Difference(result[size_t(i)]).Count();
      counts.push_back(layout[size_t(i)].Count());
    }
    std::sort(counts.rbegin(), counts.rend());
    for (int i = 0; i < shards; ++i)
      lower_bound += std::max(0, counts[size_t(i)] - (base + (i < extra ? 1 : 0)));
    EXPECT_EQ(moved, lower_bound) << "round " << round;
  }
}

}  // namespace
}  // namespace ecl
