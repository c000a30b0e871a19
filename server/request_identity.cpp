#include "server/request_identity.h"

#include <vector>

#include "server/header_text.h"

namespace ecl {
namespace {

// Region names are lower-case letters, digits and dashes ("us-east-1", "us-gov-west-1");
// anything else is most likely a garbled scope and must not leak into ARNs.
bool IsPlausibleRegion(std::string_view s) {
  if (s.empty() || s.size() > 32 || s.front() == '-' || s.back() == '-') return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

}  // namespace

bool IsAccountId(std::string_view s) {
  if (s.size() != 12) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::optional<CredentialScope> ParseCredentialScope(std::string_view credential) {
  auto parts = SplitView(TrimBlanks(credential), '/');
  if (parts.size() != 5 || parts[4] != "aws4_request") return std::nullopt;
  for (int i = 0; i < 4; ++i)
    if (parts[i].empty()) return std::nullopt;
  return CredentialScope{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]),
                         std::string(parts[3])};
}

std::optional<CredentialScope> ParseAuthorizationHeader(std::string_view authorization) {
  // The algorithm name comes first, separated by a space; the components are comma separated.
  auto space = authorization.find(' ');
  std::string_view rest =
      space == std::string_view::npos ? authorization : authorization.substr(space + 1);
  for (std::string_view component : SplitView(rest, ',')) {
    component = TrimBlanks(component);
    constexpr std::string_view kKey = "Credential=";
    if (component.substr(0, kKey.size()) == kKey)
      return ParseCredentialScope(component.substr(kKey.size()));
  }
  return std::nullopt;
}

RequestIdentity ResolveIdentity(std::string_view authorization,
                                std::string_view presigned_credential,
                                const IdentityDefaults& defaults) {
  std::optional<CredentialScope> scope;
  if (!authorization.empty()) scope = ParseAuthorizationHeader(authorization);
  if (!scope && !presigned_credential.empty()) scope = ParseCredentialScope(presigned_credential);

  RequestIdentity id{defaults.account, defaults.region};
  if (!scope) return id;
  if (IsAccountId(scope->access_key_id)) id.account = scope->access_key_id;
  if (IsPlausibleRegion(scope->region)) id.region = scope->region;
  return id;
}

}  // namespace ecl
