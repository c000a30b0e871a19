#include "handlers/handler_support.h"

#include <set>

#include "model/aws_faults.h"
#include "model/page_marker.h"

namespace ecl {

namespace {

constexpr size_t kTagsPerResource = 50;

}  // namespace

void Record(HandlerEnv env, const RequestContext& ctx, const std::vector<DomainEvent>& events) {
  env.store.AppendEvents(ctx.account, ctx.region, events);
}

int PageSize(const std::optional<int>& max_records, int min, int max, int fallback) {
  if (!max_records) return fallback;
  if (*max_records < min || *max_records > max)
    throw faults::InvalidParameterValueException("Invalid value for max records. Must be between " +
                                                 std::to_string(min) + " and " +
                                                 std::to_string(max) + ".");
  return *max_records;
}

std::string MarkerPosition(std::string_view operation, const std::optional<std::string>& marker,
                           std::string_view member) {
  if (!marker) return "";
  auto position = DecodeMarker(operation, *marker);
  if (!position)
    throw faults::InvalidParameterValueException(
        "Invalid " + std::string(member) + ": send the " + std::string(member) +
        " a previous " + std::string(operation) + " call returned, unchanged.");
  return *position;
}

std::optional<std::string> NextMarker(std::string_view operation,
                                      const std::optional<std::string>& position) {
  if (!position) return std::nullopt;
  return EncodeMarker(operation, *position);
}

void CheckTagQuota(size_t distinct_keys) {
  if (distinct_keys > kTagsPerResource)
    throw faults::TagQuotaPerResourceExceeded(
        "The request cannot be processed because it would cause the resource to have more "
        "than 50 tags.");
}

std::vector<Tag> TagsFrom(const std::optional<std::vector<api::Tag>>& requested) {
  std::vector<Tag> tags;
  std::set<std::string> keys;
  for (const auto& t : Items(requested)) {
    Tag tag{t.Key.value_or(""), t.Value.value_or("")};
    if (tag.key.empty())
      throw faults::InvalidParameterValueException("Tag keys must not be empty.");
    if (tag.key.size() > 128)
      throw faults::InvalidParameterValueException("Tag key " + tag.key +
                                                   " is longer than 128 characters.");
    if (tag.value.size() > 256)
      throw faults::InvalidParameterValueException("The value of tag " + tag.key +
                                                   " is longer than 256 characters.");
    if (tag.key.rfind("aws:", 0) == 0)
      throw faults::InvalidParameterValueException(
          "Tag keys beginning with aws: are reserved for AWS use: " + tag.key);
    keys.insert(tag.key);
    tags.push_back(std::move(tag));
  }
  CheckTagQuota(keys.size());
  return tags;
}

std::vector<api::Tag> TagListOf(const std::vector<Tag>& tags) {
  std::vector<api::Tag> out;
  for (const auto& t : tags) out.push_back({t.key, t.value});
  return out;
}

}  // namespace ecl
