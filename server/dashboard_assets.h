// The dashboard's files (server/ui/), compiled into the binary so the page needs neither the
// source tree nor anything from the network: GET /_admin/ui answers index.html, and
// /_admin/ui/<file> the script and style sheet it loads. Immutable; thread-safe.
#pragma once

#include <string_view>

namespace ecl {

struct DashboardAsset {
  std::string_view content_type;
  std::string_view body;
};

// The file served at `path`, or nullptr when no dashboard file lives there.
const DashboardAsset* FindDashboardAsset(std::string_view path);

}  // namespace ecl
