// Cache security group operations: CreateCacheSecurityGroup, DescribeCacheSecurityGroups,
// DeleteCacheSecurityGroup, AuthorizeCacheSecurityGroupIngress and
// RevokeCacheSecurityGroupIngress. They work only in an account with EC2-Classic
// (ServiceOptions::ec2_classic); every other account gets the error AWS gives VPC-only
// accounts. Also the check every create or modify of a cluster makes of the security groups
// it names. Handlers run one at a time (the service serializes calls).
#pragma once

#include <string>
#include <vector>

#include "handlers/handler_registry.h"
#include "handlers/handler_support.h"

namespace ecl {

void RegisterSecurityGroupHandlers(HandlerRegistry& registry, HandlerEnv env);

// The security groups a cluster uses, as a create or modify names them.
struct SecurityGroupReferences {
  std::vector<std::string> cache_security_group_names;  // lower case, each one exists
  std::vector<std::string> security_group_ids;          // sg-..., as given
};

// Checks what a create or modify names: SecurityGroupIds must be well-formed sg- ids; cache
// security groups need EC2-Classic (else InvalidParameterValue, as AWS answers VPC-only
// accounts), cannot be combined with SecurityGroupIds or a cache subnet group
// (InvalidParameterCombination) and must exist (CacheSecurityGroupNotFound).
SecurityGroupReferences CheckSecurityGroupReferences(
    HandlerEnv env, const RequestContext& ctx,
    const std::vector<std::string>& cache_security_group_names,
    const std::vector<std::string>& security_group_ids, bool cache_subnet_group_given);

}  // namespace ecl
