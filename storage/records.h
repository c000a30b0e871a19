// Records: model resources as the JSON documents stored in the `resources` table.
// Every field is listed once per type (see records.cpp); unknown fields are ignored on read
// so older documents stay readable after fields are added.
#pragma once

#include <string>
#include <string_view>

#include "model/cache_cluster.h"
#include "model/cache_security_group.h"
#include "model/cache_parameter_group.h"
#include "model/cache_subnet_group.h"
#include "model/global_replication_group.h"
#include "model/replication_group.h"
#include "model/reserved_cache_node.h"
#include "model/serverless_cache.h"
#include "model/serverless_cache_snapshot.h"
#include "model/snapshot.h"
#include "model/update_action.h"
#include "model/user.h"
#include "model/user_group.h"

namespace ecl {

std::string EncodeRecord(const ReplicationGroup& rg);
std::string EncodeRecord(const CacheCluster& cc);
void DecodeRecord(std::string_view json, ReplicationGroup& rg);
void DecodeRecord(std::string_view json, CacheCluster& cc);
std::string EncodeRecord(const Snapshot& s);
void DecodeRecord(std::string_view json, Snapshot& s);
std::string EncodeRecord(const ReservedCacheNode& node);
void DecodeRecord(std::string_view json, ReservedCacheNode& node);
std::string EncodeRecord(const CacheSecurityGroup& group);
void DecodeRecord(std::string_view json, CacheSecurityGroup& group);
std::string EncodeRecord(const CacheParameterGroup& group);
void DecodeRecord(std::string_view json, CacheParameterGroup& group);
std::string EncodeRecord(const User& user);
void DecodeRecord(std::string_view json, User& user);
std::string EncodeRecord(const UserGroup& group);
void DecodeRecord(std::string_view json, UserGroup& group);
std::string EncodeRecord(const ServerlessCache& cache);
void DecodeRecord(std::string_view json, ServerlessCache& cache);
std::string EncodeRecord(const ServerlessCacheSnapshot& snapshot);
void DecodeRecord(std::string_view json, ServerlessCacheSnapshot& snapshot);
std::string EncodeRecord(const UpdateAction& action);
void DecodeRecord(std::string_view json, UpdateAction& action);
std::string EncodeRecord(const CacheSubnetGroup& group);
void DecodeRecord(std::string_view json, CacheSubnetGroup& group);
std::string EncodeRecord(const GlobalReplicationGroup& group);
void DecodeRecord(std::string_view json, GlobalReplicationGroup& group);

}  // namespace ecl
