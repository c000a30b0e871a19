// RequestIdentity: which account and region a request belongs to, read from the SigV4
// credential scope `Credential=AKID/DATE/REGION/SERVICE/aws4_request` of the Authorization
// header (or the X-Amz-Credential parameter of a presigned URL). Signatures are not checked:
// the emulator trusts whatever scope the client signed with, so SDK defaults just work.
// A 12-digit access key id doubles as the account id, which lets tests isolate accounts.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ecl {

struct IdentityDefaults {
  std::string account = "000000000000";
  std::string region = "us-east-1";
};

struct RequestIdentity {
  std::string account;
  std::string region;
};

// The five parts of a SigV4 credential scope.
struct CredentialScope {
  std::string access_key_id;
  std::string date;
  std::string region;
  std::string service;
};

// Parses "AKID/DATE/REGION/SERVICE/aws4_request"; nullopt when it is not that shape.
std::optional<CredentialScope> ParseCredentialScope(std::string_view credential);

// Finds the `Credential=` part of an `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...,
// Signature=...` header and parses it; nullopt when absent or garbled.
std::optional<CredentialScope> ParseAuthorizationHeader(std::string_view authorization);

// True for exactly twelve ASCII digits.
bool IsAccountId(std::string_view s);

// The identity of a request. `authorization` is the Authorization header (may be empty);
// `presigned_credential` the decoded X-Amz-Credential query parameter (may be empty), used
// when the header gives no scope. Anything unusable falls back to the defaults.
RequestIdentity ResolveIdentity(std::string_view authorization,
                                std::string_view presigned_credential,
                                const IdentityDefaults& defaults);

}  // namespace ecl
