// SigV4: the parts of AWS Signature Version 4 that a server needs to recompute the signature
// of a request it received: the Authorization header's fields, the canonical request, the
// string to sign and the signature itself, as AWS's "Create a signed AWS API request" guide
// defines them (docs/security.md). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/request_identity.h"

namespace ecl {

inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";

// The fields of `AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
// SignedHeaders=host;x-amz-date, Signature=<64 hex digits>`.
struct SigV4Authorization {
  std::string algorithm;
  std::string credential;  // as sent
  CredentialScope scope;
  std::vector<std::string> signed_headers;  // as listed, lower-cased
  std::string signature;
};

// Parses an Authorization header. nullopt when it is not SigV4 or lacks a part; `problem`
// then says what is wrong in the words AWS's IncompleteSignature uses.
std::optional<SigV4Authorization> ParseSigV4Authorization(std::string_view header,
                                                          std::string& problem);

// RFC 3986 percent-encoding as SigV4 wants it: unreserved characters (A-Z a-z 0-9 - _ . ~)
// as they are, every other byte %XX in upper-case hex; `keep_slash` leaves '/' alone.
std::string UriEncode(std::string_view bytes, bool keep_slash = false);

// The canonical URI of a request path: dot segments and empty segments removed, then
// encoded (existing escapes encoded again, as the SDKs do for every service but S3).
std::string CanonicalUri(std::string_view raw_path);

// The canonical query string of a raw query ("b=2&a=1"): names and values decoded, encoded
// again, sorted by name then value. `skip_signature` leaves out X-Amz-Signature (a presigned
// URL signs everything else). Throws AwsError MalformedQueryString on a bad escape.
std::string CanonicalQueryString(std::string_view raw_query, bool skip_signature);

using HeaderList = std::vector<std::pair<std::string, std::string>>;  // names lower-cased

// "name:value\n" for each signed header, values trimmed with inner runs of blanks collapsed,
// repeated headers joined with ','. A signed header the request lacks has an empty value.
std::string CanonicalHeaders(const HeaderList& headers,
                             const std::vector<std::string>& signed_headers);

std::string CanonicalRequest(std::string_view method, std::string_view canonical_uri,
                             std::string_view canonical_query, std::string_view canonical_headers,
                             const std::vector<std::string>& signed_headers,
                             std::string_view payload_sha256_hex);

// "AWS4-HMAC-SHA256\n<amz-date>\n<date>/<region>/<service>/aws4_request\n<hex sha256(cr)>".
std::string StringToSign(std::string_view amz_date, const CredentialScope& scope,
                         std::string_view canonical_request);

// The hex signature of `string_to_sign` with the key derived from `secret` and the scope.
std::string SigV4Signature(std::string_view secret, const CredentialScope& scope,
                           std::string_view string_to_sign);

// "20150830T123600Z" as milliseconds since the epoch; nullopt for any other form.
std::optional<int64_t> ParseAmzDate(std::string_view text);

}  // namespace ecl
