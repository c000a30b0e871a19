#include "engines/cluster_plan.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace ecl {

namespace {

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  return parts;
}

// "0-5460" or "5461"; markers of slots being moved ("[5461->-id]") are not ownership.
bool ParseSlotToken(const std::string& token, SlotRange& out) {
  if (token.empty() || token[0] == '[') return false;
  try {
    size_t dash = token.find('-');
    out.start = std::stoi(token.substr(0, dash));
    out.end = dash == std::string::npos ? out.start : std::stoi(token.substr(dash + 1));
    return out.start >= kMinSlot && out.end <= kMaxSlot && out.start <= out.end;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

std::vector<ClusterNodeLine> ParseClusterNodes(const std::string& text) {
  std::vector<ClusterNodeLine> lines;
  for (const auto& raw : Split(text, '\n')) {
    std::vector<std::string> words;
    for (auto& w : Split(raw, ' '))
      if (!w.empty() && w != "\r") words.push_back(w.back() == '\r' ? w.substr(0, w.size() - 1) : w);
    if (words.size() < 8) continue;
    ClusterNodeLine line;
    line.id = words[0];
    for (const auto& flag : Split(words[2], ',')) {
      if (flag == "myself") line.myself = true;
      if (flag == "master") line.master = true;
      if (flag == "handshake") line.handshake = true;
    }
    if (words[3] != "-") line.master_id = words[3];
    std::vector<SlotRange> ranges;
    for (size_t i = 8; i < words.size(); ++i) {
      SlotRange r;
      if (ParseSlotToken(words[i], r)) ranges.push_back(r);
    }
    line.slots = SlotSet::FromRanges(std::move(ranges));
    lines.push_back(std::move(line));
  }
  return lines;
}

std::set<std::string> OnlineNodeIds(const RespReply& shards) {
  std::set<std::string> online;
  // [["slots", [...], "nodes", [["id", ID, ..., "health", "online"], ...]], ...]
  for (const auto& shard : shards.elements)
    for (size_t i = 0; i + 1 < shard.elements.size(); i += 2) {
      if (shard.elements[i].text != "nodes") continue;
      for (const auto& node : shard.elements[i + 1].elements) {
        std::string id, health;
        for (size_t k = 0; k + 1 < node.elements.size(); k += 2) {
          if (node.elements[k].text == "id") id = node.elements[k + 1].text;
          if (node.elements[k].text == "health") health = node.elements[k + 1].text;
        }
        if (health == "online") online.insert(id);
      }
    }
  return online;
}

const ClusterNodeLine* ClusterNodeView::Myself() const {
  for (const auto& l : lines)
    if (l.myself) return &l;
  return nullptr;
}

const ClusterNodeLine* ClusterNodeView::Find(const std::string& id) const {
  for (const auto& l : lines)
    if (l.id == id && !l.handshake) return &l;
  return nullptr;
}

double MigratedPercent(const ClusterSpec& spec,
                       const std::map<std::string, ClusterNodeView>& views) {
  const int to_move = spec.resharding ? spec.resharding->slots_to_move : 0;
  if (to_move <= 0) return 100.0;
  int missing = 0;
  for (const auto& shard : spec.shards) {
    auto view = views.find(shard.primary);
    const ClusterNodeLine* myself = view == views.end() ? nullptr : view->second.Myself();
    missing += myself ? shard.slots.Difference(myself->slots).Count() : shard.slots.Count();
  }
  return 100.0 * double(to_move - std::min(missing, to_move)) / double(to_move);
}

std::vector<std::string> SlotRangeArguments(const SlotSet& slots) {
  std::vector<std::string> args;
  for (const auto& r : slots.ranges()) {
    args.push_back(std::to_string(r.start));
    args.push_back(std::to_string(r.end));
  }
  return args;
}

ClusterSteps PlanCluster(const ClusterSpec& spec,
                         const std::map<std::string, ClusterNodeView>& views) {
  ClusterSteps steps;
  bool settled = true;
  // The cluster's members in shard order, and the node id each running one goes by.
  std::vector<std::string> members;
  for (const auto& shard : spec.shards) {
    members.push_back(shard.primary);
    for (const auto& r : shard.replicas) members.push_back(r);
  }
  std::map<std::string, std::string> ids;
  std::vector<std::string> running;
  for (const auto& address : members) {
    auto it = views.find(address);
    const ClusterNodeLine* myself = it == views.end() ? nullptr : it->second.Myself();
    if (!myself) {
      settled = false;  // not running or not answering yet
      continue;
    }
    ids[address] = myself->id;
    running.push_back(address);
  }
  if (running.empty()) return steps;

  // Every pair meets directly (rather than through gossip): the cluster forms in one
  // handshake round. A pair where either side knows the other is under way.
  for (size_t i = 0; i < running.size(); ++i)
    for (size_t j = i + 1; j < running.size(); ++j) {
      const ClusterNodeView& a = views.at(running[i]);
      const ClusterNodeView& b = views.at(running[j]);
      if (!a.Find(ids[running[j]]) && !b.Find(ids[running[i]]))
        steps.meets.push_back({running[i], running[j]});
    }
  // Nodes leaving the cluster, by id, and whether they still own slots.
  std::set<std::string> member_ids, leaving_with_slots;
  for (const auto& [address, id] : ids) member_ids.insert(id);
  for (const auto& [address, view] : views) {
    const ClusterNodeLine* myself = view.Myself();
    if (myself && !member_ids.count(myself->id) && !myself->slots.Empty())
      leaving_with_slots.insert(myself->id);
  }
  if (running.size() == members.size()) {
    for (const auto& address : running)
      for (const auto& line : views.at(address).lines)
        if (!line.handshake && !line.myself && !member_ids.count(line.id) &&
            !leaving_with_slots.count(line.id))
          steps.forgets.push_back({address, line.id});
  }
  for (const auto& address : running) {
    const ClusterNodeView& view = views.at(address);
    if (!view.state_ok) settled = false;
    for (const auto& other : running)
      if (!view.Find(ids[other]) || !view.online.count(ids[other])) settled = false;
  }

  for (const auto& shard : spec.shards) {
    auto primary_id = ids.find(shard.primary);
    if (primary_id == ids.end()) continue;
    const ClusterNodeLine* primary = views.at(shard.primary).Myself();
    if (!primary->master_id.empty()) {
      // The model made this replica the primary: it takes over (with its primary's
      // agreement when that one runs, so no acknowledged write is lost).
      bool old_runs = false;
      for (const auto& [address, id] : ids)
        if (id == primary->master_id) old_runs = true;
      steps.failovers.push_back({shard.primary, !old_runs});
      settled = false;
      continue;
    }
    // Slots no node claims go to the shard that should own them.
    SlotSet claimed_elsewhere;
    for (const auto& [address, view] : views)
      for (const auto& line : view.lines)
        if (line.master && line.id != primary_id->second)
          claimed_elsewhere = claimed_elsewhere.Union(line.slots);
    SlotSet missing = shard.slots.Difference(primary->slots).Difference(claimed_elsewhere);
    if (!missing.Empty()) steps.add_slots.push_back({shard.primary, missing});
    // Slots another node claims for itself move here, keys and all — once this primary
    // serves (a new one refuses keys until its cluster is whole) and knows that node.
    const ClusterNodeView& target = views.at(shard.primary);
    for (const auto& [address, view] : views) {
      if (address == shard.primary) continue;
      const ClusterNodeLine* owner = view.Myself();
      if (!owner || !owner->master) continue;
      SlotSet moving = owner->slots.Intersection(shard.slots);
      if (moving.Empty()) continue;
      settled = false;
      if (target.state_ok && target.Find(owner->id) && view.Find(primary_id->second))
        steps.moves.push_back({address, shard.primary, moving});
    }
    for (const auto& replica : shard.replicas) {
      auto replica_id = ids.find(replica);
      if (replica_id == ids.end()) continue;
      const ClusterNodeView& view = views.at(replica);
      const ClusterNodeLine* myself = view.Myself();
      if (myself->master_id == primary_id->second) continue;
      // A node still owning slots cannot follow; it hands them over first (resharding).
      if (view.Find(primary_id->second) && myself->slots.Empty())
        steps.replicates.push_back({replica, primary_id->second});
      settled = false;
    }
    // Settled only once every running node sees the shard as wanted.
    for (const auto& address : running) {
      const ClusterNodeView& view = views.at(address);
      const ClusterNodeLine* p = view.Find(primary_id->second);
      if (!p || !p->master || !(p->slots == shard.slots)) settled = false;
      for (const auto& replica : shard.replicas) {
        auto replica_id = ids.find(replica);
        if (replica_id == ids.end()) continue;
        const ClusterNodeLine* r = view.Find(replica_id->second);
        if (!r || r->master_id != primary_id->second) settled = false;
      }
    }
  }
  steps.settled = settled && steps.meets.empty() && steps.forgets.empty() && steps.add_slots.empty() &&
                  steps.replicates.empty() && steps.failovers.empty();
  return steps;
}

}  // namespace ecl
