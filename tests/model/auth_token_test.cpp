#include "model/auth_token.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "model/aws_error.h"

namespace ecl {
namespace {

struct TokenCase {
  std::string token;
  bool valid;
};

class AuthTokenTest : public ::testing::TestWithParam<TokenCase> {};

TEST_P(AuthTokenTest, LengthAndCharacterSet) {
  const TokenCase& c = GetParam();
  EXPECT_EQ(IsValidAuthToken(c.token), c.valid) << c.token;
  if (c.valid) {
    EXPECT_NO_THROW(ValidateAuthToken(c.token));
    EXPECT_NO_THROW(ValidateAuthTokenForGroup(c.token, true));
    return;
  }
  try {
    ValidateAuthToken(c.token);
    FAIL() << "accepted " << c.token;
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "InvalidParameterValue");
    EXPECT_EQ(e.http_status, 400);
    EXPECT_EQ(e.message(), "Invalid AuthToken provided.");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, AuthTokenTest,
    ::testing::Values(TokenCase{"abcdefghijklmnop", true}, TokenCase{"abcdefghijklmno", false},
                      TokenCase{std::string(128, 'Z'), true},
                      TokenCase{std::string(129, 'Z'), false}, TokenCase{"", false},
                      TokenCase{"Secret123!&#$^<>-", true}, TokenCase{"0123456789ABCDEF", true},
                      TokenCase{"abcdefghijklmnop/", false}, TokenCase{"abcdefghijklmnop\"", false},
                      TokenCase{"abcdefghijklmnop@", false}, TokenCase{"abcdefgh ijklmnop", false},
                      TokenCase{"abcdefghijklmnop%", false}, TokenCase{"abcdefghijklmnop*", false},
                      TokenCase{"abcdefghijklmnop\t", false},
                      TokenCase{"abcdefghijklmnop\xc3\xa9", false}));

TEST(AuthTokenForGroupTest, RequiresInTransitEncryption) {
  EXPECT_NO_THROW(ValidateAuthTokenForGroup(std::nullopt, false));
  EXPECT_NO_THROW(ValidateAuthTokenForGroup(std::nullopt, true));
  for (std::string token : {"abcdefghijklmnop", "bad"}) {
    try {
      ValidateAuthTokenForGroup(token, false);
      FAIL();
    } catch (const AwsError& e) {
      EXPECT_EQ(e.code, "InvalidParameterValue");
      EXPECT_EQ(e.message(),
                "The AUTH token is only supported when encryption-in-transit is enabled");
    }
  }
  try {
    ValidateAuthTokenForGroup(std::string("short"), true);
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message(), "Invalid AuthToken provided.");
  }
}

}  // namespace
}  // namespace ecl
