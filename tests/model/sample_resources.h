// Resources and helpers the model and handler tests share.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "model/aws_error.h"
#include "model/replication_group.h"

namespace ecl::testing_support {

// The account and region most tests' resources live in.
inline constexpr char kAccount[] = "123456789012";
inline constexpr char kRegion[] = "us-east-1";

// A cluster-mode-enabled group of two shards: 0001 (primary and replica, slots 0-99) and
// 0002 (a primary alone, the rest of the slots).
inline ReplicationGroup ShardedGroup() {
  ReplicationGroup rg;
  rg.account = "123456789012";
  rg.region = "us-east-1";
  rg.id = "shop";
  rg.description = "shop cache";
  rg.status = "available";
  rg.created_at = Timestamp{1000};
  rg.cluster_enabled = true;
  rg.cluster_mode = "enabled";
  rg.automatic_failover = true;
  rg.settings.engine_version = "7.1.0";
  rg.settings.cache_parameter_group_name = "default.redis7.cluster.on";
  rg.settings.port = 6380;
  rg.node_groups.push_back(
      NodeGroup{"0001",
                "available",
                "0-99",
                {{"shop-0001-001", "us-east-1a", true}, {"shop-0001-002", "us-east-1b", false}}});
  rg.node_groups.push_back(
      NodeGroup{"0002", "available", "100-16383", {{"shop-0002-001", "us-east-1c", true}}});
  return rg;
}

// A cluster-mode-disabled group rg of three clusters (rg-001 the primary), automatic failover
// on, Redis 7.1, a Sunday 05:00 maintenance window.
inline ReplicationGroup DisabledGroup() {
  ReplicationGroup rg;
  rg.account = "123456789012";
  rg.region = "us-east-1";
  rg.id = "rg";
  rg.status = "available";
  rg.automatic_failover = true;
  rg.settings.engine_version = "7.1.0";
  rg.settings.cache_parameter_group_name = "default.redis7";
  rg.settings.preferred_maintenance_window = "sun:05:00-sun:06:00";
  rg.settings.snapshot_window = "01:00-02:00";
  rg.node_groups.push_back(NodeGroup{"0001",
                                     "available",
                                     "",
                                     {{"rg-001", "us-east-1a", true},
                                      {"rg-002", "us-east-1b", false},
                                      {"rg-003", "us-east-1c", false}}});
  return rg;
}

// The code of the AwsError f throws, "" when it throws none.
inline std::string CodeOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const AwsError& e) {
    return e.code;
  }
  return "";
}

// The message of the AwsError f throws, "" when it throws none.
inline std::string MessageOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const AwsError& e) {
    return e.message();
  }
  return "";
}

// Expects `action` to throw InvalidParameterValue (HTTP 400) whose message holds `fragment`.
inline void ExpectInvalidValue(const std::function<void()>& action, const std::string& fragment) {
  try {
    action();
    FAIL() << "expected InvalidParameterValue containing: " << fragment;
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "InvalidParameterValue");
    EXPECT_EQ(e.http_status, 400);
    EXPECT_NE(e.message().find(fragment), std::string::npos) << e.message();
  }
}

}  // namespace ecl::testing_support
