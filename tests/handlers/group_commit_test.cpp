// Group commit (Service::InOneCommit): calls that arrive together share one transaction and
// one commit, and each still fails alone; when the shared commit cannot be made (a full
// state), nothing of the group is saved and the caller runs its calls again one by one.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

#include "handlers/service.h"
#include "model/aws_error.h"
#include "model/clock.h"

namespace ecl {
namespace {

class GroupCommitTest : public ::testing::Test {
 protected:
  explicit GroupCommitTest(int64_t max_state_bytes = 0)
      : dir_(std::filesystem::temp_directory_path() /
             ("ecl-group-commit-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
              "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    std::filesystem::remove_all(dir_);
    ServiceOptions o;
    o.data_dir = dir_.string();
    o.transition_seconds = 0;
    o.max_state_bytes = max_state_bytes;
    service_.emplace(o);
    service_->Register(registry_);
  }
  ~GroupCommitTest() override {
    service_.reset();
    std::filesystem::remove_all(dir_);
  }

  RequestContext Ctx() { return {"req", "123456789012", "us-east-1", clock_.Now()}; }

  ApiValue Call(const std::string& action, const ApiValue& in) {
    return (*registry_.Find(action))(Ctx(), in);
  }
  // The call's error code, or "" when it succeeded.
  std::string TryCall(const std::string& action, const ApiValue& in) {
    try {
      Call(action, in);
      return "";
    } catch (const AwsError& e) {
      return e.code;
    }
  }

  static ApiValue ParameterGroup(const std::string& name) {
    return ApiValue::Struct()
        .Set("CacheParameterGroupName", name)
        .Set("CacheParameterGroupFamily", "redis7")
        .Set("Description", std::string(2000, 'd'));
  }
  bool Exists(const std::string& name) {
    return TryCall("DescribeCacheParameterGroups",
                   ApiValue::Struct().Set("CacheParameterGroupName", name)) == "";
  }

  std::filesystem::path dir_;
  ManualClock clock_;
  std::optional<Service> service_;
  HandlerRegistry registry_;
};

TEST_F(GroupCommitTest, CallsShareOneCommitAndEachFailsAlone) {
  std::string first, duplicate, second;
  EXPECT_TRUE(service_->InOneCommit([&] {
    first = TryCall("CreateCacheParameterGroup", ParameterGroup("one"));
    duplicate = TryCall("CreateCacheParameterGroup", ParameterGroup("one"));
    second = TryCall("CreateCacheParameterGroup", ParameterGroup("two"));
  }));
  EXPECT_EQ(first, "");
  EXPECT_EQ(duplicate, "CacheParameterGroupAlreadyExists");
  EXPECT_EQ(second, "");
  EXPECT_TRUE(Exists("one"));
  EXPECT_TRUE(Exists("two"));
}

TEST_F(GroupCommitTest, ACallThatThrowsUndoesOnlyWhatItWrote) {
  EXPECT_TRUE(service_->InOneCommit([&] {
    Call("CreateCacheParameterGroup", ParameterGroup("kept"));
    EXPECT_THROW(service_->Invoke(Ctx(),
                                  [&] {
                                    Call("CreateCacheParameterGroup", ParameterGroup("undone"));
                                    throw std::runtime_error("failed after writing");
                                    return ApiValue();
                                  }),
                 std::runtime_error);
  }));
  EXPECT_TRUE(Exists("kept"));
  EXPECT_FALSE(Exists("undone"));
}

TEST_F(GroupCommitTest, TheGroupIsSavedOnlyByItsCommit) {
  // The calls' writes are in the group's transaction until it commits: when the group
  // cannot finish, none of them stays, and the caller learns it.
  struct Abandoned {};
  EXPECT_FALSE(service_->InOneCommit([&] {
    Call("CreateCacheParameterGroup", ParameterGroup("pending"));
    throw Abandoned{};
  }));
  EXPECT_FALSE(Exists("pending"));
}

class FullGroupCommitTest : public GroupCommitTest {
 protected:
  FullGroupCommitTest() : GroupCommitTest(256 * 1024) {}
};

TEST_F(FullGroupCommitTest, AFullStateVoidsTheWholeGroupAndNoCallWritesAfterIt) {
  // Fill the state to its cap, leaving "kept" saved before it.
  Call("CreateCacheParameterGroup", ParameterGroup("kept"));
  int n = 0;
  while (TryCall("CreateCacheParameterGroup", ParameterGroup("fill" + std::to_string(n))) == "")
    ASSERT_LT(++n, 10000) << "the state never filled";
  std::string full, after;
  EXPECT_FALSE(service_->InOneCommit([&] {
    full = TryCall("CreateCacheParameterGroup", ParameterGroup("too-many"));
    // The full disk may have ended the transaction: this call must not write on its own
    // (outside any transaction), or its change would stay when the group is run again.
    after = TryCall("DeleteCacheParameterGroup",
                    ApiValue::Struct().Set("CacheParameterGroupName", "kept"));
  }));
  EXPECT_EQ(full, "ServiceUnavailable");
  EXPECT_EQ(after, "ServiceUnavailable");
  EXPECT_TRUE(Exists("kept"));
  EXPECT_FALSE(Exists("too-many"));
  // Alone, each call answers as it would have: the delete frees room.
  EXPECT_EQ(TryCall("DeleteCacheParameterGroup",
                    ApiValue::Struct().Set("CacheParameterGroupName", "kept")),
            "");
  EXPECT_FALSE(Exists("kept"));
}

}  // namespace
}  // namespace ecl
