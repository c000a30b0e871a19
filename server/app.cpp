#include "server/app.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "model/aws_error.h"
#include "server/crypto.h"
#include "server/dashboard_assets.h"
#include "server/header_text.h"
#include "server/query_params.h"
#include "server/request_id.h"

namespace ecl {
namespace {

constexpr char kJson[] = "application/json";
// A clock advance beyond a few decades is certainly a mistake and risks overflow.
constexpr double kMaxAdvanceSeconds = 1e9;

HttpResponse Json(int status, const boost::json::object& body) {
  HttpResponse r;
  r.status = status;
  r.content_type = kJson;
  r.body = boost::json::serialize(body);
  return r;
}

HttpResponse JsonError(int status, const std::string& code, const std::string& message) {
  return Json(status, {{"error", code}, {"message", message}});
}

HttpResponse MethodNotAllowed(const HttpRequest& req, const std::string& path,
                              const std::string& allow) {
  auto r = JsonError(405, "MethodNotAllowed", req.method + " is not allowed on " + path);
  r.headers.emplace_back("Allow", allow);
  return r;
}

bool IsFormContentType(const std::string& content_type) {
  std::string lower;
  for (char c : content_type) {
    if (c == ';') break;
    if (c != ' ' && c != '\t')
      lower += AsciiLower(c);
  }
  return lower == "application/x-www-form-urlencoded";
}

// Parameters a presigned URL adds for authentication; they are not API parameters.
bool IsPresignParameter(const std::string& name) {
  return name == "X-Amz-Algorithm" || name == "X-Amz-Credential" || name == "X-Amz-Date" ||
         name == "X-Amz-Expires" || name == "X-Amz-SignedHeaders" || name == "X-Amz-Signature" ||
         name == "X-Amz-Security-Token";
}

// Query string first, then a form body; both as the codec decodes them.
QueryParams MergedParams(const HttpRequest& req, std::string_view query) {
  QueryParams params = ParseUrlEncoded(query);
  if (!req.body.empty()) {
    std::string content_type = req.Header("content-type");
    if (content_type.empty() || IsFormContentType(content_type)) {
      QueryParams body = ParseUrlEncoded(req.body);
      params.insert(params.end(), std::make_move_iterator(body.begin()),
                    std::make_move_iterator(body.end()));
    }
  }
  return params;
}

std::string ParamOrEmpty(const QueryParams& params, std::string_view name) {
  const std::string* v = FindParam(params, name);
  return v ? *v : std::string();
}

// Splits an origin-form or absolute-form target into path and query string.
void SplitTarget(std::string_view target, std::string& path, std::string_view& query) {
  if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0) {
    auto authority = target.find("//") + 2;
    auto slash = target.find_first_of("/?", authority);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  auto q = target.find('?');
  path = std::string(target.substr(0, q));
  query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  if (path.empty()) path = "/";
}

std::string FormatLatency(std::chrono::microseconds us) {
  if (us.count() < 1000) return std::to_string(us.count()) + "us";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fms", static_cast<double>(us.count()) / 1000.0);
  return buf;
}

}  // namespace

App::App(const ApiDispatcher& dispatcher, EmulatorClock& clock, std::function<void()> reset,
         IdentityDefaults identity, AccessControl access)
    : App([&dispatcher](const QueryParams& params,
                        const RequestContext& ctx) { return dispatcher.Dispatch(params, ctx); },
          clock, std::move(reset), std::move(identity), std::move(access)) {}

App::App(ApiCall api, EmulatorClock& clock, std::function<void()> reset, IdentityDefaults identity,
         AccessControl access)
    : api_(std::move(api)),
      clock_(clock),
      reset_(std::move(reset)),
      identity_(std::move(identity)),
      access_(std::move(access)) {
  if (!access_.wall_clock_ms)
    access_.wall_clock_ms = [] {
      return static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count());
    };
}

HttpResponse App::Handle(const HttpRequest& request) {
  Answered answered = Answer(request);
  Log(request, answered);
  return std::move(answered.response);
}

