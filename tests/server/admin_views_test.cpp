// The admin views and the dashboard's files: GET only, JSON from the view under the service's
// serialization, the page and its assets embedded and free of anything from the network.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <regex>

#include "server/app.h"
#include "server/dashboard_assets.h"

namespace ecl {
namespace {

const bool kQuietAdminLogs = [] {
  spdlog::set_level(spdlog::level::warn);
  return true;
}();

class AdminViewsTest : public ::testing::Test {
 protected:
  AdminViewsTest()
      : app_([](const QueryParams&, const RequestContext&) { return HttpResponse{}; }, clock_,
             [] {}) {}

  HttpResponse Call(std::string method, std::string target) {
    HttpRequest req;
    req.method = std::move(method);
    req.target = std::move(target);
    return app_.Handle(req);
  }

  EmulatorClock clock_;
  App app_;
};

TEST_F(AdminViewsTest, AViewAnswersItsJsonOnGetOnly) {
  int calls = 0;
  app_.AddAdminView("/_admin/overview", [&] {
    ++calls;
    return std::string(R"({"scopes":[]})");
  });
  auto r = Call("GET", "/_admin/overview?x=1");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, R"({"scopes":[]})");
  auto post = Call("POST", "/_admin/overview");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(Call("GET", "/_admin/nothing").status, 404);
}

TEST_F(AdminViewsTest, AViewThatThrowsIsA500NotACrash) {
  app_.AddAdminView("/_admin/state", []() -> std::string { throw std::runtime_error("boom"); });
  auto r = Call("GET", "/_admin/state");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("boom"), std::string::npos);
  EXPECT_EQ(Call("GET", "/health").status, 200);  // the lock was released
}

TEST_F(AdminViewsTest, ThePageAndItsFilesAreServedFromTheBinary) {
  for (const char* path : {"/_admin/ui", "/_admin/ui/"}) {
    auto page = Call("GET", path);
    EXPECT_EQ(page.status, 200) << path;
    EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
    EXPECT_NE(page.body.find("<script src=\"/_admin/ui/dashboard.js\">"), std::string::npos);
  }
  auto script = Call("GET", "/_admin/ui/dashboard.js");
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(script.body.find("/_admin/overview"), std::string::npos);
  EXPECT_NE(script.body.find("/_admin/clock/advance"), std::string::npos);
  EXPECT_EQ(Call("GET", "/_admin/ui/dashboard.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(Call("POST", "/_admin/ui").status, 405);
  EXPECT_EQ(Call("GET", "/_admin/ui/other.js").status, 404);
}

TEST_F(AdminViewsTest, NothingIsLoadedFromTheNetwork) {
  // No CDN: every file the page refers to is one of ours.
  const std::regex remote(R"((src|href)\s*=\s*["']?(https?:)?//)", std::regex::icase);
  for (const char* path : {"/_admin/ui", "/_admin/ui/dashboard.js", "/_admin/ui/dashboard.css"}) {
    const DashboardAsset* asset = FindDashboardAsset(path);
    ASSERT_NE(asset, nullptr) << path;
    std::string body(asset->body);
    EXPECT_FALSE(std::regex_search(body, remote)) << path;
    EXPECT_EQ(body.find("https://"), std::string::npos) << path;
    EXPECT_EQ(body.find("@import"), std::string::npos) << path;
  }
}

}  // namespace
}  // namespace ecl
