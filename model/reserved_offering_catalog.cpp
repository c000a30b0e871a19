#include "model/reserved_offering_catalog.h"

#include "model/characters.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include "model/naming.h"

namespace ecl {
namespace {

constexpr std::size_t kColumns = 8;

std::string_view TrimField(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Into `fields`, which keeps its memory from one line to the next.
void SplitFields(std::string_view line, std::vector<std::string_view>& fields) {
  fields.clear();
  while (true) {
    std::size_t comma = line.find(',');
    fields.push_back(TrimField(line.substr(0, comma)));
    if (comma == std::string_view::npos) return;
    line.remove_prefix(comma + 1);
  }
}

void AppendHex(std::string& out, uint64_t value, int from_byte, int to_byte) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int b = from_byte; b < to_byte; ++b) {
    auto byte = unsigned((value >> (8 * (7 - b))) & 0xff);
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0xf];
  }
}

}  // namespace

std::string DeriveOfferingId(std::string_view cache_node_type, std::string_view product_description,
                             int duration_seconds, std::string_view offering_type) {
  std::string key = std::string(cache_node_type) + "|" + std::string(product_description) + "|" +
                    std::to_string(duration_seconds) + "|" + std::string(offering_type);
  uint64_t high = StableHash("reserved-offering-high|" + key);
  uint64_t low = StableHash("reserved-offering-low|" + key);
  high = (high & ~uint64_t{0xf000}) | uint64_t{0x5000};            // version 5: name-based
  low = (low & ~(uint64_t{0xc0} << 56)) | (uint64_t{0x80} << 56);  // RFC 4122 variant
  std::string id;
  AppendHex(id, high, 0, 4);
  id += '-';
  AppendHex(id, high, 4, 6);
  id += '-';
  AppendHex(id, high, 6, 8);
  id += '-';
  AppendHex(id, low, 0, 2);
  id += '-';
  AppendHex(id, low, 2, 8);
  return id;
}

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !IsHexDigit(text[i])) return false;
  }
  return true;
}

ReservedOfferingCatalog ReservedOfferingCatalog::Parse(std::string_view csv,
                                                       const std::string& source) {
  ReservedOfferingCatalog catalog;
  bool header_seen = false;
  int line_number = 0;
  std::vector<std::string_view> fields;
  // A message's prefix, built only for one (not for every line).
  auto where = [&] { return source + ":" + std::to_string(line_number) + ": "; };
  while (!csv.empty()) {
    std::size_t end = csv.find('\n');
    std::string_view line = TrimField(csv.substr(0, end));
    csv.remove_prefix(end == std::string_view::npos ? csv.size() : end + 1);
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    SplitFields(line, fields);
    if (!header_seen) {
      std::string header;
      for (auto f : fields) {
        if (!header.empty()) header += ',';
        header += f;
      }
      if (header != kReservedOfferingsHeader)
        throw CatalogError(where() + "expected the header line '" +
                           std::string(kReservedOfferingsHeader) + "'");
      header_seen = true;
      continue;
    }
    if (fields.size() != kColumns)
      throw CatalogError(where() + "expected " + std::to_string(kColumns) +
                         " comma-separated fields, got " + std::to_string(fields.size()));
    auto text = [&](std::size_t i, const char* name) {
      if (fields[i].empty()) throw CatalogError(where() + name + " must not be empty");
      return std::string(fields[i]);
    };
    auto price = [&](std::size_t i, const char* name) {
      double value = -1;
      auto field = fields[i];
      auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
      if (field.empty() || ec != std::errc() || ptr != field.data() + field.size() ||
          !std::isfinite(value) || value < 0)
        throw CatalogError(where() + name + " must be a non-negative number, got '" +
                           std::string(field) + "'");
      return value;
    };

    ReservedCacheNodesOffering o;
    o.cache_node_type = text(1, "cache_node_type");
    o.product_description = text(2, "product_description");
    auto duration = DurationSeconds(fields[3]);
    if (!duration)
      throw CatalogError(where() + "duration must be 1, 3, 31536000 or 94608000, got '" +
                         std::string(fields[3]) + "'");
    o.duration_seconds = *duration;
    o.offering_type = text(4, "offering_type");
    o.fixed_price = price(5, "fixed_price");
    o.usage_price = price(6, "usage_price");
    if (!fields[7].empty()) o.recurring_charges.push_back({price(7, "recurring_hourly"), "Hourly"});
    if (fields[0].empty()) {
      o.id = DeriveOfferingId(o.cache_node_type, o.product_description, o.duration_seconds,
                              o.offering_type);
    } else if (IsUuid(fields[0])) {
      o.id = std::string(fields[0]);
    } else {
      throw CatalogError(where() + "offering_id must be empty or a UUID, got '" +
                         std::string(fields[0]) + "'");
    }
    catalog.offerings_.push_back(std::move(o));
  }
  if (!header_seen) throw CatalogError(source + ": no header line; the catalog is empty");
  auto& all = catalog.offerings_;
  // Sorted by id through their positions, so each offering (strings and a vector) moves once
  // instead of at every step of the merge.
  std::vector<std::size_t> order(all.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return all[a].id < all[b].id; });
  std::vector<ReservedCacheNodesOffering> sorted;
  sorted.reserve(all.size());
  for (std::size_t i : order) sorted.push_back(std::move(all[i]));
  all = std::move(sorted);
  auto dup = std::adjacent_find(all.begin(), all.end(),
                                [](const auto& a, const auto& b) { return a.id == b.id; });
  if (dup != all.end()) throw CatalogError(source + ": duplicate offering id " + dup->id);
  return catalog;
}

const ReservedCacheNodesOffering* ReservedOfferingCatalog::Find(std::string_view id) const {
  auto it = std::lower_bound(offerings_.begin(), offerings_.end(), id,
                             [](const auto& o, std::string_view key) { return o.id < key; });
  return it != offerings_.end() && it->id == id ? &*it : nullptr;
}

OfferingPage ReservedOfferingCatalog::List(const ReservedNodeFilter& filter, std::string_view after,
                                           int limit) const {
  OfferingPage page;
  auto it = std::upper_bound(offerings_.begin(), offerings_.end(), after,
                             [](std::string_view key, const auto& o) { return key < o.id; });
  for (; it != offerings_.end(); ++it) {
    if (!filter.Matches(*it)) continue;
    if (int(page.items.size()) == limit) {
      page.next_marker = page.items.back()->id;
      break;
    }
    page.items.push_back(&*it);
  }
  return page;
}

}  // namespace ecl
