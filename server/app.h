// App: the HTTP application behind the transport. Routes a plain HttpRequest to the health
// check, the admin endpoints (/_admin/reset, /_admin/clock, /_admin/clock/advance, the admin
// views such as /_admin/overview, the dashboard's page at /_admin/ui) or the AWS Query API at
// "/", and logs one line per request. Tests call Handle() without a socket.
// AccessControl decides who may call: an admin token for /_admin/* and SigV4 signatures for
// the API, each off unless configured; /health is always open.
// Thread-safe when its ApiCall is: the dispatcher's service serializes what touches the store
// itself, so the App holds no lock.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/request_context.h"
#include "model/clock.h"
#include "server/api_dispatcher.h"
#include "server/http_types.h"
#include "server/request_identity.h"
#include "server/signature_verifier.h"

namespace ecl {

inline constexpr char kServerVersion[] = "0.1.0";

// Who may call. Default: anyone.
struct AccessControl {
  std::string admin_token;  // non-empty: /_admin/* requires `Authorization: Bearer <token>`
  std::shared_ptr<const SignatureVerifier> verifier;  // set: API requests must be signed
  // The real time in ms for signature timestamps; the system clock when empty (tests inject).
  std::function<int64_t()> wall_clock_ms;
};

class App {
 public:
  // The protocol layer: decoded parameters in, a complete HTTP response out.
  using ApiCall = std::function<HttpResponse(const QueryParams&, const RequestContext&)>;

  // `reset` empties all state.
  App(const ApiDispatcher& dispatcher, EmulatorClock& clock, std::function<void()> reset,
      IdentityDefaults identity = {}, AccessControl access = {});
  // The same with any ApiCall in place of the dispatcher (tests use a fake).
  App(ApiCall api, EmulatorClock& clock, std::function<void()> reset,
      IdentityDefaults identity = {}, AccessControl access = {});

  HttpResponse Handle(const HttpRequest& request);
  // Handles write requests that arrived together (the transport's writer lane), in order:
  // with a group commit set, their API calls share one commit, and each is answered (and
  // logged) after it.
  std::vector<HttpResponse> HandleGroup(const std::vector<const HttpRequest*>& requests);
  // Runs the calls it is given so that they share one commit; false when that commit failed
  // and nothing of them was saved (Service::InOneCommit).
  using GroupCommit = std::function<bool(const std::function<void()>& calls)>;
  void SetGroupCommit(GroupCommit group_commit) { group_commit_ = std::move(group_commit); }
  // Whether `request` is an API call that changes the state (an Action that does not only
  // read): it waits for the one writer, so the transport handles it on its writer lane. Looks
  // at the Action alone, undecoded; a request it cannot tell is not one.
  bool WaitsForWriter(const HttpRequest& request) const;
  // GET `path` answers the JSON `view` returns (views read the service's state through the
  // service, which serializes them with API calls). A view that throws answers 500.
  void AddAdminView(std::string path, std::function<std::string()> view);
  // GET /_admin/engines answers what `report` returns (JSON); without one, 404.
  void SetEnginesReport(std::function<std::string()> report) { engines_report_ = std::move(report); }
  // GET /_admin/ca.pem answers this certificate (the data plane's CA); without one, 404.
  void SetCaCertificate(std::string pem) { ca_pem_ = std::move(pem); }

 private:
  // A request's answer, with what its log line shows.
  struct Answered {
    HttpResponse response;
    std::chrono::steady_clock::time_point start;
    std::string path;
    std::string_view query;
    std::string action;
    std::string request_id = "-";
  };
  Answered Answer(const HttpRequest& request);
  void Log(const HttpRequest& request, const Answered& answered) const;
  HttpResponse Route(const HttpRequest& request, const std::string& path, std::string_view query,
                     std::string& action_for_log, std::string& request_id);
  HttpResponse HandleApi(const HttpRequest& request, const std::string& path,
                         std::string_view query, std::string& action_for_log,
                         std::string& request_id);
  bool AdminAllowed(const HttpRequest& request) const;
  HttpResponse HandleAdminView(const std::function<std::string()>& view);
  HttpResponse HandleReset();
  HttpResponse HandleClockAdvance(const HttpRequest& request, std::string_view query);
  HttpResponse ClockJson() const;

  ApiCall api_;
  EmulatorClock& clock_;
  std::function<void()> reset_;
  GroupCommit group_commit_;
  IdentityDefaults identity_;
  AccessControl access_;
  std::map<std::string, std::function<std::string()>, std::less<>> admin_views_;
  std::function<std::string()> engines_report_;
  std::string ca_pem_;
};

}  // namespace ecl
