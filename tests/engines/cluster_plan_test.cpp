// The steps that turn a group's engines into its Redis Cluster, from what the engines say.
#include "engines/cluster_plan.h"

#include <gtest/gtest.h>

namespace ecl {
namespace {

// Two shards, one replica each: addresses a1 (primary), a2; b1 (primary), b2.
ClusterSpec TwoShards() {
  ClusterSpec spec;
  spec.key = "acct/us-east-1/cme";
  spec.shards.push_back({"0001", ParseSlots("0-99,200-8191"), "a1", {"a2"}});
  spec.shards.push_back({"0002", ParseSlots("100-199,8192-16383"), "b1", {"b2"}});
  return spec;
}

ClusterNodeLine Line(const std::string& id, bool myself, const std::string& master_id = "",
                     const std::string& slots = "") {
  ClusterNodeLine l;
  l.id = id;
  l.myself = myself;
  l.master = master_id.empty();
  l.master_id = master_id;
  if (!slots.empty()) l.slots = ParseSlots(slots);
  return l;
}

// Every node knows all four as wanted.
std::map<std::string, ClusterNodeView> Formed() {
  std::map<std::string, ClusterNodeView> views;
  const std::vector<std::pair<std::string, std::string>> nodes = {
      {"a1", "ida1"}, {"a2", "ida2"}, {"b1", "idb1"}, {"b2", "idb2"}};
  for (const auto& [address, id] : nodes) {
    ClusterNodeView v;
    v.state_ok = true;
    v.online = {"ida1", "ida2", "idb1", "idb2"};
    for (const auto& [other, other_id] : nodes) {
      const bool me = other == address;
      if (other == "a1") v.lines.push_back(Line(other_id, me, "", "0-99,200-8191"));
      if (other == "a2") v.lines.push_back(Line(other_id, me, "ida1"));
      if (other == "b1") v.lines.push_back(Line(other_id, me, "", "100-199,8192-16383"));
      if (other == "b2") v.lines.push_back(Line(other_id, me, "idb1"));
    }
    views[address] = v;
  }
  return views;
}

TEST(ClusterNodesTest, ParsesIdsRolesAndSlotsLeavingOutSlotsInMotion) {
  const std::string text =
      "07c3 127.0.0.1:21000@21001,127.0.0.1 myself,master - 0 0 1 connected 0-99 200-8191 "
      "[100->-9f2a]\n"
      "9f2a 127.0.0.1:21004@21005,127.0.0.1 master - 0 1700 2 connected 100-199 8192-16383\n"
      "51bb 127.0.0.1:21002@21003 slave 07c3 0 1700 1 connected\n"
      "e00d :0@0 handshake - 0 0 0 disconnected\n"
      "garbage\n";
  auto lines = ParseClusterNodes(text);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_TRUE(lines[0].myself);
  EXPECT_TRUE(lines[0].master);
  EXPECT_EQ(lines[0].slots.ToString(), "0-99,200-8191");
  EXPECT_EQ(lines[1].slots.ToString(), "100-199,8192-16383");
  EXPECT_EQ(lines[2].master_id, "07c3");
  EXPECT_FALSE(lines[2].master);
  EXPECT_TRUE(lines[3].handshake);
  ClusterNodeView view{lines, true, {}};
  EXPECT_EQ(view.Myself()->id, "07c3");
  EXPECT_EQ(view.Find("e00d"), nullptr);  // not known by its id yet
}

TEST(ClusterNodesTest, OnlineNodesOfClusterShards) {
  auto bulk = [](const std::string& text) {
    RespReply r;
    r.type = RespReply::Type::kBulk;
    r.text = text;
    return r;
  };
  auto array = [](std::vector<RespReply> elements) {
    RespReply r;
    r.type = RespReply::Type::kArray;
    r.elements = std::move(elements);
    return r;
  };
  RespReply shards = array({array(
      {bulk("slots"), array({}), bulk("nodes"),
       array({array({bulk("id"), bulk("p1"), bulk("health"), bulk("online")}),
              array({bulk("id"), bulk("r1"), bulk("health"), bulk("loading")})})})});
  EXPECT_EQ(OnlineNodeIds(shards), std::set<std::string>{"p1"});
}

TEST(ClusterPlanTest, FreshNodesClaimTheirShardsSlotsAndAllMeet) {
  std::map<std::string, ClusterNodeView> views;
  for (const char* a : {"a1", "a2", "b1", "b2"})
    views[a].lines.push_back(Line(std::string("id") + a, true));
  ClusterSteps steps = PlanCluster(TwoShards(), views);
  EXPECT_FALSE(steps.settled);
  ASSERT_EQ(steps.add_slots.size(), 2u);
  EXPECT_EQ(steps.add_slots[0].address, "a1");
  EXPECT_EQ(steps.add_slots[0].slots.ToString(), "0-99,200-8191");  // exactly the group's
  EXPECT_EQ(steps.add_slots[1].address, "b1");
  EXPECT_EQ(steps.add_slots[1].slots.ToString(), "100-199,8192-16383");
  EXPECT_EQ(steps.meets.size(), 6u);  // every pair of four, once
  EXPECT_TRUE(steps.replicates.empty());  // replicas wait until they know their primary
  EXPECT_EQ(SlotRangeArguments(steps.add_slots[0].slots),
            (std::vector<std::string>{"0", "99", "200", "8191"}));
}

TEST(ClusterPlanTest, AReplicaThatKnowsItsPrimaryFollowsIt) {
  auto views = Formed();
  views["a2"].lines[1] = Line("ida2", true);  // a master of nothing yet
  ClusterSteps steps = PlanCluster(TwoShards(), views);
  ASSERT_EQ(steps.replicates.size(), 1u);
  EXPECT_EQ(steps.replicates[0].address, "a2");
  EXPECT_EQ(steps.replicates[0].primary_id, "ida1");
  EXPECT_TRUE(steps.meets.empty());
  EXPECT_FALSE(steps.settled);
}

TEST(ClusterPlanTest, SettledOnlyWhenEveryViewAgreesAndServes) {
  EXPECT_TRUE(PlanCluster(TwoShards(), Formed()).settled);
  auto stale = Formed();
  stale["b2"].lines[0].slots = ParseSlots("0-8191");  // has not heard of the custom ranges
  EXPECT_FALSE(PlanCluster(TwoShards(), stale).settled);
  auto down = Formed();
  down["a1"].state_ok = false;
  EXPECT_FALSE(PlanCluster(TwoShards(), down).settled);
  auto hidden = Formed();
  hidden["a1"].online.erase("idb2");  // not shown to clients yet
  EXPECT_FALSE(PlanCluster(TwoShards(), hidden).settled);
  auto missing = Formed();
  missing.erase("b2");  // not running
  EXPECT_FALSE(PlanCluster(TwoShards(), missing).settled);
}

TEST(ClusterPlanTest, SlotsAnotherNodeOwnsAreNotClaimed) {
  auto views = Formed();
  // b1 still owns 100-199 in every view while the model gives them to a1 (a resharding).
  ClusterSpec spec = TwoShards();
  spec.shards[0].slots = ParseSlots("0-8191");
  spec.shards[1].slots = ParseSlots("8192-16383");
  ClusterSteps steps = PlanCluster(spec, views);
  EXPECT_TRUE(steps.add_slots.empty());
  EXPECT_FALSE(steps.settled);
}

TEST(ClusterPlanTest, AReplicaTheModelPromotedTakesOver) {
  ClusterSpec spec = TwoShards();
  std::swap(spec.shards[0].primary, spec.shards[0].replicas[0]);  // a2 is now the primary
  ClusterSteps steps = PlanCluster(spec, Formed());
  ASSERT_EQ(steps.failovers.size(), 1u);
  EXPECT_EQ(steps.failovers[0].address, "a2");
  EXPECT_FALSE(steps.failovers[0].takeover);  // a1 runs: a coordinated failover
  auto views = Formed();
  views.erase("a1");
  steps = PlanCluster(spec, views);
  ASSERT_EQ(steps.failovers.size(), 1u);
  EXPECT_TRUE(steps.failovers[0].takeover);
}

TEST(ClusterPlanTest, ARemovedReplicaIsForgottenOnceEveryMemberAnswers) {
  ClusterSpec spec = TwoShards();
  spec.shards[1].replicas.clear();  // DecreaseReplicaCount removed b2
  auto views = Formed();
  views.erase("b2");  // its engine stopped; the others still know it
  ClusterSteps steps = PlanCluster(spec, views);
  ASSERT_EQ(steps.forgets.size(), 3u);
  for (const auto& f : steps.forgets) EXPECT_EQ(f.id, "idb2");
  EXPECT_FALSE(steps.settled);
  // A member not answering yet: its id is unknown, so nothing is forgotten.
  views.erase("a2");
  EXPECT_TRUE(PlanCluster(TwoShards(), views).forgets.empty());
}

TEST(ClusterPlanTest, MigratedPercentCountsSlotsTheirNewPrimariesOwn) {
  // 0002 gives 100-199 to 0001: half of those moved so far (0001 claims 100-149).
  ClusterSpec spec = TwoShards();
  spec.shards[0].slots = ParseSlots("0-8191");
  spec.shards[1].slots = ParseSlots("8192-16383");
  spec.resharding = ClusterSpec::Resharding{1000, 100};
  auto views = Formed();
  EXPECT_DOUBLE_EQ(MigratedPercent(spec, views), 0.0);
  views["a1"].lines[0].slots = ParseSlots("0-149,200-8191");
  views["b1"].lines[2].slots = ParseSlots("150-199,8192-16383");
  EXPECT_DOUBLE_EQ(MigratedPercent(spec, views), 50.0);
  views["a1"].lines[0].slots = ParseSlots("0-8191");
  EXPECT_DOUBLE_EQ(MigratedPercent(spec, views), 100.0);
  // A primary that does not answer owns nothing yet; never below 0.
  views.erase("a1");
  EXPECT_DOUBLE_EQ(MigratedPercent(spec, views), 0.0);
  // Nothing to move (or no resharding) is done.
  spec.resharding->slots_to_move = 0;
  EXPECT_DOUBLE_EQ(MigratedPercent(spec, views), 100.0);
}

}  // namespace
}  // namespace ecl
