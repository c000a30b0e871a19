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

TEST(NotificationTopic, TheStatusIsActiveOrInactiveAndNeedsATopic) {
  EXPECT_EQ(CheckNotificationTopicStatus("Inactive", true), "inactive");
  EXPECT_EQ(CheckNotificationTopicStatus("active", true), "active");
  EXPECT_EQ(CodeOf([] { CheckNotificationTopicStatus("paused", true); }), "InvalidParameterValue");
  EXPECT_EQ(CodeOf([] { CheckNotificationTopicStatus("active", false); }),
            "InvalidParameterCombination");
}

}  // namespace
}  // namespace ecl