std::vector<HttpResponse> App::HandleGroup(const std::vector<const HttpRequest*>& requests) {
  std::vector<Answered> answered(requests.size());
  auto answer_all = [&] {
    for (std::size_t i = 0; i < requests.size(); ++i) answered[i] = Answer(*requests[i]);
  };
  // Nothing is sent before the commit, so when the shared one fails (the state is full),
  // each request is handled again with a commit of its own and answers as if alone.
  if (requests.size() < 2 || !group_commit_ || !group_commit_(answer_all)) answer_all();
  std::vector<HttpResponse> responses;
  responses.reserve(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    Log(*requests[i], answered[i]);
    responses.push_back(std::move(answered[i].response));
  }
  return responses;
}

App::Answered App::Answer(const HttpRequest& request) {
  Answered a;
  a.start = std::chrono::steady_clock::now();
  SplitTarget(request.target, a.path, a.query);
  try {
    a.response = Route(request, a.path, a.query, a.action, a.request_id);
  } catch (const std::exception& e) {
    // Only reachable through a bug or a failing callback; never take the server down.
    spdlog::error("{} {} failed: {} (request {})", request.method, a.path, e.what(),
                  a.request_id);
    a.response = JsonError(500, "InternalFailure", e.what());
  }
  return a;
}

void App::Log(const HttpRequest& request, const Answered& a) const {
  auto latency = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - a.start);
  // Health checks arrive every few seconds from orchestrators; keep them out of info logs.
  auto level = a.path == "/health" ? spdlog::level::debug : spdlog::level::info;
  spdlog::log(level, "{} {} action={} status={} latency={} request_id={}", request.method, a.path,
              a.action.empty() ? "-" : a.action, a.response.status, FormatLatency(latency),
              a.request_id);
}

bool App::WaitsForWriter(const HttpRequest& request) const {
  std::string path;
  std::string_view query;
  SplitTarget(request.target, path, query);
  if (path != "/") return false;
  auto action = FindEncodedParam(query, "Action");
  if (!action) action = FindEncodedParam(request.body, "Action");
  return action && !action->empty() && !OnlyReads(*action);
}

HttpResponse App::Route(const HttpRequest& req, const std::string& path, std::string_view query,
                        std::string& action, std::string& request_id) {
  const bool get = req.method == "GET" || req.method == "HEAD";
  const bool post = req.method == "POST";
  if (path == "/") {
    if (!(req.method == "GET" || post)) return MethodNotAllowed(req, path, "GET, POST");
    return HandleApi(req, path, query, action, request_id);
  }
  if (path == "/health") {
    if (!get) return MethodNotAllowed(req, path, "GET, HEAD");
    return Json(200, {{"status", "ok"}, {"service", "elasticache"}, {"version", kServerVersion}});
  }
  // Every admin path, known or not, so an unknown one tells a stranger nothing.
  if ((path == "/_admin" || path.rfind("/_admin/", 0) == 0) && !AdminAllowed(req)) {
    action = "admin:refused";
    auto r = JsonError(401, "Unauthorized",
                       "The admin endpoints require the header 'Authorization: Bearer <token>' "
                       "with the server's admin token");
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"elasticache-local admin\"");
    return r;
  }
  if (auto view = admin_views_.find(path); view != admin_views_.end()) {
    action = "admin:" + path.substr(path.rfind('/') + 1);
    if (!get) return MethodNotAllowed(req, path, "GET");
    return HandleAdminView(view->second);
  }
  if (const DashboardAsset* asset = FindDashboardAsset(path)) {
    action = "admin:ui";
    if (!get) return MethodNotAllowed(req, path, "GET");
    HttpResponse r;
    r.content_type = std::string(asset->content_type);
    r.body = std::string(asset->body);
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
  }
  if (path == "/_admin/reset") {
    action = "admin:reset";
    if (!post) return MethodNotAllowed(req, path, "POST");
    return HandleReset();
  }
  if (path == "/_admin/clock") {
    action = "admin:clock";
    if (!get) return MethodNotAllowed(req, path, "GET");
    return ClockJson();
  }
  if (path == "/_admin/clock/advance") {
    action = "admin:clock-advance";
    if (!post) return MethodNotAllowed(req, path, "POST");
    return HandleClockAdvance(req, query);
  }
  if (path == "/_admin/ca.pem" && !ca_pem_.empty()) {
    action = "admin:ca";
    if (!get) return MethodNotAllowed(req, path, "GET");
    HttpResponse r;
    r.content_type = "application/x-pem-file";
    r.body = ca_pem_;
    return r;
  }
  if (path == "/_admin/engines" && engines_report_) {
    action = "admin:engines";
    if (!get) return MethodNotAllowed(req, path, "GET");
    HttpResponse r;
    r.content_type = kJson;
    r.body = engines_report_();
    return r;
  }
  return JsonError(404, "NotFound", "No route for " + req.method + " " + path);
}

