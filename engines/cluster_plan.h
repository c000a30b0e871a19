// The steps that make a group's running engines the Redis Cluster its ClusterSpec describes,
// from what each engine says of the cluster (CLUSTER NODES): which nodes must meet, which
// slots a primary must claim, which replica must follow its shard's primary, which must take
// over from its primary (a failover the model decided), and whether all is as wanted. Pure
// functions; the reconciler runs the steps and asks again until the plan is settled.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "engines/resp_client.h"
#include "engines/topology.h"
#include "model/slot_ranges.h"

namespace ecl {

// One line of CLUSTER NODES: "<id> <ip:port@cport[,hostname]> <flags> <master> <ping> <pong>
// <epoch> <link> <slot>...".
struct ClusterNodeLine {
  std::string id;
  bool myself = false;
  bool master = false;
  bool handshake = false;  // met but not yet known by its id
  std::string master_id;   // "" for a primary
  SlotSet slots;           // owned (importing / migrating markers left out)
};

// Parses CLUSTER NODES; malformed lines are skipped.
std::vector<ClusterNodeLine> ParseClusterNodes(const std::string& text);
// The ids of the nodes CLUSTER SHARDS shows with health "online".
std::set<std::string> OnlineNodeIds(const RespReply& shards);

// What one running engine of the cluster says of it.
struct ClusterNodeView {
  std::vector<ClusterNodeLine> lines;
  bool state_ok = false;  // CLUSTER INFO cluster_state:ok (it serves its slots)
  // Nodes it shows clients (CLUSTER SHARDS health "online"): a replica that has received
  // nothing from its primary yet is left out of CLUSTER SLOTS.
  std::set<std::string> online;
  const ClusterNodeLine* Myself() const;
  const ClusterNodeLine* Find(const std::string& id) const;
};

struct ClusterSteps {
  struct Meet {
    std::string from;  // engine addresses
    std::string to;
  };
  struct AddSlots {
    std::string address;
    SlotSet slots;
  };
  struct Replicate {
    std::string address;
    std::string primary_id;
  };
  struct Failover {
    std::string address;  // the replica the model made primary
    bool takeover = false;  // its primary does not run: without its agreement
  };
  // A node no longer in the group (a replica removed) is forgotten by every node still
  // knowing it.
  struct Forget {
    std::string address;
    std::string id;
  };
  // Slots (and their keys) another node owns that a shard's primary must own: a
  // resharding, or a node leaving with a removed node group.
  struct Move {
    std::string from;
    std::string to;
    SlotSet slots;
  };
  std::vector<Meet> meets;
  std::vector<Forget> forgets;
  std::vector<Move> moves;
  std::vector<AddSlots> add_slots;
  std::vector<Replicate> replicates;
  std::vector<Failover> failovers;
  // Every engine runs, knows every other, serves (cluster_state ok), and each view shows each
  // primary owning exactly its shard's slots and each replica following its shard's primary.
  bool settled = false;
};

// `views`: by engine address, the engines that run and answered: the spec's members, and
// nodes leaving the cluster (engines of removed node groups, still running until their slots
// have moved). Nodes are forgotten once they own no slots, and only while every member
// answers (a member not answering yet is known by an id not seen).
ClusterSteps PlanCluster(const ClusterSpec& spec,
                         const std::map<std::string, ClusterNodeView>& views);

// How far a resharding has come, 0..100: the share of its slots (ClusterSpec::resharding)
// that the shards' primaries already own, as each says of itself. A primary not answering
// counts as owning none of its slots yet.
double MigratedPercent(const ClusterSpec& spec,
                       const std::map<std::string, ClusterNodeView>& views);

// CLUSTER ADDSLOTSRANGE's arguments for a slot set: start end start end ...
std::vector<std::string> SlotRangeArguments(const SlotSet& slots);

}  // namespace ecl
