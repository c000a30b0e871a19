// Store::All: every resource of one kind across accounts and regions (the admin views and
// the data plane read the whole emulator), and nothing of other kinds.
#include <gtest/gtest.h>

#include "storage/store.h"

namespace ecl {
namespace {

ReplicationGroup Group(const std::string& account, const std::string& region,
                       const std::string& id) {
  ReplicationGroup rg;
  rg.account = account;
  rg.region = region;
  rg.id = id;
  return rg;
}

TEST(StoreAll, ListsEveryAccountAndRegionOfOneKind) {
  auto store = OpenStore("");
  store->InTransaction([&] {
    store->Save(Group("222222222222", "us-east-1", "b"));
    store->Save(Group("111111111111", "eu-west-1", "a"));
    store->Save(Group("111111111111", "us-east-1", "c"));
    store->Save(Group("111111111111", "us-east-1", "a"));
    User user;
    user.account = "333333333333";
    user.region = "us-east-1";
    user.id = "u";
    store->Save(user);
  });
  std::vector<std::string> seen;
  for (const auto& rg : store->All<ReplicationGroup>())
    seen.push_back(rg.account + "/" + rg.region + "/" + rg.id);
  EXPECT_EQ(seen, (std::vector<std::string>{"111111111111/eu-west-1/a", "111111111111/us-east-1/a",
                                            "111111111111/us-east-1/c",
                                            "222222222222/us-east-1/b"}));
  ASSERT_EQ(store->All<User>().size(), 1u);
  EXPECT_TRUE(store->All<Snapshot>().empty());
}

}  // namespace
}  // namespace ecl
