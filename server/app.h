// App: the HTTP application behind the transport. Routes a plain HttpRequest to the health
// check, the admin endpoints (/_admin/reset, /_admin/clock, /_admin/clock/advance, the admin
// views such as /_admin/overview, the dashboard's page at /_admin/ui) or the AWS Query API at
// "/", and logs one line per request. Tests call Handle() without a socket.
// Thread-safe: API calls and resets are serialized with one mutex because the service and
// its store are single-threaded; /health and the clock need no lock.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "handlers/request_context.h"
#include "model/clock.h"
#include "server/api_dispatcher.h"
#include "server/http_types.h"
#include "server/request_identity.h"

namespace ecl {

inline constexpr char kServerVersion[] = "0.1.0";

class App {
 public:
  // The protocol layer: decoded parameters in, a complete HTTP response out.
  using ApiCall = std::function<HttpResponse(const QueryParams&, const RequestContext&)>;

  // `reset` empties all state.
  App(const ApiDispatcher& dispatcher, EmulatorClock& clock, std::function<void()> reset,
      IdentityDefaults identity = {});
  // The same with any ApiCall in place of the dispatcher (tests use a fake).
  App(ApiCall api, EmulatorClock& clock, std::function<void()> reset,
      IdentityDefaults identity = {});

  HttpResponse Handle(const HttpRequest& request);
  // GET `path` answers the JSON `view` returns, run under the service's serialization like an
  // API call (it reads the service's state). A view that throws answers 500.
  void AddAdminView(std::string path, std::function<std::string()> view);
  // GET /_admin/engines answers what `report` returns (JSON); without one, 404.
  void SetEnginesReport(std::function<std::string()> report) { engines_report_ = std::move(report); }
  // GET /_admin/ca.pem answers this certificate (the data plane's CA); without one, 404.
  void SetCaCertificate(std::string pem) { ca_pem_ = std::move(pem); }
  // Runs f in the service's serialization, for callers other than requests (the data plane
  // reporting an engine that died).
  void Serialized(const std::function<void()>& f);

 private:
  HttpResponse Route(const HttpRequest& request, const std::string& path, std::string_view query,
                     std::string& action_for_log, std::string& request_id);
  HttpResponse HandleApi(const HttpRequest& request, std::string_view query,
                         std::string& action_for_log, std::string& request_id);
  HttpResponse HandleAdminView(const std::function<std::string()>& view);
  HttpResponse HandleReset();
  HttpResponse HandleClockAdvance(const HttpRequest& request, std::string_view query);
  HttpResponse ClockJson() const;

  ApiCall api_;
  EmulatorClock& clock_;
  std::function<void()> reset_;
  IdentityDefaults identity_;
  std::map<std::string, std::function<std::string()>, std::less<>> admin_views_;
  std::function<std::string()> engines_report_;
  std::string ca_pem_;
  std::mutex service_mu_;  // the service and its store are single-threaded
};

}  // namespace ecl
