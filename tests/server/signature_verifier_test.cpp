#include "server/signature_verifier.h"

#include <gtest/gtest.h>

#include "model/aws_error.h"
#include "model/reserved_offering_catalog.h"
#include "server/crypto.h"
#include "server/sigv4.h"

namespace ecl {
namespace {

constexpr int64_t kSignedAt = 1440938160000;  // 20150830T123600Z
constexpr char kAmzDate[] = "20150830T123600Z";

Credentials Keys() {
  return Credentials::Parse(
      "# test keys\n" + std::string(Credentials::kHeader) +
          "\nAKIDEXAMPLE,right-secret,123456789012\nAKIDNOACCOUNT,other-secret,\n",
      "test");
}

HttpRequest Post(std::string body = "Action=DescribeReplicationGroups&Version=2015-02-02") {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {{"host", "127.0.0.1:4510"},
               {"content-type", "application/x-www-form-urlencoded; charset=utf-8"},
               {"x-amz-date", kAmzDate}};
  r.body = std::move(body);
  return r;
}

// Signs as an SDK does (every header but a few), with the given secret and scope.
void Sign(HttpRequest& r, const std::string& key_id, const std::string& secret,
          const std::string& service = "elasticache", const std::string& scope_date = "20150830",
          std::vector<std::string> signed_headers = {"content-type", "host", "x-amz-date"}) {
  CredentialScope scope{key_id, scope_date, "eu-west-1", service};
  auto q = r.target.find('?');
  std::string path = r.target.substr(0, q);
  std::string query = q == std::string::npos ? "" : r.target.substr(q + 1);
  std::string canonical =
      CanonicalRequest(r.method, CanonicalUri(path), CanonicalQueryString(query, false),
                       CanonicalHeaders(r.headers, signed_headers), signed_headers,
                       Sha256Hex(r.body));
  std::string names;
  for (const auto& h : signed_headers) names += (names.empty() ? "" : ";") + h;
  r.headers.emplace_back(
      "authorization", "AWS4-HMAC-SHA256 Credential=" + key_id + "/" + scope_date +
                           "/eu-west-1/" + service + "/aws4_request, SignedHeaders=" + names +
                           ", Signature=" +
                           SigV4Signature(secret, scope, StringToSign(kAmzDate, scope, canonical)));
}

AwsError Refusal(const SignatureVerifier& v, const HttpRequest& r, int64_t now = kSignedAt) {
  auto q = r.target.find('?');
  try {
    v.Verify(r, r.target.substr(0, q), q == std::string::npos ? "" : r.target.substr(q + 1), now);
  } catch (const AwsError& e) {
    return e;
  }
  ADD_FAILURE() << "the request was accepted";
  return AwsError("none", "", 0);
}

TEST(SignatureVerifier, AcceptsARightlySignedRequestAndNamesItsAccount) {
  SignatureVerifier v(Keys());
  HttpRequest r = Post();
  Sign(r, "AKIDEXAMPLE", "right-secret");
  VerifiedCaller caller = v.Verify(r, "/", "", kSignedAt);
  EXPECT_EQ(caller.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(caller.account, "123456789012");
  // Within 15 minutes either way.
  EXPECT_NO_THROW(v.Verify(r, "/", "", kSignedAt + 14 * 60 * 1000));
  EXPECT_NO_THROW(v.Verify(r, "/", "", kSignedAt - 14 * 60 * 1000));

  HttpRequest other = Post();
  Sign(other, "AKIDNOACCOUNT", "other-secret");
  EXPECT_EQ(v.Verify(other, "/", "", kSignedAt).account, "");
}

TEST(SignatureVerifier, AWrongSecretIsSignatureDoesNotMatchWithTheExpectedCanonicalRequest) {
  SignatureVerifier v(Keys());
  HttpRequest r = Post();
  Sign(r, "AKIDEXAMPLE", "wrong-secret");
  AwsError e = Refusal(v, r);
  EXPECT_EQ(e.code, "SignatureDoesNotMatch");
  EXPECT_EQ(e.http_status, 403);
  EXPECT_TRUE(e.sender);
  EXPECT_NE(e.message().find("The request signature we calculated does not match"),
            std::string::npos);
  EXPECT_NE(e.message().find("The Canonical String for this request should have been\n'POST\n/\n"),
            std::string::npos)
      << e.message();
  EXPECT_NE(e.message().find("20150830/eu-west-1/elasticache/aws4_request"), std::string::npos);
}

TEST(SignatureVerifier, AChangedBodyHeaderOrTargetNoLongerMatches) {
  SignatureVerifier v(Keys());
  HttpRequest body = Post();
  Sign(body, "AKIDEXAMPLE", "right-secret");
  body.body += "&ReplicationGroupId=other";
  EXPECT_EQ(Refusal(v, body).code, "SignatureDoesNotMatch");

  HttpRequest header = Post();
  Sign(header, "AKIDEXAMPLE", "right-secret");
  header.headers[0].second = "elsewhere:4510";
  EXPECT_EQ(Refusal(v, header).code, "SignatureDoesNotMatch");

  HttpRequest get = Post("");
  get.method = "GET";
  get.target = "/?Action=DescribeReplicationGroups&Version=2015-02-02";
  Sign(get, "AKIDEXAMPLE", "right-secret");
  EXPECT_NO_THROW(v.Verify(get, "/", "Action=DescribeReplicationGroups&Version=2015-02-02",
                           kSignedAt));
  get.target += "&ReplicationGroupId=x";
  EXPECT_EQ(Refusal(v, get).code, "SignatureDoesNotMatch");
}

TEST(SignatureVerifier, UnknownKeysAreInvalidClientTokenId) {
  SignatureVerifier v(Keys());
  HttpRequest r = Post();
  Sign(r, "AKIDUNKNOWN", "right-secret");
  AwsError e = Refusal(v, r);
  EXPECT_EQ(e.code, "InvalidClientTokenId");
  EXPECT_EQ(e.http_status, 403);
  EXPECT_EQ(e.message(), "The security token included in the request is invalid.");
}

TEST(SignatureVerifier, UnsignedRequestsAreMissingAuthenticationToken) {
  SignatureVerifier v(Keys());
  AwsError e = Refusal(v, Post());
  EXPECT_EQ(e.code, "MissingAuthenticationToken");
  EXPECT_EQ(e.http_status, 403);
  EXPECT_EQ(e.message(), "Request is missing Authentication Token");
}

TEST(SignatureVerifier, OldOrFutureTimestampsAreRequestExpired) {
  SignatureVerifier v(Keys());
  HttpRequest r = Post();
  Sign(r, "AKIDEXAMPLE", "right-secret");
  for (int64_t skew : {16 * 60 * 1000, -16 * 60 * 1000}) {
    AwsError e = Refusal(v, r, kSignedAt + skew);
    EXPECT_EQ(e.code, "RequestExpired");
    EXPECT_EQ(e.http_status, 400);
    EXPECT_EQ(e.message().rfind("Request has expired.", 0), 0u) << e.message();
    EXPECT_NE(e.message().find(kAmzDate), std::string::npos) << e.message();
  }
}

TEST(SignatureVerifier, GarbledAuthorizationIsIncompleteSignature) {
  SignatureVerifier v(Keys());
  HttpRequest r = Post();
  r.headers.emplace_back("authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830");
  AwsError e = Refusal(v, r);
  EXPECT_EQ(e.code, "IncompleteSignature");
  EXPECT_EQ(e.http_status, 400);

  HttpRequest no_date = Post();
  no_date.headers.pop_back();  // x-amz-date
  Sign(no_date, "AKIDEXAMPLE", "right-secret", "elasticache", "20150830", {"content-type", "host"});
  EXPECT_EQ(Refusal(v, no_date).code, "IncompleteSignature");

  HttpRequest no_host = Post();
  Sign(no_host, "AKIDEXAMPLE", "right-secret", "elasticache", "20150830",
       {"content-type", "x-amz-date"});
  AwsError host = Refusal(v, no_host);
  EXPECT_EQ(host.code, "IncompleteSignature");
  EXPECT_NE(host.message().find("'Host'"), std::string::npos);
}

TEST(SignatureVerifier, TheScopeMustNameElastiCacheAndTheSigningDay) {
  SignatureVerifier v(Keys());
  HttpRequest service = Post();
  Sign(service, "AKIDEXAMPLE", "right-secret", "iam");
  AwsError e = Refusal(v, service);
  EXPECT_EQ(e.code, "SignatureDoesNotMatch");
  EXPECT_NE(e.message().find("scoped to correct service: 'elasticache'"), std::string::npos);

  HttpRequest day = Post();
  Sign(day, "AKIDEXAMPLE", "right-secret", "elasticache", "20150829");
  AwsError d = Refusal(v, day);
  EXPECT_EQ(d.code, "SignatureDoesNotMatch");
  EXPECT_NE(d.message().find("'20150829' != '20150830'"), std::string::npos) << d.message();
}

TEST(SignatureVerifier, PresignedUrlsAreCheckedAndExpire) {
  SignatureVerifier v(Keys());
  std::string query =
      "Action=DescribeReplicationGroups&Version=2015-02-02&X-Amz-Algorithm=AWS4-HMAC-SHA256"
      "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Feu-west-1%2Felasticache%2Faws4_request"
      "&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host";
  HttpRequest r;
  r.method = "GET";
  r.headers = {{"host", "127.0.0.1:4510"}};
  CredentialScope scope{"AKIDEXAMPLE", "20150830", "eu-west-1", "elasticache"};
  std::string canonical =
      CanonicalRequest("GET", "/", CanonicalQueryString(query, true),
                       CanonicalHeaders(r.headers, {"host"}), {"host"}, Sha256Hex(""));
  std::string signature =
      SigV4Signature("right-secret", scope, StringToSign(kAmzDate, scope, canonical));
  r.target = "/?" + query + "&X-Amz-Signature=" + signature;
  std::string signed_query = query + "&X-Amz-Signature=" + signature;
  EXPECT_EQ(v.Verify(r, "/", signed_query, kSignedAt + 30 * 1000).account, "123456789012");
  AwsError late = Refusal(v, r, kSignedAt + 61 * 1000);
  EXPECT_EQ(late.code, "RequestExpired");

  r.target = "/?" + query + "&X-Amz-Signature=00" + signature.substr(2);
  EXPECT_EQ(Refusal(v, r).code, "SignatureDoesNotMatch");
  r.target = "/?Action=X&X-Amz-Signature=00";
  EXPECT_EQ(Refusal(v, r).code, "IncompleteSignature");
}

TEST(Credentials, ParsesKeysAndRefusesBadFiles) {
  Credentials keys = Keys();
  EXPECT_EQ(keys.size(), 2u);
  ASSERT_NE(keys.Find("AKIDEXAMPLE"), nullptr);
  EXPECT_EQ(keys.Find("AKIDEXAMPLE")->secret, "right-secret");
  EXPECT_EQ(keys.Find("AKIDEXAMPLE")->account, "123456789012");
  EXPECT_EQ(keys.Find("nope"), nullptr);

  const std::string header = std::string(Credentials::kHeader) + "\n";
  auto refused = [&](const std::string& text, const std::string& fragment) {
    try {
      Credentials::Parse(text, "keys.csv");
      ADD_FAILURE() << "accepted: " << text;
    } catch (const CatalogError& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  refused(header, "no access keys");
  refused(header + "a,s,\na,t,\n", "keys.csv:3: access_key_id 'a' is listed twice");
  refused(header + "a,s,12345\n", "not 12 digits");
  refused(header + "a/b,s,\n", "may not contain");
  refused(header + "a,,\n", "secret_access_key");
  refused("key,secret\na,s\n", "keys.csv");
  EXPECT_THROW(Credentials::Load("/nonexistent/keys.csv"), CatalogError);
}

}  // namespace
}  // namespace ecl
