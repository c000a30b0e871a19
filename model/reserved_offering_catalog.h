// ReservedOfferingCatalog: the reserved cache node offerings the emulator sells, read from a
// CSV text (config/reserved-offerings.csv is built in; `reserved_offerings_file` replaces it).
//
// Format: `#` comment lines and blank lines are ignored; the first other line is the header
//   offering_id,cache_node_type,product_description,duration,offering_type,fixed_price,usage_price,recurring_hourly
// then one offering per line. `duration` is in years (1, 3) or seconds (31536000, 94608000);
// prices are non-negative numbers; `recurring_hourly` empty means no recurring charge.
// `offering_id` may be left empty: the id is then derived from the offering's type,
// product, duration and offering type (DeriveOfferingId), so it is the same on every start
// and every machine.
//
// Immutable once parsed; thread-safe for readers.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "model/reserved_cache_node.h"
#include "model/reserved_cache_node_rules.h"

namespace ecl {

// A catalog that cannot be read; the message names the source and line.
struct CatalogError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The header line every catalog starts with.
inline constexpr std::string_view kReservedOfferingsHeader =
    "offering_id,cache_node_type,product_description,duration,offering_type,fixed_price,"
    "usage_price,recurring_hourly";

// A name-based UUID (version nibble 5, RFC 4122 variant) from two FNV-1a 64 hashes of
// "type|product|seconds|offering type". tools/gen_reserved_offerings.py computes the same.
std::string DeriveOfferingId(std::string_view cache_node_type, std::string_view product_description,
                             int duration_seconds, std::string_view offering_type);
// 8-4-4-4-12 hexadecimal digits.
bool IsUuid(std::string_view text);

struct OfferingPage {
  std::vector<const ReservedCacheNodesOffering*> items;
  std::optional<std::string> next_marker;  // the last id returned, when more remain
};

class ReservedOfferingCatalog {
 public:
  ReservedOfferingCatalog() = default;
  // Throws CatalogError "<source>:<line>: ..." for a malformed line or a duplicate id.
  static ReservedOfferingCatalog Parse(std::string_view csv, const std::string& source);

  const ReservedCacheNodesOffering* Find(std::string_view id) const;
  // Offerings matching `filter` with id > `after`, in id order, at most `limit`.
  OfferingPage List(const ReservedNodeFilter& filter, std::string_view after, int limit) const;
  // All offerings in id order.
  const std::vector<ReservedCacheNodesOffering>& offerings() const { return offerings_; }

 private:
  std::vector<ReservedCacheNodesOffering> offerings_;  // sorted by id
};

}  // namespace ecl