bool App::AdminAllowed(const HttpRequest& req) const {
  if (access_.admin_token.empty()) return true;
  return ConstantTimeEquals(req.Header("authorization"), "Bearer " + access_.admin_token);
}

HttpResponse App::HandleApi(const HttpRequest& req, const std::string& path,
                            std::string_view query, std::string& action,
                            std::string& request_id) {
  request_id = NewRequestId();
  QueryParams params;
  VerifiedCaller caller;
  try {
    params = MergedParams(req, query);
    action = ParamOrEmpty(params, "Action");
    if (access_.verifier) caller = access_.verifier->Verify(req, path, query, access_.wall_clock_ms());
  } catch (const AwsError& e) {
    return AwsErrorResponse(e, request_id);
  }

  std::string presigned_credential = ParamOrEmpty(params, "X-Amz-Credential");
  RequestIdentity identity =
      ResolveIdentity(req.Header("authorization"), presigned_credential, identity_);
  std::erase_if(params, [](const auto& p) { return IsPresignParameter(p.first); });

  RequestContext ctx;
  ctx.request_id = request_id;
  // The credentials file may place a key in an account of its own.
  ctx.account = caller.account.empty() ? std::move(identity.account) : caller.account;
  ctx.region = std::move(identity.region);
  ctx.now = clock_.Now();
  // Not serialized here: the service holds its own lock only while the call touches the store,
  // so parsing, decoding and serializing of other requests go on meanwhile (--threads).
  return api_(params, ctx);
}

void App::AddAdminView(std::string path, std::function<std::string()> view) {
  admin_views_[std::move(path)] = std::move(view);
}

HttpResponse App::HandleAdminView(const std::function<std::string()>& view) {
  HttpResponse r;
  r.content_type = kJson;
  r.body = view();
  return r;
}

HttpResponse App::HandleReset() {
  if (reset_) reset_();
  return Json(200, {{"status", "reset"}});
}

HttpResponse App::HandleClockAdvance(const HttpRequest& req, std::string_view query) {
  QueryParams params;
  try {
    params = MergedParams(req, query);
  } catch (const AwsError& e) {
    return JsonError(400, "InvalidParameter", e.message());
  }
  bool present = false;
  std::string text;
  for (const auto& [k, v] : params)
    if (k == "seconds") {
      present = true;
      text = v;
    }
  if (!present)
    return JsonError(400, "MissingParameter", "The query parameter seconds is required");

  // Plain decimal only: strtod would also take "inf", "nan", hex and leading signs.
  double seconds = -1;
  if (!text.empty() && text.find_first_not_of("0123456789.") == std::string::npos) {
    char* end = nullptr;
    seconds = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) seconds = -1;
  }
  if (!(seconds >= 0 && seconds <= kMaxAdvanceSeconds))
    return JsonError(
        400, "InvalidParameter",
        "seconds must be a non-negative number of at most 1000000000, got '" + text + "'");
  clock_.Advance(static_cast<int64_t>(std::llround(seconds * 1000.0)));
  return ClockJson();
}

HttpResponse App::ClockJson() const {
  Timestamp now = clock_.Now();
  int64_t offset_ms = clock_.OffsetMs();
  // Built by hand: Boost.JSON prints doubles as "3.6E3", which is valid but unfriendly.
  char offset[48];
  if (offset_ms % 1000 == 0)
    std::snprintf(offset, sizeof offset, "%lld", static_cast<long long>(offset_ms / 1000));
  else
    std::snprintf(offset, sizeof offset, "%.3f", static_cast<double>(offset_ms) / 1000.0);
  HttpResponse r;
  r.content_type = kJson;
  r.body = "{\"now\":\"" + FormatIso8601(now) + "\",\"epoch_ms\":" + std::to_string(now.epoch_ms) +
           ",\"offset_seconds\":" + offset + "}";
  return r;
}

}  // namespace ecl
