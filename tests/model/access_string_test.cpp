#include "model/access_string.h"

#include <gtest/gtest.h>

#include <string>

#include "model/aws_error.h"

namespace ecl {
namespace {

struct Canonical {
  std::string given;
  std::string shown;
  std::string minimum;
};

class AccessStringCanonicalForm : public ::testing::TestWithParam<Canonical> {};

TEST_P(AccessStringCanonicalForm, IsWhatElastiCacheShows) {
  const Canonical& c = GetParam();
  NormalizedAccessString n = NormalizeAccessString(c.given);
  EXPECT_EQ(n.text, c.shown) << c.given;
  EXPECT_EQ(n.minimum_redis_version, c.minimum) << c.given;
  // The canonical form is a fixed point, so a client that sends back what it read sees no
  // difference (Terraform plans no change).
  EXPECT_EQ(NormalizeAccessString(n.text).text, n.text);
}

INSTANTIATE_TEST_SUITE_P(
    Table, AccessStringCanonicalForm,
    ::testing::Values(
        // The default user and the User Guide's own examples.
        Canonical{"on ~* +@all", "on ~* +@all", "6.0"},
        Canonical{"~objects:* ~items:* ~public:*", "off ~objects:* ~items:* ~public:* -@all",
                  "6.0"},
        Canonical{"off +get ~keys*", "off ~keys* -@all +get", "6.0"},
        Canonical{"on ~keys* +get", "on ~keys* -@all +get", "6.0"},
        Canonical{"on ~app::* -@all +@read", "on ~app::* -@all +@read", "6.0"},
        // Terraform's acceptance-test string is already canonical.
        Canonical{"on ~app::* -@all +@read +@hash +@bitmap +@geo -setbit -bitfield -hset "
                  "-hsetnx -hmset -hincrby -hincrbyfloat -hdel -bitop -geoadd -georadius "
                  "-georadiusbymember",
                  "on ~app::* -@all +@read +@hash +@bitmap +@geo -setbit -bitfield -hset "
                  "-hsetnx -hmset -hincrby -hincrbyfloat -hdel -bitop -geoadd -georadius "
                  "-georadiusbymember",
                  "6.0"},
        // Appending "on ~* +@all" to a restricted user (AWS CLI modify-user example).
        Canonical{"on ~app::* -@all +@read on ~* +@all", "on ~* +@all", "6.0"},
        // Later rules replace earlier ones, keywords in any case.
        Canonical{"ON allkeys allcommands", "on ~* +@all", "6.0"},
        Canonical{"on ~a ~b resetkeys ~c nocommands +get -get", "on ~c -@all -get", "6.0"},
        Canonical{"on ~a* ~a*", "on ~a* -@all", "6.0"}, Canonical{"on ~* ~*", "on ~* -@all", "6.0"},
        Canonical{"on +@all -flushall -@dangerous", "on +@all -flushall -@dangerous", "6.0"},
        Canonical{"on +config|get", "on -@all +config|get", "6.0"},
        // Channels came with 6.2.
        Canonical{"on ~* &* +@all", "on ~* &* +@all", "6.2"},
        Canonical{"on ~* &news.* &chat +@all", "on ~* &news.* &chat +@all", "6.2"},
        Canonical{"on resetchannels +@all", "on resetchannels +@all", "6.2"},
        Canonical{"on allchannels", "on &* -@all", "6.2"},
        // Read/write key permissions, blocked subcommands and selectors came with 7.0.
        Canonical{"on %R~cache:* %W~queue:* %RW~app:* +@all",
                  "on %R~cache:* %W~queue:* ~app:* +@all", "7.0"},
        Canonical{"on %R~a %W~a", "on ~a -@all", "7.0"},
        Canonical{"on ~* +@all -config|set", "on ~* +@all -config|set", "7.0"},
        Canonical{"on ~* +@read (~write:* +set) (%W~log:*  +@write)",
                  "on ~* -@all +@read (~write:* -@all +set) (%W~log:* -@all +@write)", "7.0"},
        Canonical{"on (~a +get) clearselectors", "on -@all", "7.0"},
        Canonical{"on sanitize-payload ~* +@all", "on sanitize-payload ~* +@all", "6.0"},
        Canonical{"  on   ~*\t+@all  ", "on ~* +@all", "6.0"}));

class MalformedAccessString : public ::testing::TestWithParam<std::string> {};

TEST_P(MalformedAccessString, IsInvalidParameterValue) {
  try {
    NormalizeAccessString(GetParam());
    FAIL() << "accepted '" << GetParam() << "'";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "InvalidParameterValue");
    EXPECT_EQ(e.http_status, 400);
    EXPECT_NE(e.message().find("Invalid access string"), std::string::npos) << e.message();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, MalformedAccessString,
    ::testing::Values("", "   ", "on ~* +@nosuchcategory", "on foo", "on ~", "on &", "on %~a",
                      "on %X~a", "on %R", "on +", "on -@", "on +get|", "on +ge$t",
                      // passwords are set through the API only
                      "on nopass ~* +@all", "on >secret ~* +@all", "on <secret", "on #abcd",
                      "on !abcd", "on resetpass", "reset on ~* +@all",
                      // patterns after the all-pattern
                      "on ~* ~app:*", "on allkeys %R~x", "on &* &chat",
                      // selectors
                      "on (~a +get", "on (~a (+get))", "on (on ~a)", "on ~a)", "on (nopass)"));

TEST(AccessString, ErrorNeverRepeatsAPassword) {
  try {
    NormalizeAccessString("on >hunter2hunter2 ~* +@all");
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message().find("hunter2"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("'>...'"), std::string::npos) << e.message();
  }
}

TEST(AccessString, ErrorNamesTheRule) {
  try {
    NormalizeAccessString("on ~* +@all +@bogus");
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_NE(e.message().find("'+@bogus'"), std::string::npos) << e.message();
  }
}

}  // namespace
}  // namespace ecl
