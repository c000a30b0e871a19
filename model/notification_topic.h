// The SNS topic a cache cluster or replication group sends its events to: NotificationTopicArn
// and NotificationTopicStatus of CreateCacheCluster, ModifyCacheCluster, CreateReplicationGroup
// and ModifyReplicationGroup, checked alike (docs/modify-replication-group.md lists the
// sources). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ecl {

// "arn:<partition>:sns:<region>:<account>:<name>", owned by `owner_account` (the API reference:
// "The Amazon SNS topic owner must be the same as the cluster owner"); else
// InvalidParameterValue. "" names no topic: nullopt (Terraform removes a topic by sending "").
// `owner` names the resource in the message ("cache cluster", "replication group").
std::optional<std::string> CheckNotificationTopicArn(std::string_view arn,
                                                     std::string_view owner_account,
                                                     std::string_view owner);

// NotificationTopicStatus: active or inactive (any case; returned lower-cased), and only for
// a resource that has a topic after the request (InvalidParameterCombination otherwise).
std::string CheckNotificationTopicStatus(std::string_view status, bool has_topic);

}  // namespace ecl
