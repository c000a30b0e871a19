#include "model/auth_token.h"

#include "model/aws_faults.h"

namespace ecl {
namespace {

bool IsPermittedTokenCharacter(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  constexpr std::string_view kPermittedSpecials = "!&#$^<>-";
  return kPermittedSpecials.find(c) != std::string_view::npos;
}

}  // namespace

bool IsValidAuthToken(std::string_view token) {
  if (token.size() < kMinAuthTokenLength || token.size() > kMaxAuthTokenLength) return false;
  for (char c : token) {
    if (!IsPermittedTokenCharacter(c)) return false;
  }
  return true;
}

void ValidateAuthToken(std::string_view token) {
  if (!IsValidAuthToken(token)) {
    throw faults::InvalidParameterValueException("Invalid AuthToken provided.");
  }
}

void ValidateAuthTokenForGroup(const std::optional<std::string>& token,
                               bool transit_encryption_enabled) {
  if (!token) return;
  if (!transit_encryption_enabled) {
    throw faults::InvalidParameterValueException(
        "The AUTH token is only supported when encryption-in-transit is enabled");
  }
  ValidateAuthToken(*token);
}

std::vector<std::string> UpdatedAuthTokens(const std::vector<std::string>& current,
                                           const std::optional<std::string>& token,
                                           std::string_view strategy) {
  if (strategy == "DELETE") return {};
  if (!token) return current;
  if (strategy == "ROTATE") {
    std::vector<std::string> tokens;
    if (!current.empty() && current.back() != *token) tokens.push_back(current.back());
    tokens.push_back(*token);
    return tokens;
  }
  return {*token};
}

}  // namespace ecl
