#include "server/dashboard_assets.h"

#include <array>
#include <utility>

namespace ecl {

// Generated from server/ui/ at build time (server/CMakeLists.txt).
extern const char kDashboardIndexHtml[];
extern const char kDashboardScript[];
extern const char kDashboardStyle[];

const DashboardAsset* FindDashboardAsset(std::string_view path) {
  static const DashboardAsset kIndex{"text/html; charset=utf-8", kDashboardIndexHtml};
  static const std::array<std::pair<std::string_view, DashboardAsset>, 4> kAssets = {{
      {"/_admin/ui", kIndex},
      {"/_admin/ui/", kIndex},
      {"/_admin/ui/dashboard.js", {"text/javascript; charset=utf-8", kDashboardScript}},
      {"/_admin/ui/dashboard.css", {"text/css; charset=utf-8", kDashboardStyle}},
  }};
  for (const auto& [served_at, asset] : kAssets)
    if (served_at == path) return &asset;
  return nullptr;
}

}  // namespace ecl
