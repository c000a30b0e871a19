// Error factories for the domain rules in model/. They carry exactly the code and HTTP status
// of the service model's fault shapes, so rules do not depend on the generated aws_faults.h
// (which lives in another layer's branch); once that header lands these can forward to it.
// Stateless; thread-safe.
#pragma once

#include <string>

#include "model/aws_error.h"

namespace ecl::rule_errors {

// InvalidParameterValueException: a single parameter has a value the service rejects.
inline AwsError InvalidParameterValue(const std::string& msg) {
  return {"InvalidParameterValue", msg, 400};
}

// InvalidParameterCombinationException: parameters are fine alone but not together.
inline AwsError InvalidParameterCombination(const std::string& msg) {
  return {"InvalidParameterCombination", msg, 400};
}

// NodeGroupsPerReplicationGroupQuotaExceededFault: too many shards for one group.
inline AwsError NodeGroupsQuotaExceeded(const std::string& msg) {
  return {"NodeGroupsPerReplicationGroupQuotaExceeded", msg, 400};
}

// InvalidARNFault: the tagging operations' answer to a malformed resource name. Real AWS says
// "Input ARN string does not have 7 components." for an ARN of the wrong shape.
inline AwsError InvalidArn(const std::string& msg) { return {"InvalidARN", msg, 400}; }

}  // namespace ecl::rule_errors
