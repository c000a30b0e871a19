#include "server/signature_verifier.h"

#include <cstdlib>

#include "model/aws_error.h"
#include "model/timestamp.h"
#include "server/crypto.h"
#include "server/query_params.h"
#include "server/sigv4.h"

namespace ecl {

namespace {

constexpr char kService[] = "elasticache";

AwsError MissingAuthenticationToken() {
  return {"MissingAuthenticationToken", "Request is missing Authentication Token", 403};
}
AwsError IncompleteSignature(const std::string& message) {
  return {"IncompleteSignature", message, 400};
}
AwsError InvalidClientTokenId() {
  return {"InvalidClientTokenId", "The security token included in the request is invalid.", 403};
}
AwsError SignatureDoesNotMatch(const std::string& detail) {
  return {"SignatureDoesNotMatch", detail, 403};
}
AwsError RequestExpired(const std::string& detail) {
  return {"RequestExpired", "Request has expired. " + detail, 400};
}

std::string AmzDate(int64_t epoch_ms) {
  // "2026-11-24T20:01:02.000Z" -> "20261124T200102Z"
  std::string iso = FormatIso8601(Timestamp{epoch_ms});
  std::string out;
  for (char c : iso.substr(0, 19))
    if (c != '-' && c != ':') out += c;
  return out + "Z";
}

// What a request says about its signature, wherever it says it.
struct Claimed {
  SigV4Authorization auth;
  std::string amz_date;
  std::optional<int64_t> expires_seconds;  // presigned URLs only
  bool presigned = false;
};

Claimed FromHeader(const HttpRequest& request, std::string_view header) {
  Claimed c;
  std::string problem;
  auto auth = ParseSigV4Authorization(header, problem);
  if (!auth) throw IncompleteSignature(problem);
  c.auth = std::move(*auth);
  c.amz_date = request.Header("x-amz-date");
  if (c.amz_date.empty())
    throw IncompleteSignature(
        "Authorization header requires existence of an 'X-Amz-Date' header. Authorization=" +
        std::string(header));
  return c;
}

Claimed FromQuery(const QueryParams& params) {
  auto get = [&](std::string_view name) -> std::optional<std::string> {
    const std::string* v = FindParam(params, name);
    return v ? std::optional<std::string>(*v) : std::nullopt;
  };
  auto algorithm = get("X-Amz-Algorithm");
  auto credential = get("X-Amz-Credential");
  auto signed_headers = get("X-Amz-SignedHeaders");
  auto signature = get("X-Amz-Signature");
  auto date = get("X-Amz-Date");
  if (!algorithm || !credential || !signed_headers || !signature || !date)
    throw IncompleteSignature(
        "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', "
        "'X-Amz-Signature', 'X-Amz-Date' and 'X-Amz-SignedHeaders'. Re-examine the "
        "query-string parameters.");
  // The same fields the header carries; one parser checks them.
  std::string header = *algorithm + " Credential=" + *credential +
                       ", SignedHeaders=" + *signed_headers + ", Signature=" + *signature;
  std::string problem;
  auto auth = ParseSigV4Authorization(header, problem);
  if (!auth) throw IncompleteSignature(problem);
  Claimed c;
  c.auth = std::move(*auth);
  c.amz_date = *date;
  c.presigned = true;
  if (auto expires = get("X-Amz-Expires")) {
    const std::string& e = *expires;
    if (e.empty() || e.size() > 9 || e.find_first_not_of("0123456789") != std::string::npos)
      throw IncompleteSignature("X-Amz-Expires must be a whole number of seconds, not '" + e +
                                "'.");
    c.expires_seconds = std::strtoll(e.c_str(), nullptr, 10);
    if (*c.expires_seconds > SignatureVerifier::kMaxExpiresSeconds)
      throw IncompleteSignature(
          "X-Amz-Expires must be less than a week (in seconds) that is 604800");
  }
  return c;
}

}  // namespace

VerifiedCaller SignatureVerifier::Verify(const HttpRequest& request, std::string_view path,
                                         std::string_view raw_query, int64_t now_ms) const {
  const std::string header = request.Header("authorization");
  QueryParams query = ParseUrlEncoded(raw_query);
  const bool presigned =
      FindParam(query, "X-Amz-Algorithm") != nullptr || FindParam(query, "X-Amz-Signature");
  if (header.empty() && !presigned) throw MissingAuthenticationToken();
  Claimed claimed = header.empty() ? FromQuery(query) : FromHeader(request, header);
  const SigV4Authorization& auth = claimed.auth;

  const AccessKey* key = credentials_.Find(auth.scope.access_key_id);
  if (key == nullptr) throw InvalidClientTokenId();

  auto signed_at = ParseAmzDate(claimed.amz_date);
  if (!signed_at)
    throw IncompleteSignature("Date must be in ISO-8601 'basic format' (YYYYMMDDTHHMMSSZ). Got '" +
                              claimed.amz_date + "'.");
  if (auth.scope.date != claimed.amz_date.substr(0, 8))
    throw SignatureDoesNotMatch(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
        "HTTP: '" + auth.scope.date + "' != '" + claimed.amz_date.substr(0, 8) + "', from '" +
        claimed.amz_date + "'.");
  if (auth.scope.service != kService)
    throw SignatureDoesNotMatch(std::string("Credential should be scoped to correct service: '") +
                                kService + "'. ");
  const std::string server_time = AmzDate(now_ms);
  if (claimed.presigned && claimed.expires_seconds) {
    if (now_ms > *signed_at + *claimed.expires_seconds * 1000)
      throw RequestExpired("The presigned URL signed at " + claimed.amz_date + " expired " +
                           std::to_string(*claimed.expires_seconds) +
                           " seconds later; the server's time is " + server_time + ".");
  } else if (std::llabs(now_ms - *signed_at) > kMaxSkewMs) {
    throw RequestExpired("Its X-Amz-Date " + claimed.amz_date +
                         " is more than 15 minutes from the server's time " + server_time + ".");
  }
  bool host_signed = false;
  for (const auto& name : auth.signed_headers) host_signed = host_signed || name == "host";
  if (!host_signed)
    throw IncompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS "
                              "Authorization.");

  const std::string canonical = CanonicalRequest(
      request.method, CanonicalUri(path), CanonicalQueryString(raw_query, claimed.presigned),
      CanonicalHeaders(request.headers, auth.signed_headers), auth.signed_headers,
      Sha256Hex(request.body));
  const std::string to_sign = StringToSign(claimed.amz_date, auth.scope, canonical);
  if (!ConstantTimeEquals(SigV4Signature(key->secret, auth.scope, to_sign), auth.signature))
    throw SignatureDoesNotMatch(
        "The request signature we calculated does not match the signature you provided. Check "
        "your AWS Secret Access Key and signing method. Consult the service documentation for "
        "details.\n\nThe Canonical String for this request should have been\n'" +
        canonical + "'\n\nThe String-to-Sign should have been\n'" + to_sign + "'\n");
  return {auth.scope.access_key_id, key->account};
}

}  // namespace ecl
