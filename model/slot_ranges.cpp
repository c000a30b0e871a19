#include "model/slot_ranges.h"

#include <algorithm>

#include "model/aws_faults.h"

namespace ecl {
namespace {

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

[[noreturn]] void ThrowBadSlots(std::string_view text, const std::string& detail) {
  throw faults::InvalidParameterValueException("Invalid slots value '" + std::string(text) +
                                               "': " + detail);
}

// A slot number in `token`, bounded so long digit strings cannot overflow.
int ParseSlotNumber(std::string_view whole, std::string_view token) {
  token = TrimSpaces(token);
  if (token.empty() ||
      !std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    ThrowBadSlots(whole, "'" + std::string(token) +
                             "' is not a slot number. Use startkey-endkey ranges separated by "
                             "commas with keys from 0 to 16383, for example 0-3999.");
  }
  long value = 0;
  for (char c : token) {
    value = value * 10 + (c - '0');
    if (value > kMaxSlot) {
      ThrowBadSlots(whole, "slot " + std::string(token) + " is outside the keyspace 0-16383.");
    }
  }
  return static_cast<int>(value);
}

}  // namespace

SlotSet SlotSet::FromRanges(std::vector<SlotRange> ranges) {
  std::erase_if(ranges, [](const SlotRange& r) { return r.start > r.end; });
  std::sort(ranges.begin(), ranges.end(),
            [](const SlotRange& a, const SlotRange& b) { return a.start < b.start; });
  SlotSet set;
  for (const SlotRange& r : ranges) {
    if (!set.ranges_.empty() && r.start <= set.ranges_.back().end + 1) {
      set.ranges_.back().end = std::max(set.ranges_.back().end, r.end);
    } else {
      set.ranges_.push_back(r);
    }
  }
  return set;
}

int SlotSet::Count() const {
  int count = 0;
  for (const SlotRange& r : ranges_) count += r.Count();
  return count;
}

bool SlotSet::Contains(int slot) const {
  return std::any_of(ranges_.begin(), ranges_.end(),
                     [slot](const SlotRange& r) { return r.start <= slot && slot <= r.end; });
}

std::optional<int> SlotSet::Lowest() const {
  if (ranges_.empty()) return std::nullopt;
  return ranges_.front().start;
}

SlotSet SlotSet::Union(const SlotSet& other) const {
  std::vector<SlotRange> all = ranges_;
  all.insert(all.end(), other.ranges_.begin(), other.ranges_.end());
  return FromRanges(std::move(all));
}

SlotSet SlotSet::Intersection(const SlotSet& other) const {
  std::vector<SlotRange> common;
  for (const SlotRange& a : ranges_) {
    for (const SlotRange& b : other.ranges_) {
      common.push_back({std::max(a.start, b.start), std::min(a.end, b.end)});
    }
  }
  return FromRanges(std::move(common));
}

SlotSet SlotSet::Difference(const SlotSet& other) const {
  std::vector<SlotRange> remaining;
  for (const SlotRange& a : ranges_) {
    int next = a.start;  // first slot of `a` not yet emitted or removed
    for (const SlotRange& b : other.ranges_) {
      if (b.end < next || b.start > a.end) continue;
      if (b.start > next) remaining.push_back({next, b.start - 1});
      next = std::max(next, b.end + 1);
    }
    if (next <= a.end) remaining.push_back({next, a.end});
  }
  return FromRanges(std::move(remaining));
}

SlotSet SlotSet::TakeLowest(int count) const {
  std::vector<SlotRange> taken;
  for (const SlotRange& r : ranges_) {
    if (count <= 0) break;
    const int take = std::min(count, r.Count());
    taken.push_back({r.start, r.start + take - 1});
    count -= take;
  }
  return FromRanges(std::move(taken));
}

SlotSet SlotSet::TakeHighest(int count) const {
  std::vector<SlotRange> taken;
  for (auto it = ranges_.rbegin(); it != ranges_.rend() && count > 0; ++it) {
    const int take = std::min(count, it->Count());
    taken.push_back({it->end - take + 1, it->end});
    count -= take;
  }
  return FromRanges(std::move(taken));
}

std::string SlotSet::ToString() const {
  std::string out;
  for (const SlotRange& r : ranges_) {
    if (!out.empty()) out += ',';
    out += std::to_string(r.start);
    if (r.end != r.start) out += '-' + std::to_string(r.end);
  }
  return out;
}

SlotSet ParseSlots(std::string_view text) {
  std::vector<SlotRange> ranges;
  std::size_t begin = 0;
  while (true) {
    const std::size_t comma = text.find(',', begin);
    const std::string_view item =
        TrimSpaces(text.substr(begin, comma == std::string_view::npos ? text.npos : comma - begin));
    const std::size_t dash = item.find('-');
    SlotRange range;
    if (dash == std::string_view::npos) {
      range.start = range.end = ParseSlotNumber(text, item);
    } else {
      range.start = ParseSlotNumber(text, item.substr(0, dash));
      range.end = ParseSlotNumber(text, item.substr(dash + 1));
      if (range.start > range.end) {
        ThrowBadSlots(text, "the range " + std::string(item) + " starts after it ends.");
      }
    }
    for (const SlotRange& earlier : ranges) {
      if (range.start <= earlier.end && earlier.start <= range.end) {
        ThrowBadSlots(text, "slot " + std::to_string(std::max(range.start, earlier.start)) +
                                " is listed more than once.");
      }
    }
    ranges.push_back(range);
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
  return SlotSet::FromRanges(std::move(ranges));
}

std::vector<SlotSet> ValidateSlotAssignment(const std::vector<std::string>& slot_strings) {
  std::vector<SlotSet> sets;
  SlotSet covered;
  for (std::size_t i = 0; i < slot_strings.size(); ++i) {
    SlotSet set = ParseSlots(slot_strings[i]);
    for (std::size_t j = 0; j < sets.size(); ++j) {
      const SlotSet shared = sets[j].Intersection(set);
      if (!shared.Empty()) {
        throw faults::InvalidParameterValueException("Slot " + std::to_string(*shared.Lowest()) +
                                                     " is assigned to more than one node group: '" +
                                                     slot_strings[j] + "' and '" + slot_strings[i] +
                                                     "'.");
      }
    }
    covered = covered.Union(set);
    sets.push_back(std::move(set));
  }
  const SlotSet missing = SlotSet::All().Difference(covered);
  if (!missing.Empty()) {
    throw faults::InvalidParameterValueException(
        "Slots " + missing.ToString() +
        " are not assigned to any node group. The node groups' slots must cover the keyspace "
        "0-16383 exactly.");
  }
  return sets;
}

std::vector<SlotSet> DefaultSlotSplit(int node_group_count) {
  std::vector<SlotSet> split;
  if (node_group_count <= 0) return split;
  const int base = kSlotCount / node_group_count;
  const int larger = kSlotCount % node_group_count;
  int next = kMinSlot;
  for (int i = 0; i < node_group_count; ++i) {
    const int size = base + (i < larger ? 1 : 0);
    split.push_back(SlotSet::Range(next, next + size - 1));
    next += size;
  }
  return split;
}

}  // namespace ecl
