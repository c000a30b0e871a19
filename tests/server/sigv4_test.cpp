#include "server/sigv4.h"

#include <gtest/gtest.h>

#include "model/aws_error.h"
#include "server/crypto.h"

namespace ecl {
namespace {

// AWS's worked example of SigV4 (IAM ListUsers, the General Reference's "Signature Version 4
// signing process" pages): every intermediate value is published.
constexpr char kExampleSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const HeaderList kExampleHeaders = {
    {"content-type", "application/x-www-form-urlencoded; charset=utf-8"},
    {"host", "iam.amazonaws.com"},
    {"x-amz-date", "20150830T123600Z"}};
const std::vector<std::string> kExampleSigned = {"content-type", "host", "x-amz-date"};

TEST(SigV4, AwsWorkedExampleCanonicalRequestStringToSignAndSignature) {
  std::string canonical =
      CanonicalRequest("GET", CanonicalUri("/"),
                       CanonicalQueryString("Version=2010-05-08&Action=ListUsers", false),
                       CanonicalHeaders(kExampleHeaders, kExampleSigned), kExampleSigned,
                       Sha256Hex(""));
  EXPECT_EQ(canonical,
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
            "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
            "host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "content-type;host;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex(canonical),
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  CredentialScope scope{"AKIDEXAMPLE", "20150830", "us-east-1", "iam"};
  std::string to_sign = StringToSign("20150830T123600Z", scope, canonical);
  EXPECT_EQ(to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  EXPECT_EQ(SigV4Signature(kExampleSecret, scope, to_sign),
            "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(SigV4, ParsesTheAuthorizationHeader) {
  std::string problem;
  auto auth = ParseSigV4Authorization(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
      "SignedHeaders=content-type;Host;x-amz-date, Signature=5d672d79",
      problem);
  ASSERT_TRUE(auth) << problem;
  EXPECT_EQ(auth->scope.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(auth->scope.service, "iam");
  EXPECT_EQ(auth->signed_headers, (std::vector<std::string>{"content-type", "host", "x-amz-date"}));
  EXPECT_EQ(auth->signature, "5d672d79");
  // Without blanks after the commas, as some clients write it.
  EXPECT_TRUE(ParseSigV4Authorization(
      "AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request,SignedHeaders=host,Signature=00",
      problem));
}

TEST(SigV4, RefusesIncompleteHeadersSayingWhatIsMissing) {
  std::string problem;
  EXPECT_FALSE(ParseSigV4Authorization("AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request",
                                       problem));
  EXPECT_NE(problem.find("requires 'Signature' parameter"), std::string::npos) << problem;
  EXPECT_NE(problem.find("requires 'SignedHeaders' parameter"), std::string::npos) << problem;
  EXPECT_EQ(problem.find("requires 'Credential'"), std::string::npos) << problem;

  EXPECT_FALSE(ParseSigV4Authorization("Basic dXNlcjpwYXNz", problem));
  EXPECT_NE(problem.find("Unsupported AWS 'algorithm': 'Basic'"), std::string::npos) << problem;
  EXPECT_FALSE(ParseSigV4Authorization("", problem));
  EXPECT_FALSE(ParseSigV4Authorization(
      "AWS4-HMAC-SHA256 Credential=A/20150830/r, SignedHeaders=host, Signature=00", problem));
  EXPECT_NE(problem.find("Credential must have the form"), std::string::npos) << problem;
  EXPECT_FALSE(ParseSigV4Authorization(
      "AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request, SignedHeaders=;, Signature=00",
      problem));
}

TEST(SigV4, CanonicalQueryStringDecodesEncodesAndSorts) {
  EXPECT_EQ(CanonicalQueryString("b=2&a=%7e+x&a=1&c", false), "a=1&a=~%20x&b=2&c=");
  EXPECT_EQ(CanonicalQueryString("Tags.Tag.1.Value=a%2Fb%3D", false), "Tags.Tag.1.Value=a%2Fb%3D");
  EXPECT_EQ(CanonicalQueryString("X-Amz-Signature=ab&X-Amz-Date=1", true), "X-Amz-Date=1");
  EXPECT_EQ(CanonicalQueryString("", false), "");
  EXPECT_THROW(CanonicalQueryString("a=%zz", false), AwsError);
}

TEST(SigV4, CanonicalUriRemovesDotSegmentsAndEncodes) {
  EXPECT_EQ(CanonicalUri(""), "/");
  EXPECT_EQ(CanonicalUri("/"), "/");
  EXPECT_EQ(CanonicalUri("/a/./b/../c//d/"), "/a/c/d/");
  EXPECT_EQ(CanonicalUri("/a b/%41"), "/a%20b/%2541");
}

TEST(SigV4, CanonicalHeadersTrimJoinAndKeepTheSignedOrder) {
  HeaderList headers = {{"x-b", "  two   words "}, {"x-a", "1"}, {"x-b", "again"}, {"x-c", "no"}};
  EXPECT_EQ(CanonicalHeaders(headers, {"x-a", "x-b", "x-missing"}),
            "x-a:1\nx-b:two words,again\nx-missing:\n");
}

TEST(SigV4, ParsesAmzDates) {
  EXPECT_EQ(ParseAmzDate("20150830T123600Z"), 1440938160000);
  EXPECT_FALSE(ParseAmzDate("2015-08-30T12:36:00Z"));
  EXPECT_FALSE(ParseAmzDate("20151330T123600Z"));
  EXPECT_FALSE(ParseAmzDate("20150830T123600"));
  EXPECT_FALSE(ParseAmzDate(""));
}

TEST(Crypto, KnownDigestsAndConstantTimeEquality) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_TRUE(ConstantTimeEquals("same", "same"));
  EXPECT_FALSE(ConstantTimeEquals("same", "sane"));
  EXPECT_FALSE(ConstantTimeEquals("same", "same!"));
}

}  // namespace
}  // namespace ecl
