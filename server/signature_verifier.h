// SignatureVerifier: --verify-signatures. Recomputes the SigV4 signature of an API request
// (Authorization header, or the X-Amz-* parameters of a presigned URL) with the secret the
// credentials file gives its access key, and refuses it the way AWS's Query services do:
//   no signature at all         MissingAuthenticationToken  403
//   a garbled Authorization     IncompleteSignature         400
//   an access key not listed    InvalidClientTokenId        403
//   a timestamp 15+ min off     RequestExpired              400
//   any other difference        SignatureDoesNotMatch       403 (with the canonical request
//                               and string to sign the server expected, as AWS prints them)
// Immutable; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "server/credentials_file.h"
#include "server/http_types.h"

namespace ecl {

// Who signed a request that checked out.
struct VerifiedCaller {
  std::string access_key_id;
  std::string account;  // from the credentials file; "" when it names none
};

class SignatureVerifier {
 public:
  // How far a request's timestamp may be from the server's clock, as AWS allows.
  inline static constexpr int64_t kMaxSkewMs = 15 * 60 * 1000;
  // The longest X-Amz-Expires a presigned URL may ask for (seven days, as AWS allows).
  inline static constexpr int64_t kMaxExpiresSeconds = 7 * 24 * 3600;

  explicit SignatureVerifier(Credentials credentials) : credentials_(std::move(credentials)) {}

  // `path` and `raw_query` are the request target's parts as sent; `now_ms` the real time
  // (never the emulator's clock: clients sign with theirs). Throws AwsError.
  VerifiedCaller Verify(const HttpRequest& request, std::string_view path,
                        std::string_view raw_query, int64_t now_ms) const;

 private:
  Credentials credentials_;
};

}  // namespace ecl
