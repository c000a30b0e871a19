// What every handler family shares: the environment handlers run in (the store and the
// service's options), finding a resource or its not-found fault, recording domain events,
// paging (MaxRecords and issued markers), and tag lists.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "handlers/api_types.h"
#include "handlers/catalogs.h"
#include "handlers/request_context.h"
#include "handlers/service_options.h"
#include "handlers/slot_migration_progress.h"
#include "model/domain_event.h"
#include "model/resource_kinds.h"
#include "storage/store.h"

namespace ecl {

// Handlers run inside the service's one transaction per request (Service::Invoke).
struct HandlerEnv {
  Store& store;
  const ServiceOptions& options;
  const Catalogs& catalogs;
  // The data plane's reports of reshardings (none when it is off).
  const SlotMigrationSource* slot_migrations = nullptr;

  int64_t TransitionMs() const { return options.TransitionMs(); }
};

// The resource of kind T with this id in the caller's account and region, else its kind's
// not-found fault. The id is compared as the kind compares ids (lower case for most).
template <typename T>
T Require(HandlerEnv env, const RequestContext& ctx, std::string_view id) {
  std::string canonical = Kind<T>::CanonicalId(id);
  auto resource = env.store.Find<T>({ctx.account, ctx.region, canonical});
  if (!resource) throw Kind<T>::NotFound(canonical);
  return std::move(*resource);
}

// That something happened to the resource of kind T with this id, as an event DescribeEvents
// does not show (a request that started a step; the step's completion carries the text).
template <typename T>
DomainEvent EventOf(std::string id, std::string_view what, Timestamp at) {
  return {std::string(Kind<T>::kStoredName), std::move(id), std::string(what), at, {}, {}, {}};
}

// Saves what a handler says happened in the caller's account and region, with the change
// (same transaction).
void Record(HandlerEnv env, const RequestContext& ctx, const std::vector<DomainEvent>& events);

// Whether `list` holds `item`.
template <typename T>
bool Contains(const std::vector<T>& list, const std::type_identity_t<T>& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// The elements of an optional list member; empty when absent.
template <typename T>
const std::vector<T>& Items(const std::optional<std::vector<T>>& list) {
  static const std::vector<T> kEmpty;
  return list ? *list : kEmpty;
}

// MaxRecords within [min, max] (default `fallback`), else InvalidParameterValue.
int PageSize(const std::optional<int>& max_records, int min, int max, int fallback);
// Where a page of `operation` continues: "" when no Marker was sent, the position a marker
// this server issued for `operation` carries, else InvalidParameterValue.
// `member` names the request member in the message (NextToken for the newer operations).
std::string MarkerPosition(std::string_view operation, const std::optional<std::string>& marker,
                           std::string_view member = "Marker");
// The Marker to answer when more follow after `position`.
std::optional<std::string> NextMarker(std::string_view operation,
                                      const std::optional<std::string>& position);

// Tags a request carries, checked against the per-resource rules (key and value lengths, the
// reserved aws: prefix, at most 50 distinct keys).
std::vector<Tag> TagsFrom(const std::optional<std::vector<api::Tag>>& tags);
std::vector<api::Tag> TagListOf(const std::vector<Tag>& tags);
// Fails with TagQuotaPerResourceExceeded when a resource would hold more than 50 tags.
void CheckTagQuota(size_t distinct_keys);

}  // namespace ecl
