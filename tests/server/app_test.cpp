#include "server/app.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <regex>
#include <thread>
#include <vector>

#include "model/aws_error.h"
#include "server/crypto.h"
#include "server/sigv4.h"

namespace ecl {
namespace {

// Request lines would drown the test output.
const bool kQuietLogs = [] {
  spdlog::set_level(spdlog::level::warn);
  return true;
}();

// Records what the protocol layer would have received.
struct FakeApi {
  int calls = 0;
  QueryParams params;
  RequestContext ctx;
};

class AppTest : public ::testing::Test {
 protected:
  AppTest()
      : app_(
            [this](const QueryParams& params, const RequestContext& ctx) {
              ++api_.calls;
              api_.params = params;
              api_.ctx = ctx;
              HttpResponse r;
              r.body = "<Ok/>";
              r.headers.emplace_back("x-amzn-RequestId", ctx.request_id);
              return r;
            },
            clock_, [this] { ++resets_; }, IdentityDefaults{"999988887777", "eu-west-3"}) {}

  HttpResponse Call(std::string method, std::string target, std::string body = "",
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpRequest req;
    req.method = std::move(method);
    req.target = std::move(target);
    req.body = std::move(body);
    req.headers = std::move(headers);
    return app_.Handle(req);
  }

  HttpResponse PostForm(std::string body,
                        std::vector<std::pair<std::string, std::string>> extra = {}) {
    extra.emplace_back("content-type", "application/x-www-form-urlencoded; charset=utf-8");
    return Call("POST", "/", std::move(body), std::move(extra));
  }

