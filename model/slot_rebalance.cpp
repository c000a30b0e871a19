#include "model/slot_rebalance.h"

#include <algorithm>
#include <numeric>

namespace ecl {

std::vector<SlotSet> RebalanceSlots(const std::vector<SlotSet>& kept, const SlotSet& freed,
                                    int new_shards) {
  int total = int(kept.size()) + new_shards;
  int keyspace = freed.Count();
  for (const auto& s : kept) keyspace += s.Count();
  int base = keyspace / total;
  int extra = keyspace % total;

  // The shards holding the most slots now keep the extra slot each, so fewer slots move.
  std::vector<int> order(kept.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return kept[size_t(a)].Count() > kept[size_t(b)].Count(); });
  std::vector<int> target(size_t(total), base);
  for (int i = 0; i < total && extra > 0; ++i, --extra)
    target[i < int(order.size()) ? size_t(order[size_t(i)]) : size_t(i)] += 1;

  // Shards above their share give away their highest slots; shards below take the lowest
  // slots of the pool.
  std::vector<SlotSet> result(kept.begin(), kept.end());
  result.resize(size_t(total));
  SlotSet pool = freed;
  for (size_t i = 0; i < kept.size(); ++i) {
    int surplus = result[i].Count() - target[i];
    if (surplus <= 0) continue;
    SlotSet given = result[i].TakeHighest(surplus);
    result[i] = result[i].Difference(given);
    pool = pool.Union(given);
  }
  for (size_t i = 0; i < result.size(); ++i) {
    int deficit = target[i] - result[i].Count();
    if (deficit <= 0) continue;
    SlotSet taken = pool.TakeLowest(deficit);
    pool = pool.Difference(taken);
    result[i] = result[i].Union(taken);
  }
  return result;
}

bool IsEvenlyDistributed(const std::vector<SlotSet>& shards) {
  if (shards.empty()) return true;
  auto [lo, hi] = std::minmax_element(shards.begin(), shards.end(),
                                      [](const SlotSet& a, const SlotSet& b) { return a.Count() < b.Count(); });
  return hi->Count() - lo->Count() <= 1;
}

}  // namespace ecl
