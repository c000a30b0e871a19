// Lifecycle steps of users and user groups: modifying → active, a group's pending membership
// applied when its change finishes, deleting → gone.
#include <gtest/gtest.h>

#include "model/lifecycle.h"
#include "tests/model/lifecycle_support.h"

namespace ecl {
namespace {

using testing_support::At;
using testing_support::Removed;

TEST(UserLifecycle, ModifyingBecomesActiveWhenDue) {
  User u;
  u.id = "app";
  u.status = UserStatus::kModifying;
  u.transition = StartTransition(kModify, Timestamp{1000}, 2000);
  EXPECT_TRUE(AdvanceUser(u, At(Timestamp{2999})).empty());
  EXPECT_EQ(u.status, "modifying");
  auto events = AdvanceUser(u, At(Timestamp{3000}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "user");
  EXPECT_EQ(events[0].at.epoch_ms, 3000);
  EXPECT_TRUE(events[0].source_type.empty());  // no known event text: recorded, not shown
  EXPECT_EQ(u.status, "active");
  EXPECT_FALSE(u.transition);
}

TEST(UserLifecycle, DeletingUserIsRemoved) {
  User u;
  u.id = "app";
  u.status = UserStatus::kDeleting;
  u.transition = StartTransition(kDelete, Timestamp{0}, 0);
  EXPECT_TRUE(Removed(AdvanceUser(u, At(Timestamp{1}))));
}

TEST(UserLifecycle, GroupAppliesPendingMembershipWhenActive) {
  UserGroup g;
  g.id = "grp";
  g.user_ids = {"default", "old"};
  g.pending_user_ids_to_add = {"new"};
  g.pending_user_ids_to_remove = {"old"};
  g.status = UserStatus::kModifying;
  g.transition = StartTransition(kModify, Timestamp{0}, 10);
  auto events = AdvanceUserGroup(g, At(Timestamp{10}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "user-group");
  EXPECT_EQ(g.status, "active");
  EXPECT_EQ(g.user_ids, (std::vector<std::string>{"default", "new"}));
  EXPECT_TRUE(g.pending_user_ids_to_add.empty());
  EXPECT_TRUE(g.pending_user_ids_to_remove.empty());
}

TEST(UserLifecycle, CreatingGroupBecomesActiveAndDeletingOneIsRemoved) {
  UserGroup g;
  g.id = "grp";
  g.status = UserStatus::kCreating;
  g.transition = StartTransition(kCreate, Timestamp{0}, 0);
  EXPECT_FALSE(Removed(AdvanceUserGroup(g, At(Timestamp{0}))));
  EXPECT_EQ(g.status, "active");
  g.status = UserStatus::kDeleting;
  g.transition = StartTransition(kDelete, Timestamp{0}, 0);
  EXPECT_TRUE(Removed(AdvanceUserGroup(g, At(Timestamp{0}))));
}

}  // namespace
}  // namespace ecl
