// The SNS topic a cache cluster or replication group sends its events to: NotificationTopicArn
// and NotificationTopicStatus of CreateCacheCluster, ModifyCacheCluster, CreateReplicationGroup
// and ModifyReplicationGroup, checked alike (docs/cache-clusters.md and
// docs/modify-replication-group.md list the sources). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/cache_cluster.h"

namespace ecl {

// "arn:<partition>:sns:<region>:<account>:<name>", owned by `owner_account` (the API reference:
// "The Amazon SNS topic owner must be the same as the cluster owner"); else
// InvalidParameterValue. "" names no topic: nullopt (Terraform removes a topic by sending "").
// `owner` names the resource in the message ("cache cluster", "replication group").
std::optional<std::string> CheckNotificationTopicArn(std::string_view arn,
                                                     std::string_view owner_account,
                                                     std::string_view owner);

// A modify request's NotificationTopicArn and NotificationTopicStatus applied to `s`: a new
// topic (or none, for ""), then the status, `active` or `inactive` in any case. `active` needs
// a topic after the request (InvalidParameterCombination); `inactive` without one changes
// nothing, since Terraform removes a cluster's topic by sending "" with `inactive`.
void ApplyNotificationTopicChange(NodeSettings& s, const std::optional<std::string>& arn,
                                  const std::optional<std::string>& status,
                                  std::string_view owner_account, std::string_view owner);

}  // namespace ecl