  EmulatorClock clock_;
  FakeApi api_;
  int resets_ = 0;
  App app_;
};

// Which requests the transport queues for the one writer: API calls whose Action changes
// the state, told from the undecoded Action in the body or the query string.
TEST_F(AppTest, OnlyApiCallsThatChangeTheStateWaitForTheWriter) {
  auto waits = [&](std::string method, std::string target, std::string body = "") {
    HttpRequest req;
    req.method = std::move(method);
    req.target = std::move(target);
    req.body = std::move(body);
    return app_.WaitsForWriter(req);
  };
  EXPECT_TRUE(waits("POST", "/", "Version=2015-02-02&Action=CreateReplicationGroup&X=1"));
  EXPECT_TRUE(waits("POST", "/", "Action=ModifyCacheCluster"));
  EXPECT_TRUE(waits("GET", "/?Action=DeleteSnapshot&SnapshotName=s"));
  EXPECT_FALSE(waits("POST", "/", "Action=DescribeReplicationGroups&Version=2015-02-02"));
  EXPECT_FALSE(waits("POST", "/", "Action=ListTagsForResource"));
  EXPECT_FALSE(waits("GET", "/?Version=2015-02-02&Action=DescribeEvents"));
  EXPECT_FALSE(waits("POST", "/", "Version=2015-02-02"));           // no Action: an error
  EXPECT_FALSE(waits("POST", "/", "Action=&XAction=CreateSnapshot"));  // names compared whole
  EXPECT_FALSE(waits("POST", "/_admin/reset"));
  EXPECT_FALSE(waits("GET", "/health"));
}

// Writes that arrived together go to the group commit as one piece; when its commit fails,
// nothing of it was saved, so each request is handled again and answered as if alone.
TEST_F(AppTest, AGroupOfWritesSharesTheGroupCommitOrRunsAgainAlone) {
  std::vector<HttpRequest> writes(3);
  for (int i = 0; i < 3; ++i) {
    writes[i].method = "POST";
    writes[i].target = "/";
    writes[i].body = "Action=CreateCacheParameterGroup&N=" + std::to_string(i);
  }
  std::vector<const HttpRequest*> group;
  for (const auto& w : writes) group.push_back(&w);
  int groups = 0;
  bool commits = true;
  app_.SetGroupCommit([&](const std::function<void()>& calls) {
    ++groups;
    calls();
    return commits;
  });

  auto answers = app_.HandleGroup(group);
  EXPECT_EQ(groups, 1);
  EXPECT_EQ(api_.calls, 3);
  ASSERT_EQ(answers.size(), 3u);
  EXPECT_EQ(answers[2].body, "<Ok/>");
  EXPECT_EQ(api_.params.back().second, "2");  // handled in arrival order

  commits = false;
  answers = app_.HandleGroup(group);
  EXPECT_EQ(groups, 2);
  EXPECT_EQ(api_.calls, 3 + 3 + 3);  // in the group, then again alone
  ASSERT_EQ(answers.size(), 3u);
  // The answers are the second run's: their request ids are those of the last calls.
  EXPECT_EQ(answers[2].headers.front().second, api_.ctx.request_id);

  // One request is an ordinary call, with a commit of its own.
  app_.HandleGroup({group.front()});
  EXPECT_EQ(groups, 2);
  EXPECT_EQ(api_.calls, 10);
}

TEST_F(AppTest, HealthAnswersJson) {
  auto r = Call("GET", "/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, R"({"status":"ok","service":"elasticache","version":"0.1.0"})");
  EXPECT_EQ(Call("HEAD", "/health").status, 200);
  EXPECT_EQ(Call("GET", "/health?verbose=1").status, 200);
  EXPECT_EQ(Call("DELETE", "/health").status, 405);
  EXPECT_EQ(api_.calls, 0);
}

TEST_F(AppTest, ResetCallsTheCallback) {
  auto r = Call("POST", "/_admin/reset");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(resets_, 1);
  EXPECT_EQ(Call("GET", "/_admin/reset").status, 405);
  EXPECT_EQ(resets_, 1);
}

TEST_F(AppTest, ClockReportsNowAndOffset) {
  auto r = Call("GET", "/_admin/clock");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  std::smatch m;
  ASSERT_TRUE(std::regex_match(
      r.body, m,
      std::regex(
          R"re(\{"now":"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)","epoch_ms":(\d+),"offset_seconds":0\})re")))
      << r.body;
  EXPECT_NEAR(static_cast<double>(std::stoll(m[2])), static_cast<double>(clock_.Now().epoch_ms),
              5000);
}

TEST_F(AppTest, ClockIsoFormatMatchesEpoch) {
  clock_.Advance(-clock_.Now().epoch_ms);  // put "now" near the epoch
  auto body = Call("GET", "/_admin/clock").body;
  EXPECT_NE(body.find("\"now\":\"1970-01-01T00:00:0"), std::string::npos) << body;
}

TEST_F(AppTest, ClockAdvanceMovesTheEmulatorClock) {
  auto before = clock_.Now().epoch_ms;
  auto r = Call("POST", "/_admin/clock/advance?seconds=3600");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(clock_.OffsetMs(), 3'600'000);
  EXPECT_NE(r.body.find("\"offset_seconds\":3600}"), std::string::npos) << r.body;
  EXPECT_GE(clock_.Now().epoch_ms - before, 3'600'000);

  r = Call("POST", "/_admin/clock/advance?seconds=1.5");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(clock_.OffsetMs(), 3'601'500);
  EXPECT_NE(r.body.find("\"offset_seconds\":3601.500}"), std::string::npos) << r.body;

  r = Call("POST", "/_admin/clock/advance?seconds=0");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(clock_.OffsetMs(), 3'601'500);
}

TEST_F(AppTest, ClockAdvanceAcceptsAFormBody) {
  auto r = Call("POST", "/_admin/clock/advance", "seconds=10",
                {{"content-type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(clock_.OffsetMs(), 10'000);
}

TEST_F(AppTest, AFormBodysContentTypeIsReadWithoutRegardToCase) {
  auto r = Call("POST", "/_admin/clock/advance", "seconds=10",
                {{"content-type", "Application/X-WWW-Form-URLEncoded ; Charset=UTF-8"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(clock_.OffsetMs(), 10'000);
  // Another content type's body is not form parameters.
  r = Call("POST", "/_admin/clock/advance", "seconds=10", {{"content-type", "text/plain"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(clock_.OffsetMs(), 10'000);
}

TEST_F(AppTest, ClockAdvanceRejectsBadSeconds) {
  for (const char* q :
       {"seconds=-1", "seconds=abc", "seconds=", "seconds=inf", "seconds=nan", "seconds=1e3",
        "seconds=0x10", "seconds=1.2.3", "seconds=99999999999", "other=1", ""}) {
    auto r = Call("POST", std::string("/_admin/clock/advance?") + q);
    EXPECT_EQ(r.status, 400) << q;
    EXPECT_EQ(r.content_type, "application/json") << q;
    EXPECT_NE(r.body.find("\"error\""), std::string::npos) << q;
  }
  EXPECT_EQ(clock_.OffsetMs(), 0);
  EXPECT_EQ(Call("GET", "/_admin/clock/advance?seconds=1").status, 405);
}

TEST_F(AppTest, UnknownPathsAre404Json) {
  for (const char* path : {"/nope", "/_admin", "/_admin/clock/rewind", "/health/x"}) {
    auto r = Call("GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.content_type, "application/json");
  }
  EXPECT_EQ(api_.calls, 0);
}

TEST_F(AppTest, PostFormGoesToTheApiWithAContext) {
  auto r = PostForm("Action=DescribeReplicationGroups&Version=2015-02-02&MaxRecords=20");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<Ok/>");
  ASSERT_EQ(api_.calls, 1);
  QueryParams expected{
      {"Action", "DescribeReplicationGroups"}, {"Version", "2015-02-02"}, {"MaxRecords", "20"}};
  EXPECT_EQ(api_.params, expected);
  EXPECT_TRUE(std::regex_match(
      api_.ctx.request_id,
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << api_.ctx.request_id;
  EXPECT_EQ(api_.ctx.account, "999988887777");  // defaults: no Authorization header
  EXPECT_EQ(api_.ctx.region, "eu-west-3");
  EXPECT_NEAR(static_cast<double>(api_.ctx.now.epoch_ms),
              static_cast<double>(clock_.Now().epoch_ms), 5000);
}

TEST_F(AppTest, TheRequestCarriesTheEmulatorClock) {
  clock_.Advance(86'400'000);
  PostForm("Action=DescribeCacheClusters&Version=2015-02-02");
  EXPECT_NEAR(static_cast<double>(api_.ctx.now.epoch_ms),
              static_cast<double>(clock_.Now().epoch_ms), 5000);
}

TEST_F(AppTest, RequestIdsAreUnique) {
  PostForm("Action=A");
  std::string first = api_.ctx.request_id;
  PostForm("Action=A");
  EXPECT_NE(first, api_.ctx.request_id);
}

TEST_F(AppTest, IdentityComesFromTheCredentialScope) {
  PostForm("Action=A",
           {{"authorization",
             "AWS4-HMAC-SHA256 Credential=123456789012/20240101/ap-northeast-1/elasticache/"
             "aws4_request, SignedHeaders=host, Signature=00"}});
  EXPECT_EQ(api_.ctx.account, "123456789012");
  EXPECT_EQ(api_.ctx.region, "ap-northeast-1");

  PostForm("Action=A", {{"authorization",
                         "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-west-2/elasticache/"
                         "aws4_request, SignedHeaders=host, Signature=00"}});
  EXPECT_EQ(api_.ctx.account, "999988887777");
  EXPECT_EQ(api_.ctx.region, "us-west-2");
}

TEST_F(AppTest, GetQueryStringGoesToTheApi) {
  auto r = Call("GET", "/?Action=DescribeCacheClusters&Version=2015-02-02&ShowCacheNodeInfo=true");
  EXPECT_EQ(r.status, 200);
  QueryParams expected{{"Action", "DescribeCacheClusters"},
                       {"Version", "2015-02-02"},
                       {"ShowCacheNodeInfo", "true"}};
  EXPECT_EQ(api_.params, expected);
}

TEST_F(AppTest, QueryStringAndBodyAreMerged) {
  Call("POST", "/?Version=2015-02-02", "Action=ListTagsForResource&ResourceName=arn%3Ax",
       {{"content-type", "application/x-www-form-urlencoded"}});
  QueryParams expected{
      {"Version", "2015-02-02"}, {"Action", "ListTagsForResource"}, {"ResourceName", "arn:x"}};
  EXPECT_EQ(api_.params, expected);
}

TEST_F(AppTest, NonFormBodiesAreNotParsed) {
  Call("POST", "/?Action=A", "{\"Action\":\"B\"}", {{"content-type", "application/json"}});
  QueryParams expected{{"Action", "A"}};
  EXPECT_EQ(api_.params, expected);
}

TEST_F(AppTest, PresignedCredentialGivesIdentityAndIsNotAnApiParameter) {
  Call("GET",
       "/?Action=DescribeCacheClusters&Version=2015-02-02&X-Amz-Algorithm=AWS4-HMAC-SHA256"
       "&X-Amz-Credential=111122223333%2F20240101%2Fca-central-1%2Felasticache%2Faws4_request"
       "&X-Amz-Date=20240101T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host"
       "&X-Amz-Signature=abc");
  EXPECT_EQ(api_.ctx.account, "111122223333");
  EXPECT_EQ(api_.ctx.region, "ca-central-1");
  QueryParams expected{{"Action", "DescribeCacheClusters"}, {"Version", "2015-02-02"}};
  EXPECT_EQ(api_.params, expected);
}

TEST_F(AppTest, AbsoluteFormTargetsRouteByPath) {
  EXPECT_EQ(Call("GET", "http://localhost:4510/health").status, 200);
  Call("GET", "http://localhost:4510/?Action=A");
  EXPECT_EQ(api_.calls, 1);
}

TEST_F(AppTest, OtherMethodsOnTheApiPathAre405) {
  EXPECT_EQ(Call("PUT", "/?Action=A").status, 405);
  EXPECT_EQ(Call("DELETE", "/").status, 405);
  EXPECT_EQ(api_.calls, 0);
}

TEST(AppFailures, ThrowingApiIsA500NotACrash) {
  EmulatorClock clock;
  App app([](const QueryParams&,
             const RequestContext&) -> HttpResponse { throw std::logic_error("bug"); },
          clock, [] {});
  EXPECT_EQ(app.Handle(HttpRequest{"GET", "/?Action=A", {}, ""}).status, 500);
}

}  // namespace
}  // namespace ecl

namespace ecl {
namespace {

// An App with an admin token and signature checking, behind a fake API that counts calls.
struct GuardedApp {
  explicit GuardedApp(AccessControl access)
      : app(
            [this](const QueryParams&, const RequestContext& ctx) {
              ++calls;
              account = ctx.account;
              return HttpResponse{200, "text/xml", {}, "<Ok/>"};
            },
            clock, [this] { ++resets; }, IdentityDefaults{}, std::move(access)) {}
  EmulatorClock clock;
  int calls = 0;
  int resets = 0;
  std::string account;
  App app;
};

AccessControl Guarded() {
  AccessControl access;
  access.admin_token = "s3cret-token";
  access.verifier = std::make_shared<const SignatureVerifier>(Credentials::Parse(
      std::string(Credentials::kHeader) + "\nAKIDEXAMPLE,right,210987654321\n", "test"));
  access.wall_clock_ms = [] { return int64_t(1440938160000); };  // 20150830T123600Z
  return access;
}

TEST(AppAccess, AdminEndpointsNeedTheTokenAndHealthStaysOpen) {
  GuardedApp g(Guarded());
  for (const char* path : {"/_admin/reset", "/_admin/clock", "/_admin/clock/advance?seconds=1",
                           "/_admin/unknown", "/_admin"}) {
    auto refused = g.app.Handle(HttpRequest{"POST", path, {}, ""});
    EXPECT_EQ(refused.status, 401) << path;
    EXPECT_NE(refused.body.find("Unauthorized"), std::string::npos) << refused.body;
    auto wrong = g.app.Handle(
        HttpRequest{"POST", path, {{"authorization", "Bearer s3cret-tokeN"}}, ""});
    EXPECT_EQ(wrong.status, 401) << path;
  }
  EXPECT_EQ(g.resets, 0);
  auto ok = g.app.Handle(
      HttpRequest{"POST", "/_admin/reset", {{"authorization", "Bearer s3cret-token"}}, ""});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(g.resets, 1);
  EXPECT_EQ(g.app.Handle(HttpRequest{"GET", "/health", {}, ""}).status, 200);
}

TEST(AppAccess, WithoutATokenTheAdminEndpointsAreOpen) {
  GuardedApp g(AccessControl{});
  EXPECT_EQ(g.app.Handle(HttpRequest{"POST", "/_admin/reset", {}, ""}).status, 200);
}

TEST(AppAccess, UnsignedAndWronglySignedApiCallsNeverReachTheApi) {
  GuardedApp g(Guarded());
  HttpRequest unsigned_request{"POST", "/", {{"host", "h"}}, "Action=DescribeEvents"};
  auto r = g.app.Handle(unsigned_request);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("<Code>MissingAuthenticationToken</Code>"), std::string::npos) << r.body;
  HttpRequest wrong{"POST",
                    "/",
                    {{"host", "h"},
                     {"x-amz-date", "20150830T123600Z"},
                     {"authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/elasticache/"
                      "aws4_request, SignedHeaders=host;x-amz-date, Signature=00"}},
                    "Action=DescribeEvents"};
  r = g.app.Handle(wrong);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("<Code>SignatureDoesNotMatch</Code>"), std::string::npos) << r.body;
  EXPECT_EQ(g.calls, 0);
}

TEST(AppAccess, ARightlySignedCallRunsInTheAccountOfItsKey) {
  GuardedApp g(Guarded());
  HttpRequest req{"POST", "/", {{"host", "h"}, {"x-amz-date", "20150830T123600Z"}},
                  "Action=DescribeEvents"};
  CredentialScope scope{"AKIDEXAMPLE", "20150830", "us-east-1", "elasticache"};
  std::vector<std::string> names = {"host", "x-amz-date"};
  std::string canonical = CanonicalRequest("POST", "/", "", CanonicalHeaders(req.headers, names),
                                           names, Sha256Hex(req.body));
  req.headers.emplace_back(
      "authorization",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/elasticache/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=" +
          SigV4Signature("right", scope, StringToSign("20150830T123600Z", scope, canonical)));
  EXPECT_EQ(g.app.Handle(req).status, 200);
  EXPECT_EQ(g.calls, 1);
  EXPECT_EQ(g.account, "210987654321");
}

}  // namespace
}  // namespace ecl
