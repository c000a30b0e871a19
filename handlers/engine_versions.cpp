#include "handlers/engine_versions.h"

#include <tuple>

namespace ecl {

namespace {

// A page position names the last entry returned: "<engine> <EngineVersion>".
std::string PositionOf(const EngineVersionEntry& e) { return e.engine + " " + e.engine_version; }

bool After(const EngineVersionEntry& e, const std::string& position) {
  if (position.empty()) return true;
  auto space = position.find(' ');
  std::string engine = position.substr(0, space);
  std::string version = space == std::string::npos ? "" : position.substr(space + 1);
  return std::tie(e.engine, e.engine_version) > std::tie(engine, version);
}

api::CacheEngineVersion View(const EngineVersionEntry& e) {
  return {e.engine, e.engine_version, e.parameter_group_family, e.engine_description,
          e.version_description};
}

// Filters match as ElastiCache lists the entries; a filter nothing matches yields an empty
// list, not an error.
api::CacheEngineVersionMessage DescribeCacheEngineVersions(
    HandlerEnv env, const RequestContext&, const api::DescribeCacheEngineVersionsMessage& in) {
  int limit = PageSize(in.MaxRecords, 20, 100, 100);
  std::string after = MarkerPosition(api::op::DescribeCacheEngineVersions::kName, in.Marker);
  EngineVersionFilter filter;
  filter.engine = in.Engine;
  filter.engine_version = in.EngineVersion;
  filter.family = in.CacheParameterGroupFamily;
  filter.default_only = in.DefaultOnly.value_or(false);
  api::CacheEngineVersionMessage out;
  auto& versions = out.CacheEngineVersions.emplace();
  std::optional<std::string> last;
  for (const EngineVersionEntry* e : env.catalogs.engines.List(filter)) {
    if (!After(*e, after)) continue;
    if (static_cast<int>(versions.size()) == limit) {
      out.Marker = NextMarker(api::op::DescribeCacheEngineVersions::kName, last);
      break;
    }
    versions.push_back(View(*e));
    last = PositionOf(*e);
  }
  return out;
}

}  // namespace

void RegisterEngineVersionHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::DescribeCacheEngineVersions>(env, DescribeCacheEngineVersions);
}

}  // namespace ecl
