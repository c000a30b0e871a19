#include "model/slot_ranges.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "model/aws_error.h"
#include "tests/model/sample_resources.h"

namespace ecl {
namespace {

using testing_support::ExpectInvalidValue;

struct ParseCase {
  std::string input;
  std::string formatted;       // when valid
  int count;                   // when valid
  std::string error_fragment;  // non-empty: invalid
};

class ParseSlotsTest : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParseSlotsTest, ParsesFormatsOrRejects) {
  const ParseCase& c = GetParam();
  if (!c.error_fragment.empty()) {
    ExpectInvalidValue([&] { ParseSlots(c.input); }, c.error_fragment);
    return;
  }
  SlotSet set = ParseSlots(c.input);
  EXPECT_EQ(set.ToString(), c.formatted);
  EXPECT_EQ(set.Count(), c.count);
  EXPECT_EQ(ParseSlots(set.ToString()), set);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseSlotsTest,
    ::testing::Values(ParseCase{"0-3999", "0-3999", 4000, ""},
                      ParseCase{"0-16383", "0-16383", 16384, ""}, ParseCase{"5", "5", 1, ""},
                      ParseCase{"5-5", "5", 1, ""},
                      ParseCase{"0-100,200-300", "0-100,200-300", 202, ""},
                      ParseCase{"200-300,0-100", "0-100,200-300", 202, ""},
                      ParseCase{"0-100,101-200", "0-200", 201, ""},
                      ParseCase{" 0-100 , 7 ", "", 0, "slot 7 is listed more than once"},
                      ParseCase{" 0-100 , 200 ", "0-100,200", 102, ""},
                      ParseCase{"894-1767,3134-4443", "894-1767,3134-4443", 2184, ""},
                      ParseCase{"16383", "16383", 1, ""},
                      ParseCase{"", "", 0, "Invalid slots value ''"},
                      ParseCase{"abc", "", 0, "'abc' is not a slot number"},
                      ParseCase{"0-", "", 0, "Invalid slots value '0-'"},
                      ParseCase{"-5", "", 0, "Invalid slots value '-5'"},
                      ParseCase{"0-100,", "", 0, "Invalid slots value '0-100,'"},
                      ParseCase{"1-2-3", "", 0, "'2-3' is not a slot number"},
                      ParseCase{"0-16384", "", 0, "slot 16384 is outside the keyspace 0-16383"},
                      ParseCase{"0-99999999999999999999", "", 0, "is outside the keyspace"},
                      ParseCase{"4000-0", "", 0, "the range 4000-0 starts after it ends"},
                      ParseCase{"0-100,50-200", "", 0, "slot 50 is listed more than once"},
                      ParseCase{"+5", "", 0, "'+5' is not a slot number"}));

TEST(SlotSetTest, Algebra) {
  SlotSet a = SlotSet::FromRanges({{0, 100}, {200, 300}});
  SlotSet b = SlotSet::Range(50, 250);
  EXPECT_EQ(a.Union(b).ToString(), "0-300");
  EXPECT_EQ(a.Intersection(b).ToString(), "50-100,200-250");
  EXPECT_EQ(a.Difference(b).ToString(), "0-49,251-300");
  EXPECT_EQ(b.Difference(a).ToString(), "101-199");
  EXPECT_TRUE(a.Intersects(b));
  EXPECT_FALSE(a.Intersects(SlotSet::Range(101, 199)));
  EXPECT_EQ(SlotSet::All().Difference(SlotSet::All()).ToString(), "");
  EXPECT_TRUE(SlotSet().Empty());
  EXPECT_EQ(SlotSet().Lowest(), std::nullopt);
  EXPECT_EQ(a.Lowest(), 0);
  EXPECT_TRUE(a.Contains(100));
  EXPECT_FALSE(a.Contains(101));
  EXPECT_EQ(SlotSet::FromRanges({{10, 5}}).Count(), 0);
  EXPECT_EQ(SlotSet::FromRanges({{0, 10}, {5, 20}, {21, 30}}).ToString(), "0-30");
}

struct TakeCase {
  std::string set;
  int count;
  std::string lowest;
  std::string highest;
};

class TakeTest : public ::testing::TestWithParam<TakeCase> {};

TEST_P(TakeTest, TakesFromEitherEnd) {
  const TakeCase& c = GetParam();
  SlotSet set = c.set.empty() ? SlotSet() : ParseSlots(c.set);
  EXPECT_EQ(set.TakeLowest(c.count).ToString(), c.lowest);
  EXPECT_EQ(set.TakeHighest(c.count).ToString(), c.highest);
  EXPECT_EQ(set.TakeLowest(c.count).Union(set.Difference(set.TakeLowest(c.count))), set);
}

INSTANTIATE_TEST_SUITE_P(
    Table, TakeTest,
    ::testing::Values(TakeCase{"0-100,200-300", 0, "", ""},
                      TakeCase{"0-100,200-300", 1, "0", "300"},
                      TakeCase{"0-100,200-300", 110, "0-100,200-208", "92-100,200-300"},
                      TakeCase{"0-100,200-300", 1000, "0-100,200-300", "0-100,200-300"},
                      TakeCase{"", 5, "", ""}));

struct SplitCase {
  int n;
  std::vector<std::string> expected;
};

class DefaultSlotSplitTest : public ::testing::TestWithParam<SplitCase> {};

TEST_P(DefaultSlotSplitTest, MatchesAws) {
  std::vector<std::string> got;
  for (const SlotSet& s : DefaultSlotSplit(GetParam().n)) got.push_back(s.ToString());
  EXPECT_EQ(got, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, DefaultSlotSplitTest,
    ::testing::Values(SplitCase{0, {}}, SplitCase{-1, {}}, SplitCase{1, {"0-16383"}},
                      SplitCase{2, {"0-8191", "8192-16383"}},
                      SplitCase{3, {"0-5461", "5462-10922", "10923-16383"}},
                      SplitCase{4, {"0-4095", "4096-8191", "8192-12287", "12288-16383"}},
                      SplitCase{
                          5, {"0-3276", "3277-6553", "6554-9830", "9831-13107", "13108-16383"}}));

TEST(DefaultSlotSplitTest, AlwaysAValidAssignment) {
  for (int n : {1, 2, 3, 7, 90, 500}) {
    std::vector<std::string> strings;
    for (const SlotSet& s : DefaultSlotSplit(n)) strings.push_back(s.ToString());
    ASSERT_EQ(static_cast<int>(strings.size()), n);
    EXPECT_NO_THROW(ValidateSlotAssignment(strings)) << n;
  }
}

struct AssignmentCase {
  std::vector<std::string> slots;
  std::string error_fragment;  // empty: valid
};

class SlotAssignmentTest : public ::testing::TestWithParam<AssignmentCase> {};

TEST_P(SlotAssignmentTest, CoversKeyspaceExactly) {
  const AssignmentCase& c = GetParam();
  if (c.error_fragment.empty()) {
    std::vector<SlotSet> sets = ValidateSlotAssignment(c.slots);
    ASSERT_EQ(sets.size(), c.slots.size());
    return;
  }
  ExpectInvalidValue([&] { ValidateSlotAssignment(c.slots); }, c.error_fragment);
}

INSTANTIATE_TEST_SUITE_P(
    Table, SlotAssignmentTest,
    ::testing::Values(AssignmentCase{{"0-16383"}, ""}, AssignmentCase{{"0-8191", "8192-16383"}, ""},
                      AssignmentCase{{"8192-16383", "0-8191"}, ""},
                      AssignmentCase{{"0-100,8192-16383", "101-8191"}, ""},
                      AssignmentCase{
                          {"0-8191", "8191-16383"},
                          "Slot 8191 is assigned to more than one node group: '0-8191' and "
                          "'8191-16383'."},
                      AssignmentCase{{"0-8000", "8192-16383"},
                                     "Slots 8001-8191 are not assigned to any node group"},
                      AssignmentCase{{"1-16383"}, "Slots 0 are not assigned"},
                      AssignmentCase{{}, "Slots 0-16383 are not assigned"},
                      AssignmentCase{{"0-8191", "oops"}, "Invalid slots value 'oops'"}));

}  // namespace
}  // namespace ecl
