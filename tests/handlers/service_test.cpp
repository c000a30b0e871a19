// The service's one entry point: due transitions and the handler run in one transaction, so
// a call that fails leaves nothing it wrote; lifecycle steps run with their events saved.
#include "handlers/service.h"

#include <gtest/gtest.h>

#include "model/aws_error.h"
#include "model/clock.h"

namespace ecl {
namespace {

class ServiceTest : public ::testing::Test {
 protected:
  ServiceTest() : service_(Options()) { service_.Register(registry_); }

  static ServiceOptions Options() {
    ServiceOptions o;
    o.in_memory = true;
    o.transition_seconds = 10;
    return o;
  }

  RequestContext Ctx() { return {"req", "123456789012", "us-east-1", clock_.Now()}; }

  ApiValue Call(const std::string& action, const ApiValue& in) {
    return (*registry_.Find(action))(Ctx(), in);
  }

  static ApiValue Group(const std::string& id) {
    return ApiValue::Struct()
        .Set("ReplicationGroupId", id)
        .Set("ReplicationGroupDescription", "d")
        .Set("NumCacheClusters", 2)
        .Set("AutomaticFailoverEnabled", true);
  }

  size_t GroupCount() {
    return Call("DescribeReplicationGroups", ApiValue::Struct())
        .GetList("ReplicationGroups")
        .size();
  }

  ManualClock clock_;
  Service service_;
  HandlerRegistry registry_;
};

TEST_F(ServiceTest, ACallThatThrowsLeavesNothingItWrote) {
  EXPECT_THROW(service_.Invoke(Ctx(),
                               [&] {
                                 Call("CreateReplicationGroup", Group("half"));
                                 throw std::runtime_error("failed after writing");
                                 return ApiValue();
                               }),
               std::runtime_error);
  EXPECT_EQ(GroupCount(), 0u);
  EXPECT_TRUE(Call("DescribeCacheClusters", ApiValue::Struct()).GetList("CacheClusters").empty());
  EXPECT_TRUE(Call("DescribeEvents", ApiValue::Struct()).GetList("Events").empty());
}

TEST_F(ServiceTest, DueTransitionsApplyInTheCallsTransactionWithTheirEvents) {
  Call("CreateReplicationGroup", Group("rg"));
  clock_.Advance(9999);
  auto status = [&] {
    return *Call("DescribeReplicationGroups", ApiValue::Struct().Set("ReplicationGroupId", "rg"))
                .GetList("ReplicationGroups")[0]
                .GetString("Status");
  };
  EXPECT_EQ(status(), "creating");
  clock_.Advance(1);
  EXPECT_EQ(status(), "available");
  auto events = Call("DescribeEvents", ApiValue::Struct()).GetList("Events");
  std::vector<std::string> messages;
  for (const auto& e : events) messages.push_back(*e.GetString("Message"));
  EXPECT_NE(std::find(messages.begin(), messages.end(), "Replication group rg created"),
            messages.end());
  EXPECT_NE(std::find(messages.begin(), messages.end(), "Cache cluster created"), messages.end());
}

TEST_F(ServiceTest, AFailedCallDoesNotLoseDueTransitions) {
  Call("CreateReplicationGroup", Group("rg"));
  clock_.Advance(10000);
  // Fails after the due transitions ran in its transaction: they are undone with it...
  EXPECT_THROW(Call("CreateReplicationGroup", Group("rg")), AwsError);
  // ...and still happen on the next call.
  auto group = Call("DescribeReplicationGroups", ApiValue::Struct().Set("ReplicationGroupId", "rg"))
                   .GetList("ReplicationGroups")[0];
  EXPECT_EQ(*group.GetString("Status"), "available");
}

}  // namespace
}  // namespace ecl
