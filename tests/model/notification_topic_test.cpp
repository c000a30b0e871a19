// The SNS topic rules shared by the cluster and replication group operations.
#include "model/notification_topic.h"

#include <gtest/gtest.h>

#include "sample_resources.h"

namespace ecl {
namespace {

using testing_support::CodeOf;
using testing_support::MessageOf;

constexpr char kAccount[] = "123456789012";

TEST(NotificationTopic, AnSnsTopicOfTheOwnersAccountIsKept) {
  EXPECT_EQ(CheckNotificationTopicArn("arn:aws:sns:us-east-1:123456789012:events", kAccount,
                                      "cache cluster"),
            "arn:aws:sns:us-east-1:123456789012:events");
  // Another partition, another region: the rule names neither.
  EXPECT_EQ(CheckNotificationTopicArn("arn:aws-cn:sns:cn-north-1:123456789012:t", kAccount,
                                      "replication group"),
            "arn:aws-cn:sns:cn-north-1:123456789012:t");
}

TEST(NotificationTopic, AnEmptyArnNamesNoTopic) {
  EXPECT_EQ(CheckNotificationTopicArn("", kAccount, "cache cluster"), std::nullopt);
}

TEST(NotificationTopic, WhatIsNotAnSnsTopicArnIsRefused) {
  for (const char* arn : {"not-an-arn", "arn:aws:sqs:us-east-1:123456789012:q",
                          "arn:aws:sns:us-east-1:123456789012:", "arn:aws:sns:us-east-1",
                          "urn:aws:sns:us-east-1:123456789012:t"}) {
    SCOPED_TRACE(arn);
    EXPECT_EQ(CodeOf([&] { CheckNotificationTopicArn(arn, kAccount, "cache cluster"); }),
              "InvalidParameterValue");
  }
  EXPECT_EQ(MessageOf([] { CheckNotificationTopicArn("x", kAccount, "cache cluster"); }),
            "Invalid NotificationTopicArn: x.");
}

TEST(NotificationTopic, AnotherAccountsTopicIsRefusedNamingTheOwner) {
  auto theirs = [](const char* owner) {
    return MessageOf([&] {
      CheckNotificationTopicArn("arn:aws:sns:us-east-1:210987654321:t", kAccount, owner);
    });
  };
  EXPECT_EQ(theirs("cache cluster"),
            "The Amazon SNS topic owner must be same as the cache cluster owner: "
            "arn:aws:sns:us-east-1:210987654321:t.");
  EXPECT_NE(theirs("replication group").find("the replication group owner"), std::string::npos);
}

constexpr char kTopic[] = "arn:aws:sns:us-east-1:123456789012:events";

NodeSettings WithTopic() {
  NodeSettings s;
  s.notification_topic_arn = kTopic;
  return s;
}

void Apply(NodeSettings& s, std::optional<std::string> arn, std::optional<std::string> status) {
  ApplyNotificationTopicChange(s, arn, status, kAccount, "cache cluster");
}

TEST(NotificationTopic, AModifySetsTheTopicAndItsStatus) {
  NodeSettings s;
  Apply(s, kTopic, std::nullopt);
  EXPECT_EQ(s.notification_topic_arn, kTopic);
  EXPECT_EQ(s.notification_topic_status, std::nullopt);  // shown as active
  Apply(s, std::nullopt, "Inactive");
  EXPECT_EQ(s.notification_topic_status, "inactive");
  Apply(s, std::nullopt, "active");
  EXPECT_EQ(s.notification_topic_status, "active");
  EXPECT_EQ(CodeOf([&] { Apply(s, std::nullopt, "paused"); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([&] { Apply(s, "arn:aws:sns:us-east-1:210987654321:t", std::nullopt); }),
            "InvalidParameterValue");
  EXPECT_EQ(s.notification_topic_arn, kTopic);
}

TEST(NotificationTopic, AnEmptyArnRemovesTheTopicAndItsStatus) {
  NodeSettings s = WithTopic();
  s.notification_topic_status = "inactive";
  Apply(s, "", std::nullopt);
  EXPECT_EQ(s.notification_topic_arn, std::nullopt);
  EXPECT_EQ(s.notification_topic_status, std::nullopt);
}

TEST(NotificationTopic, InactiveWithoutATopicChangesNothingButActiveNeedsOne) {
  // Terraform removes a cluster's topic with NotificationTopicArn="" and status inactive.
  NodeSettings s = WithTopic();
  Apply(s, "", "inactive");
  EXPECT_EQ(s.notification_topic_arn, std::nullopt);
  EXPECT_EQ(s.notification_topic_status, std::nullopt);
  EXPECT_EQ(CodeOf([&] { Apply(s, std::nullopt, "active"); }), "InvalidParameterCombination");
  EXPECT_EQ(CodeOf([&] { Apply(s, "", "active"); }), "InvalidParameterCombination");
}

}  // namespace
}  // namespace ecl
