// Calls that only read run beside the writer, on a snapshot of the last commit
// (Service::InvokeRead), and answer as a serialized call would: they answer while the writer
// is held; what a write started and is due at once is done in the write's own commit, so
// it is seen without the writer; what fell due since waits for the writer and is applied;
// a read that writes after all (defaults stored on first use) runs again as a writer.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "handlers/service.h"
#include "model/aws_error.h"
#include "model/clock.h"

namespace ecl {
namespace {

class ReadsBesideTheWriterTest : public ::testing::Test {
 protected:
  explicit ReadsBesideTheWriterTest(double transition_seconds = 10)
      : dir_(std::filesystem::temp_directory_path() /
             ("ecl-reads-beside-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir_);
    ServiceOptions o;
    o.data_dir = dir_.string();
    o.transition_seconds = transition_seconds;
    service_ = std::make_unique<Service>(o);
    service_->Register(registry_);
  }
  ~ReadsBesideTheWriterTest() override {
    service_.reset();
    std::filesystem::remove_all(dir_);
  }

  RequestContext Ctx() { return {"req", "123456789012", "us-east-1", clock_.Now()}; }

  ApiValue Call(const std::string& action, const ApiValue& in = ApiValue::Struct()) {
    return (*registry_.Find(action))(Ctx(), in);
  }

  // The call's answer, made while another thread holds the service (as a write in progress
  // would); `answered_while_held` tells whether it came before that thread let go, which it
  // does after `hold` at the latest: long where the call must not wait (one that does fails
  // the test, not the run), short where it must.
  ApiValue CallWhileWriterHeld(const std::string& action, const ApiValue& in,
                               bool& answered_while_held,
                               std::chrono::milliseconds hold = std::chrono::seconds(30)) {
    std::promise<void> holding;
    std::promise<void> answered;
    std::thread writer([&] {
      service_->Exclusive([&] {
        holding.set_value();
        answered_while_held =
            answered.get_future().wait_for(hold) == std::future_status::ready;
      });
    });
    holding.get_future().wait();
    ApiValue out;
    try {
      out = Call(action, in);
    } catch (...) {
      answered.set_value();
      writer.join();
      throw;
    }
    answered.set_value();
    writer.join();
    return out;
  }

  static ApiValue Group(const std::string& id) {
    return ApiValue::Struct()
        .Set("ReplicationGroupId", id)
        .Set("ReplicationGroupDescription", "d")
        .Set("NumCacheClusters", 2)
        .Set("AutomaticFailoverEnabled", true);
  }

  static constexpr std::chrono::milliseconds kWaits{300};  // a hold for calls that must wait

  std::string StatusBeside(const std::string& id, bool& answered_while_held,
                           std::chrono::milliseconds hold = std::chrono::seconds(30)) {
    auto out = CallWhileWriterHeld("DescribeReplicationGroups",
                                   ApiValue::Struct().Set("ReplicationGroupId", id),
                                   answered_while_held, hold);
    return *out.GetList("ReplicationGroups")[0].GetString("Status");
  }

  std::filesystem::path dir_;
  ManualClock clock_;
  std::unique_ptr<Service> service_;
  HandlerRegistry registry_;
};

TEST_F(ReadsBesideTheWriterTest, ADescribeAnswersWhileTheWriterIsHeld) {
  Call("CreateReplicationGroup", Group("alpha"));
  Call("DescribeReplicationGroups");  // the first call of an account purges old events
  bool answered_while_held = false;
  EXPECT_EQ(StatusBeside("alpha", answered_while_held), "creating");
  EXPECT_TRUE(answered_while_held);
  // A describe of what is not there fails beside the writer just the same.
  answered_while_held = false;
  EXPECT_THROW(CallWhileWriterHeld("DescribeReplicationGroups",
                                   ApiValue::Struct().Set("ReplicationGroupId", "nope"),
                                   answered_while_held),
               AwsError);
  EXPECT_TRUE(answered_while_held);
}

TEST_F(ReadsBesideTheWriterTest, WhatFellDueSinceTheLastCommitWaitsForTheWriter) {
  Call("CreateReplicationGroup", Group("alpha"));
  Call("DescribeReplicationGroups");
  clock_.Advance(10000);
  bool answered_while_held = true;
  EXPECT_EQ(StatusBeside("alpha", answered_while_held, kWaits), "available");
  EXPECT_FALSE(answered_while_held);  // it was applied by the writer, after the hold
  // Applied and committed: the next describe needs the writer no more.
  EXPECT_EQ(StatusBeside("alpha", answered_while_held), "available");
  EXPECT_TRUE(answered_while_held);
}

TEST_F(ReadsBesideTheWriterTest, AReadThatStoresDefaultsRunsAgainAsAWriter) {
  Call("DescribeReplicationGroups");
  bool answered_while_held = true;
  auto first = CallWhileWriterHeld("DescribeCacheParameterGroups", ApiValue::Struct(),
                                   answered_while_held, kWaits);
  EXPECT_FALSE(answered_while_held);  // the defaults are stored by the writer
  const size_t groups = first.GetList("CacheParameterGroups").size();
  EXPECT_GT(groups, 0u);
  auto again = CallWhileWriterHeld("DescribeCacheParameterGroups", ApiValue::Struct(),
                                   answered_while_held);
  EXPECT_TRUE(answered_while_held);  // stored now: a plain read
  EXPECT_EQ(again.GetList("CacheParameterGroups").size(), groups);
}

class ReadsBesideTheWriterAtOnceTest : public ReadsBesideTheWriterTest {
 protected:
  ReadsBesideTheWriterAtOnceTest() : ReadsBesideTheWriterTest(0) {}
};

TEST_F(ReadsBesideTheWriterAtOnceTest, ATransitionDueAtOnceIsDoneInTheWritesOwnCommit) {
  Call("DescribeReplicationGroups");
  auto created = Call("CreateReplicationGroup", Group("alpha"));
  // The write answers as of its call; the transition it started is done before its commit.
  EXPECT_EQ(*created.Get("ReplicationGroup")->GetString("Status"), "creating");
  bool answered_while_held = false;
  EXPECT_EQ(StatusBeside("alpha", answered_while_held), "available");
  EXPECT_TRUE(answered_while_held);
  Call("DeleteReplicationGroup", ApiValue::Struct().Set("ReplicationGroupId", "alpha"));
  answered_while_held = false;
  EXPECT_THROW(CallWhileWriterHeld("DescribeReplicationGroups",
                                   ApiValue::Struct().Set("ReplicationGroupId", "alpha"),
                                   answered_while_held),
               AwsError);
  EXPECT_TRUE(answered_while_held);
}

}  // namespace
}  // namespace ecl
