#include "server/request_identity.h"

#include <gtest/gtest.h>

namespace ecl {
namespace {

const IdentityDefaults kDefaults{"000000000000", "us-east-1"};

std::string Header(const std::string& credential) {
  return "AWS4-HMAC-SHA256 Credential=" + credential +
         ", SignedHeaders=content-type;host;x-amz-date, Signature=abcdef0123";
}

TEST(CredentialScope, ParsesAllFiveParts) {
  auto scope = ParseCredentialScope("AKIDEXAMPLE/20240101/eu-west-1/elasticache/aws4_request");
  ASSERT_TRUE(scope);
  EXPECT_EQ(scope->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(scope->date, "20240101");
  EXPECT_EQ(scope->region, "eu-west-1");
  EXPECT_EQ(scope->service, "elasticache");
}

TEST(CredentialScope, RejectsWrongShapes) {
  EXPECT_FALSE(ParseCredentialScope(""));
  EXPECT_FALSE(ParseCredentialScope("AKID/20240101/us-east-1/elasticache"));
  EXPECT_FALSE(ParseCredentialScope("AKID/20240101/us-east-1/elasticache/aws4_request/x"));
  EXPECT_FALSE(ParseCredentialScope("AKID/20240101//elasticache/aws4_request"));
  EXPECT_FALSE(ParseCredentialScope("AKID/20240101/us-east-1/elasticache/aws3_request"));
}

TEST(AuthorizationHeader, FindsCredentialAmongComponents) {
  auto scope =
      ParseAuthorizationHeader(Header("AKID/20240101/ap-south-1/elasticache/aws4_request"));
  ASSERT_TRUE(scope);
  EXPECT_EQ(scope->region, "ap-south-1");
  // Some signers put no space after the commas or order the parts differently.
  scope = ParseAuthorizationHeader(
      "AWS4-HMAC-SHA256 SignedHeaders=host,Signature=ab,"
      "Credential=AKID/20240101/us-west-2/elasticache/aws4_request");
  ASSERT_TRUE(scope);
  EXPECT_EQ(scope->region, "us-west-2");
  EXPECT_FALSE(ParseAuthorizationHeader("Basic dXNlcjpwYXNz"));
  EXPECT_FALSE(ParseAuthorizationHeader("AWS4-HMAC-SHA256 Credential=garbage, Signature=x"));
}

TEST(ResolveIdentity, TwelveDigitAccessKeyIsTheAccount) {
  auto id = ResolveIdentity(Header("123456789012/20240101/eu-central-1/elasticache/aws4_request"),
                            "", kDefaults);
  EXPECT_EQ(id.account, "123456789012");
  EXPECT_EQ(id.region, "eu-central-1");
}

TEST(ResolveIdentity, OtherAccessKeysUseTheDefaultAccount) {
  for (const char* key :
       {"AKIAIOSFODNN7EXAMPLE", "test", "12345678901", "1234567890123", "12345678901a"}) {
    auto id = ResolveIdentity(
        Header(std::string(key) + "/20240101/us-west-1/elasticache/aws4_request"), "", kDefaults);
    EXPECT_EQ(id.account, "000000000000") << key;
    EXPECT_EQ(id.region, "us-west-1") << key;
  }
}

TEST(ResolveIdentity, NoOrGarbledHeaderGivesDefaults) {
  IdentityDefaults custom{"111122223333", "eu-north-1"};
  for (const char* header : {"", "nonsense", "AWS4-HMAC-SHA256",
                             "AWS4-HMAC-SHA256 Credential=", "AWS4-HMAC-SHA256 Credential=a/b/c"}) {
    auto id = ResolveIdentity(header, "", custom);
    EXPECT_EQ(id.account, "111122223333") << header;
    EXPECT_EQ(id.region, "eu-north-1") << header;
  }
}

TEST(ResolveIdentity, ImplausibleRegionFallsBackButAccountIsKept) {
  auto id = ResolveIdentity(Header("123456789012/20240101/US<East>/elasticache/aws4_request"), "",
                            kDefaults);
  EXPECT_EQ(id.account, "123456789012");
  EXPECT_EQ(id.region, "us-east-1");
}

TEST(ResolveIdentity, PresignedCredentialIsUsedWithoutHeader) {
  auto id =
      ResolveIdentity("", "210987654321/20240101/sa-east-1/elasticache/aws4_request", kDefaults);
  EXPECT_EQ(id.account, "210987654321");
  EXPECT_EQ(id.region, "sa-east-1");
}

TEST(ResolveIdentity, HeaderWinsOverPresignedCredential) {
  auto id = ResolveIdentity(Header("123456789012/20240101/eu-west-2/elasticache/aws4_request"),
                            "210987654321/20240101/sa-east-1/elasticache/aws4_request", kDefaults);
  EXPECT_EQ(id.account, "123456789012");
  EXPECT_EQ(id.region, "eu-west-2");
}

TEST(IsAccountId, ExactlyTwelveDigits) {
  EXPECT_TRUE(IsAccountId("000000000000"));
  EXPECT_FALSE(IsAccountId("00000000000"));
  EXPECT_FALSE(IsAccountId("0000000000000"));
  EXPECT_FALSE(IsAccountId("00000000000x"));
}

}  // namespace
}  // namespace ecl
