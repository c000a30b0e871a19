// PortRange: the ports the data plane may give to engines and endpoints (--engine-ports,
// "21000-21999"). Parsing is strict so a typo is a settings error, not a surprise later.
#pragma once

#include <optional>
#include <string>

namespace ecl {

struct PortRange {
  int first = 21000;
  int last = 21999;

  int Size() const { return last - first + 1; }
  bool Contains(int port) const { return port >= first && port <= last; }
};

// "FIRST-LAST" with 1 <= FIRST <= LAST <= 65535; nullopt otherwise.
std::optional<PortRange> ParsePortRange(const std::string& text);

}  // namespace ecl
