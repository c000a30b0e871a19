#include "model/reserved_cache_node_rules.h"

#include <chrono>
#include <cstdio>

#include "model/aws_faults.h"

namespace ecl {

std::optional<int> DurationSeconds(std::string_view value) {
  // Terraform's offering data source sends ISO-8601 durations ("P1Y").
  if (value == "1" || value == "31536000" || value == "P1Y") return kOneYearSeconds;
  if (value == "3" || value == "94608000" || value == "P3Y") return kThreeYearsSeconds;
  return std::nullopt;
}

int ParseDurationFilter(std::string_view value) {
  if (auto seconds = DurationSeconds(value)) return *seconds;
  throw faults::InvalidParameterValueException(
      "Invalid value for Duration: '" + std::string(value) +
      "'. Valid values are 1, 3, 31536000, 94608000, P1Y and P3Y.");
}

std::string GenerateReservedCacheNodeId(Timestamp now) {
  using namespace std::chrono;
  const sys_time<milliseconds> at{milliseconds{now.epoch_ms}};
  const auto day = floor<days>(at);
  const year_month_day date{day};
  const hh_mm_ss time{at - day};
  char text[40];
  std::snprintf(text, sizeof text, "ri-%04d-%02u-%02u-%02d-%02d-%02d-%03d", int(date.year()),
                unsigned(date.month()), unsigned(date.day()), int(time.hours().count()),
                int(time.minutes().count()), int(time.seconds().count()),
                int(time.subseconds().count()));
  return text;
}

std::string ValidateReservedCacheNodeId(std::string_view id) {
  if (id.empty())
    throw faults::InvalidParameterValueException(
        "The parameter ReservedCacheNodeId must not be blank.");
  if (id.size() > kMaxReservedCacheNodeIdLength)
    throw faults::InvalidParameterValueException(
        "The parameter ReservedCacheNodeId cannot be longer than 255 characters.");
  for (char c : id)
    if (c <= ' ' || c > '~' || c == ':')
      throw faults::InvalidParameterValueException(
          "Invalid ReservedCacheNodeId: '" + std::string(id) +
          "'. It may contain printable ASCII characters except spaces and ':'.");
  return std::string(id);
}

int ValidateCacheNodeCount(std::optional<int64_t> requested) {
  if (!requested) return 1;
  if (*requested < 1 || *requested > 1000000)
    throw faults::InvalidParameterValueException(
        "Invalid value for CacheNodeCount: " + std::to_string(*requested) +
        ". It must be at least 1.");
  return int(*requested);
}

bool ReservedNodeFilter::Matches(const ReservedCacheNodesOffering& o) const {
  return (!offering_id || *offering_id == o.id) &&
         (!cache_node_type || *cache_node_type == o.cache_node_type) &&
         (!duration_seconds || *duration_seconds == o.duration_seconds) &&
         (!product_description || *product_description == o.product_description) &&
         (!offering_type || *offering_type == o.offering_type);
}

bool ReservedNodeFilter::Matches(const ReservedCacheNode& n) const {
  return (!offering_id || *offering_id == n.offering_id) &&
         (!cache_node_type || *cache_node_type == n.cache_node_type) &&
         (!duration_seconds || *duration_seconds == n.duration_seconds) &&
         (!product_description || *product_description == n.product_description) &&
         (!offering_type || *offering_type == n.offering_type);
}

ReservedCacheNode Reserve(const ReservedCacheNodesOffering& offering, std::string account,
                          std::string region, std::string id, int cache_node_count, Timestamp now,
                          int64_t payment_ms) {
  ReservedCacheNode node;
  node.account = std::move(account);
  node.region = std::move(region);
  node.id = std::move(id);
  node.offering_id = offering.id;
  node.cache_node_type = offering.cache_node_type;
  node.start_time = now;
  node.duration_seconds = offering.duration_seconds;
  node.fixed_price = offering.fixed_price;
  node.usage_price = offering.usage_price;
  node.cache_node_count = cache_node_count;
  node.product_description = offering.product_description;
  node.offering_type = offering.offering_type;
  node.recurring_charges = offering.recurring_charges;
  node.state = kReservationPaymentPending;
  node.transition = StartTransition(kTransitionPayment, now, payment_ms);
  return node;
}

Timestamp TermEnd(const ReservedCacheNode& node) {
  return Timestamp{node.start_time.epoch_ms + int64_t(node.duration_seconds) * 1000};
}

int NodesHeldAgainstQuota(const ReservedCacheNode& node) {
  return node.state == kReservationRetired ? 0 : node.cache_node_count;
}

}  // namespace ecl
