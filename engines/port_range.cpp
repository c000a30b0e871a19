#include "engines/port_range.h"

#include <charconv>

namespace ecl {

namespace {

std::optional<int> ParsePort(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value < 1 || value > 65535) return std::nullopt;
  return value;
}

}  // namespace

std::optional<PortRange> ParsePortRange(const std::string& text) {
  auto dash = text.find('-');
  if (dash == std::string::npos) return std::nullopt;
  auto first = ParsePort(std::string_view(text).substr(0, dash));
  auto last = ParsePort(std::string_view(text).substr(dash + 1));
  if (!first || !last || *first > *last) return std::nullopt;
  return PortRange{*first, *last};
}

}  // namespace ecl
