// Reserved cache nodes: the offerings a catalog sells and the reservations an account buys.
// Plain data; the rules (durations, ids, states) live in reserved_cache_node_rules.h and the
// catalog format in reserved_offering_catalog.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/api_value.h"
#include "model/transition.h"

namespace ecl {

// RecurringChargeFrequency is always "Hourly" in ElastiCache.
struct RecurringCharge {
  double amount = 0.0;
  std::string frequency = "Hourly";
};

struct ReservedCacheNodesOffering {
  std::string id;  // ReservedCacheNodesOfferingId, a UUID
  std::string cache_node_type;
  std::string product_description;  // redis, memcached, ...
  int duration_seconds = 0;         // 31536000 or 94608000
  std::string offering_type;        // "No Upfront", "Heavy Utilization", ...
  double fixed_price = 0.0;
  double usage_price = 0.0;
  std::vector<RecurringCharge> recurring_charges;
};

// Reservation states as ElastiCache shows them.
inline constexpr const char* kReservationPaymentPending = "payment-pending";
inline constexpr const char* kReservationActive = "active";
inline constexpr const char* kReservationRetired = "retired";

// A purchased reservation: a copy of the offering's terms at purchase time, so later catalog
// edits never change what was bought.
struct ReservedCacheNode {
  std::string account;
  std::string region;
  std::string id;  // ReservedCacheNodeId
  std::string offering_id;
  std::string cache_node_type;
  Timestamp start_time;
  int duration_seconds = 0;
  double fixed_price = 0.0;
  double usage_price = 0.0;
  int cache_node_count = 1;
  std::string product_description;
  std::string offering_type;
  std::vector<RecurringCharge> recurring_charges;
  std::string state = kReservationPaymentPending;
  std::optional<Transition> transition;  // payment, then retirement at the end of the term
};

}  // namespace ecl
