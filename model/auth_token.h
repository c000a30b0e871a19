// The Redis AUTH token rules of CreateReplicationGroup / ModifyReplicationGroup. Pure
// functions; thread-safe.
//
// Character set: the current service model says "only printable ASCII; the only permitted
// printable special characters are ! & # $ ^ < > -", and real AWS rejects tokens with other
// specials ("Invalid AuthToken provided." for random passwords with special characters), so the
// emulator accepts ASCII letters, digits and those eight specials only. That also excludes the
// space and the '/', '"', '@' the older documentation names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecl {

inline constexpr std::size_t kMinAuthTokenLength = 16;
inline constexpr std::size_t kMaxAuthTokenLength = 128;

bool IsValidAuthToken(std::string_view token);

// Throws InvalidParameterValue "Invalid AuthToken provided." (AWS does not say which rule).
void ValidateAuthToken(std::string_view token);

// The token (when given) must be valid and needs in-transit encryption; otherwise
// InvalidParameterValue "The AUTH token is only supported when encryption-in-transit is
// enabled". The encryption rule is checked first, as a token without TLS is useless anyway.
void ValidateAuthTokenForGroup(const std::optional<std::string>& token,
                               bool transit_encryption_enabled);

// The tokens in force after an AuthTokenUpdateStrategy (User Guide, "Modifying the AUTH token
// on an existing cluster"): SET (the default) leaves only the new token, ROTATE adds it beside
// the newest current one so both work until the next SET, DELETE removes every token.
std::vector<std::string> UpdatedAuthTokens(const std::vector<std::string>& current,
                                           const std::optional<std::string>& token,
                                           std::string_view strategy);

}  // namespace ecl
