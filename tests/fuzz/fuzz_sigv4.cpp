// Fuzzes the SigV4 Authorization and credential scope parsers (server/request_identity.h,
// server/sigv4.h) and the signature check built on them. The input is split at '\n' into an
// Authorization header, an X-Amz-Date, a raw query string, a body and a path. Properties:
// parsers never throw; a parsed header has every part; identities always have a 12-digit
// account and a region; the verifier refuses only with the codes AWS uses; and a request
// signed with the right secret over whatever query, body, header value and path the input
// holds is accepted.
#include "fuzz_support.h"
#include "model/aws_error.h"
#include "server/crypto.h"
#include "server/query_params.h"
#include "server/signature_verifier.h"
#include "server/sigv4.h"

using namespace ecl;

namespace {

constexpr int64_t kNow = 1440938160000;  // 20150830T123600Z
constexpr char kAmzDate[] = "20150830T123600Z";

const SignatureVerifier& Verifier() {
  static const SignatureVerifier* verifier = new SignatureVerifier(Credentials::Parse(
      std::string(Credentials::kHeader) + "\nAKIDFUZZ,fuzz-secret,111122223333\n", "fuzz"));
  return *verifier;
}

bool IsRefusal(const std::string& code) {
  return code == "MissingAuthenticationToken" || code == "IncompleteSignature" ||
         code == "InvalidClientTokenId" || code == "RequestExpired" ||
         code == "SignatureDoesNotMatch" || code == "MalformedQueryString";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parts = fuzz::SplitInput(fuzz::AsText(data, size), '\n', 5);
  parts.resize(5);
  const std::string_view header = parts[0], date = parts[1], query = parts[2], body = parts[3],
                         path = parts[4];

  std::string problem;
  if (auto auth = ParseSigV4Authorization(header, problem)) {
    if (auth->algorithm != kSigV4Algorithm || auth->signed_headers.empty() ||
        auth->scope.access_key_id.empty() || auth->scope.date.empty() ||
        auth->scope.region.empty() || auth->scope.service.empty())
      fuzz::Fail("a parsed Authorization header lacks a part: " + std::string(header));
  } else if (problem.empty()) {
    fuzz::Fail("a refused Authorization header without a reason");
  }
  (void)ParseCredentialScope(header);
  (void)ParseAuthorizationHeader(header);
  RequestIdentity id = ResolveIdentity(header, query, IdentityDefaults{});
  if (!IsAccountId(id.account) || id.region.empty())
    fuzz::Fail("identity without an account or region: " + id.account + "/" + id.region);
  (void)ParseAmzDate(date);
  (void)CanonicalUri(path);

  HttpRequest request;
  request.method = size % 2 ? "GET" : "POST";
  request.target = "/";
  request.headers = {{"host", "127.0.0.1:4510"}, {"x-amz-date", std::string(date)},
                     {"authorization", std::string(header)}};
  request.body = std::string(body);
  try {
    Verifier().Verify(request, path, query, kNow);
  } catch (const AwsError& e) {
    if (!IsRefusal(e.code)) fuzz::Fail("unexpected refusal " + e.code + ": " + e.message());
  }

  // Signed rightly, whatever the query, body, header value and path: accepted.
  HttpRequest good;
  good.method = request.method;
  good.headers = {{"host", "127.0.0.1:4510"}, {"x-amz-date", kAmzDate},
                  {"x-fuzz", std::string(date)}};
  good.body = std::string(body);
  const std::vector<std::string> names = {"host", "x-amz-date", "x-fuzz"};
  std::string canonical_query;
  try {
    canonical_query = CanonicalQueryString(query, false);
  } catch (const AwsError&) {
    return 0;  // a malformed query is refused before any signature matters
  }
  const QueryParams params = ParseUrlEncoded(query);
  if (FindParam(params, "X-Amz-Algorithm") || FindParam(params, "X-Amz-Signature"))
    return 0;  // reads as a presigned URL, which this request is not
  CredentialScope scope{"AKIDFUZZ", "20150830", "eu-west-1", "elasticache"};
  std::string canonical = CanonicalRequest(good.method, CanonicalUri(path), canonical_query,
                                           CanonicalHeaders(good.headers, names), names,
                                           Sha256Hex(good.body));
  good.headers.emplace_back(
      "authorization",
      "AWS4-HMAC-SHA256 Credential=AKIDFUZZ/20150830/eu-west-1/elasticache/aws4_request, "
      "SignedHeaders=host;x-amz-date;x-fuzz, Signature=" +
          SigV4Signature("fuzz-secret", scope, StringToSign(kAmzDate, scope, canonical)));
  try {
    VerifiedCaller caller = Verifier().Verify(good, path, query, kNow);
    if (caller.account != "111122223333") fuzz::Fail("wrong account " + caller.account);
  } catch (const AwsError& e) {
    fuzz::Fail("a rightly signed request was refused: " + e.code + ": " + e.message());
  }
  return 0;
}
