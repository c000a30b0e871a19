// Redis cluster hash slots (0..16383) as ElastiCache writes them in NodeGroup.Slots and
// NodeGroupConfiguration.Slots: "0-3999", comma lists after resharding ("0-100,200-300"),
// single slots ("5"). SlotSet is a value type (sorted, disjoint, non-adjacent ranges) with the
// set algebra resharding needs; the free functions parse and validate user input and give the
// default split. Values and pure functions; thread-safe.
//
// Choices: single-slot ranges are written "5" (not "5-5"); spaces around list items are
// tolerated; a slot repeated within one string or across node groups is rejected.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecl {

inline constexpr int kMinSlot = 0;
inline constexpr int kMaxSlot = 16383;
inline constexpr int kSlotCount = 16384;

struct SlotRange {
  int start = 0;  // inclusive
  int end = 0;    // inclusive
  int Count() const { return end - start + 1; }
  bool operator==(const SlotRange&) const = default;
};

class SlotSet {
 public:
  SlotSet() = default;
  // Any ranges; sorted, merged where they overlap or touch; ranges with start > end dropped.
  static SlotSet FromRanges(std::vector<SlotRange> ranges);
  static SlotSet Range(int start, int end) { return FromRanges({{start, end}}); }
  static SlotSet All() { return Range(kMinSlot, kMaxSlot); }

  const std::vector<SlotRange>& ranges() const { return ranges_; }
  int Count() const;
  bool Empty() const { return ranges_.empty(); }
  bool Contains(int slot) const;
  std::optional<int> Lowest() const;

  bool Intersects(const SlotSet& other) const { return !Intersection(other).Empty(); }
  SlotSet Union(const SlotSet& other) const;
  SlotSet Intersection(const SlotSet& other) const;
  SlotSet Difference(const SlotSet& other) const;
  // The `count` lowest / highest slots (all of them when count >= Count()).
  SlotSet TakeLowest(int count) const;
  SlotSet TakeHighest(int count) const;

  // "0-100,200-300"; "" for the empty set.
  std::string ToString() const;
  bool operator==(const SlotSet&) const = default;

 private:
  std::vector<SlotRange> ranges_;
};

// Parses one Slots string; throws InvalidParameterValue naming the string and the bad part.
SlotSet ParseSlots(std::string_view text);

// The Slots strings of all node groups of one group: each well formed, no slot in two node
// groups, together exactly 0..16383. Returns the parsed sets in input order.
std::vector<SlotSet> ValidateSlotAssignment(const std::vector<std::string>& slot_strings);

// ElastiCache's split for a new group: base = 16384 / n slots each, the first 16384 % n node
// groups one more, contiguous from 0 (2 -> 0-8191, 8192-16383; 3 -> 0-5461, 5462-10922,
// 10923-16383). Empty for n <= 0.
std::vector<SlotSet> DefaultSlotSplit(int node_group_count);

}  // namespace ecl
