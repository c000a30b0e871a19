// Query decoder: turns the flat name/value pairs of an AWS Query request into the typed
// ApiValue tree of an operation's input shape, e.g.
//   ReplicaConfiguration.ConfigureShard.1.PreferredAvailabilityZones.PreferredAvailabilityZone.2
// becomes ReplicaConfiguration[0].PreferredAvailabilityZones[1]. Raises the AWS errors for a
// missing required member (MissingParameter) or a value of the wrong type
// (InvalidParameterValue) before any handler runs. Stateless; safe from any thread.
#pragma once

#include <optional>
#include <string_view>

#include "model/api_value.h"
#include "server/query_params.h"
#include "server/service_model.h"

namespace ecl {

// The input of `operation` (a structure; empty when the operation has no input shape).
// Action, Version and parameters the shape does not know are ignored. Throws AwsError.
ApiValue DecodeInput(const ServiceModel& model, const Operation& operation,
                     const QueryParams& params);

// Parses an ISO-8601 date-time ("2026-11-24T20:01:02.123Z", "2026-11-24T20:01:02+01:00",
// "2026-11-24") or epoch seconds ("1795550462", "1795550462.5"). nullopt when malformed.
std::optional<Timestamp> ParseTimestamp(std::string_view text);

}  // namespace ecl
