// Rules of reserved cache nodes: the Duration filter (years or seconds), reservation ids
// (validation and the generated ri-YYYY-MM-DD-HH-MM-SS-mmm form), CacheNodeCount, the
// describe filters shared by offerings and reservations, and the reservation lifecycle
// (payment-pending -> active -> retired at the end of the term). Pure functions;
// thread-safe. Bad input throws AwsError InvalidParameterValue naming the value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/lifecycle.h"
#include "model/reserved_cache_node.h"

namespace ecl {

inline constexpr int kOneYearSeconds = 31536000;     // 365 days, as ElastiCache counts a year
inline constexpr int kThreeYearsSeconds = 94608000;  // 3 x 365 days
inline constexpr std::size_t kMaxReservedCacheNodeIdLength = 255;
// Reserved cache nodes an account may hold per region unless configured otherwise.
inline constexpr int kDefaultReservedNodesQuota = 100;

// "1", "3", "31536000", "94608000" (the API's documented values) or the ISO-8601 "P1Y" /
// "P3Y" Terraform sends -> seconds; nullopt for anything else (no spaces, signs or leading
// zeros).
std::optional<int> DurationSeconds(std::string_view value);
// As DurationSeconds, else InvalidParameterValue naming the value.
int ParseDurationFilter(std::string_view value);

// The id ElastiCache generates when a purchase names none: "ri-2017-03-27-08-33-25-582",
// the UTC time of the purchase to the millisecond.
std::string GenerateReservedCacheNodeId(Timestamp now);
// A user-chosen ReservedCacheNodeId: 1-255 printable ASCII characters without spaces or ':'
// (the id ends the ReservationARN, which tagging parses). Returned unchanged.
std::string ValidateReservedCacheNodeId(std::string_view id);
// CacheNodeCount: at least 1; absent means 1.
int ValidateCacheNodeCount(std::optional<int64_t> requested);

// The describe filters; an absent member matches everything.
struct ReservedNodeFilter {
  std::optional<std::string> offering_id;
  std::optional<std::string> cache_node_type;
  std::optional<int> duration_seconds;
  std::optional<std::string> product_description;
  std::optional<std::string> offering_type;

  bool Matches(const ReservedCacheNodesOffering& offering) const;
  bool Matches(const ReservedCacheNode& node) const;
};

// A new reservation of `offering`, starting at `now`, in payment-pending until
// now + payment_ms.
ReservedCacheNode Reserve(const ReservedCacheNodesOffering& offering, std::string account,
                          std::string region, std::string id, int cache_node_count, Timestamp now,
                          int64_t payment_ms);

// When the term ends: StartTime + Duration.
Timestamp TermEnd(const ReservedCacheNode& node);

// Nodes a reservation holds against the account's reserved node quota (retired ones hold none).
int NodesHeldAgainstQuota(const ReservedCacheNode& node);

}  // namespace ecl
