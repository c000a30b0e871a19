// elasticache-local: reads the settings, wires clock, service, dispatcher and app together,
// applies the fixture (--init), serves HTTP until SIGINT/SIGTERM, exits 0. When it cannot
// start: exit 2 for bad settings, 3 for a fixture that cannot be applied, 4 for a state file it
// refuses to use (left untouched), 5 for a data directory or state file it cannot write, 1 for
// anything else.
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <future>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "engines/data_plane.h"
#include "handlers/admin_overview.h"
#include "handlers/handler_registry.h"
#include "handlers/state_export.h"
#include "handlers/service.h"
#include "handlers/subnet_groups.h"
#include "model/clock.h"
#include "server/api_dispatcher.h"
#include "server/api_json.h"
#include "server/app.h"
#include "server/batched_log_sink.h"
#include "server/credentials_file.h"
#include "server/fixture.h"
#include "server/http_server.h"
#include "server/service_model.h"
#include "server/settings.h"
#include "storage/storage_error.h"

namespace {

constexpr int kExitCannotStart = 1;
constexpr int kExitBadSettings = 2;
constexpr int kExitBadFixture = 3;
constexpr int kExitUnusableState = 4;
constexpr int kExitStateNotWritable = 5;

// Request lines are written in batches by the sink's own thread (server/batched_log_sink.h):
// a slow terminal or pipe never holds up requests, and a request's line costs neither a
// system call nor a thread switch.
std::shared_ptr<ecl::BatchedLogSink> log_sink;

void SetUpLogging(const std::string& level) {
  auto sink = std::make_shared<ecl::BatchedLogSink>(STDOUT_FILENO);
  log_sink = sink;
  auto logger = std::make_shared<spdlog::logger>("elasticache-local", sink);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

// Writes the lines still waiting and stops the sink's thread.
void StopLogging() {
  spdlog::shutdown();
  log_sink.reset();
}

std::chrono::milliseconds Milliseconds(double seconds) {
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000.0));
}

ecl::DataPlaneOptions DataPlaneOptionsOf(const ecl::Settings& settings) {
  ecl::DataPlaneOptions o;
  o.redis_server = settings.redis_server;
  o.memcached = settings.memcached;
  o.ports = settings.engine_ports;
  o.endpoint_host = settings.endpoint_host;
  o.loopback_endpoints = settings.loopback_endpoints;
  o.bind_host = settings.host;
  o.persistent = !settings.in_memory;
  o.work_dir = settings.in_memory ? ecl::MakeTemporaryWorkDir()
                                  : (std::filesystem::path(settings.data_dir) / "engines").string();
  o.export_dir = settings.ExportDir();
  return o;
}

std::string UrlHost(const std::string& address) {
  return address.find(':') != std::string::npos ? "[" + address + "]" : address;
}

int Run(const ecl::Settings& settings) {
  // The service model parses on a thread of its own while the state and the catalogs load.
  auto service_model =
      std::async(std::launch::async, [] { return &ecl::ServiceModel::Embedded(); });
  if (!settings.in_memory) {
    std::error_code ec;
    std::filesystem::create_directories(settings.data_dir, ec);
    if (ec) {
      std::cerr << "elasticache-local: the data directory '" << settings.data_dir
                << "' cannot be created (" << ec.message()
                << "); use another --data-dir, or run with --in-memory.\n";
      return kExitStateNotWritable;
    }
  }

  ecl::EmulatorClock clock;
  ecl::ServiceOptions options;
  options.data_dir = settings.data_dir;
  options.in_memory = settings.in_memory;
  options.transition_seconds = settings.transition_seconds;
  options.default_account = settings.default_account;
  options.node_groups_per_replication_group_quota = settings.node_groups_quota;
  options.export_dir = settings.ExportDir();
  options.snapshot_quota = settings.snapshot_quota;
  options.reserved_offerings_file = settings.reserved_offerings_file;
  options.reserved_nodes_quota = settings.reserved_nodes_quota;
  options.cache_clusters_quota = settings.cache_clusters_quota;
  options.nodes_quota = settings.nodes_quota;
  options.nodes_per_cluster_quota = settings.nodes_per_cluster_quota;
  options.ec2_classic = settings.ec2_classic;
  options.cache_security_groups_quota = settings.cache_security_groups_quota;
  options.parameter_groups_quota = settings.parameter_groups_quota;
  options.user_quota = settings.user_quota;
  options.user_group_quota = settings.user_group_quota;
  options.users_per_user_group_quota = settings.users_per_user_group_quota;
  ecl::DataPlaneOptions data_plane_options;
  if (settings.data_plane) {
    data_plane_options = DataPlaneOptionsOf(settings);
    options.max_engines = settings.max_engines;
    options.snapshot_data_dir = data_plane_options.SnapshotDataDir();
  }
  options.serverless_cache_quota = settings.serverless_cache_quota;
  options.serverless_snapshots_per_day_quota = settings.serverless_snapshots_per_day_quota;
  options.network = ecl::LoadNetwork(settings.network_file);  // a bad file stops the server
  options.subnet_groups_quota = settings.subnet_groups_quota;
  options.subnets_per_subnet_group_quota = settings.subnets_per_subnet_group_quota;
  options.max_state_bytes = int64_t(settings.max_state_mib) * 1024 * 1024;
  ecl::Service service(options);
  // A stored record that cannot be read fails only the requests that touch it; say so loudly.
  service.SetWarningSink([](const std::string& message) { spdlog::error("state: {}", message); });

  ecl::HandlerRegistry registry;
  service.Register(registry);
  ecl::ApiDispatcher dispatcher(*service_model.get(), registry);
  ecl::AccessControl access;
  access.admin_token = settings.admin_token;
  if (settings.verify_signatures)
    access.verifier = std::make_shared<const ecl::SignatureVerifier>(
        ecl::Credentials::Load(settings.credentials_file));  // a bad file stops the server
  ecl::App app(
      dispatcher, clock, [&service] { service.Reset(); },
      ecl::IdentityDefaults{settings.default_account, settings.default_region}, access);
  // Writes that queue on the writer lane together share one commit.
  app.SetGroupCommit([&service](const std::function<void()>& calls) {
    return service.InOneCommit(calls);
  });
  // The dashboard's view of the state, read the way an API call reads it.
  app.AddAdminView("/_admin/overview", [&] {
    return ecl::ToJsonText(service.Inspect(clock.Now(), ecl::Overview));
  });
  // The state as a fixture a later start can begin from (--init).
  app.AddAdminView("/_admin/state", [&] {
    return ecl::ToJsonText(service.Inspect(clock.Now(), ecl::ExportState), /*pretty=*/true);
  });

  std::unique_ptr<ecl::DataPlane> data_plane;
  if (settings.data_plane) {
    data_plane = std::make_unique<ecl::DataPlane>(data_plane_options, service.catalogs());
    ecl::DataPlane& engines = *data_plane;
    // Engines follow every committed change; answers show where the engines answer.
    service.SetCommitObserver([&] { engines.Follow(ecl::ReadModelState(service)); });
    dispatcher.SetEndpointMapper(
        [&engines](const std::string& address) { return engines.MapEndpoint(address); });
    // A resharding shows its real slot migration and ends when the keys have moved.
    service.SetSlotMigrationSource(
        [&engines, &clock](const ecl::ResourceKey& group, ecl::Timestamp started_at)
            -> std::optional<ecl::RealSlotMigration> {
          auto m = engines.Migration(group.account, group.region, group.id);
          if (!m || m->started_ms != started_at.epoch_ms) return std::nullopt;
          ecl::RealSlotMigration real{m->percent, std::nullopt};
          if (m->finished_at)
            real.finished_at = ecl::Timestamp{
                std::chrono::duration_cast<std::chrono::milliseconds>(
                    m->finished_at->time_since_epoch()).count() + clock.OffsetMs()};
          return real;
        });
    // An engine that died: the model fails its node over or recovers it (through the service,
    // like any caller), and the engines follow; one due to start again just starts.
    engines.OnEnginesLost([&](const std::vector<ecl::EngineSpec>& died) {
      service.Exclusive([&] {
        if (died.empty()) return engines.Follow(ecl::ReadModelState(service));
        std::vector<ecl::LostEngine> lost;
        for (const auto& e : died)
          lost.push_back({e.account, e.region, e.cache_cluster_id, e.cache_node_id});
        service.ReportEnginesLost(lost, clock.Now());
      });
    });
    app.SetEnginesReport([&engines] { return engines.EnginesJson(); });
    app.SetCaCertificate(engines.CaPem());
    // Engines of the stored state come back before the first request is taken.
    service.Exclusive([&] { engines.Follow(ecl::ReadModelState(service)); });
  }

  // The fixture goes through the handlers like API calls (and, with the data plane on, the
  // engines follow each of them), serialized with the data plane's own reports.
  if (!settings.init_file.empty()) {
    try {
      ecl::FixtureOutcome outcome;
      service.Exclusive([&] {
        outcome = ecl::ApplyFixtureFile(
            settings.init_file, ecl::ServiceModel::Embedded(), registry, service,
            ecl::IdentityDefaults{settings.default_account, settings.default_region},
            clock.Now(), int64_t(settings.transition_seconds * 1000.0));
      });
      // Printed before the ready line, so scripts waiting for it have seen this too.
      log_sink->WaitWritten();
      std::printf("elasticache-local fixture %s: %d resources created, %d already there\n",
                  settings.init_file.c_str(), outcome.created, outcome.existing);
    } catch (const ecl::FixtureError& e) {
      std::cerr << "elasticache-local: fixture " << e.what() << "\n";
      return kExitBadFixture;
    }
  }

  ecl::HttpServerOptions server_options;
  server_options.host = settings.host;
  server_options.port = settings.port;
  server_options.threads = settings.threads;
  server_options.max_connections = static_cast<std::size_t>(settings.max_connections);
  server_options.header_limit = static_cast<std::uint32_t>(settings.max_header_bytes);
  server_options.body_limit = static_cast<std::size_t>(settings.max_body_bytes);
  server_options.idle_timeout = Milliseconds(settings.idle_timeout_seconds);
  server_options.request_timeout = Milliseconds(settings.request_timeout_seconds);
  ecl::HttpServer server(
      server_options, [&app](const ecl::HttpRequest& request) { return app.Handle(request); },
      ecl::WriterLane{
          [&app](const ecl::HttpRequest& request) { return app.WaitsForWriter(request); },
          [&app](const std::vector<const ecl::HttpRequest*>& requests) {
            return app.HandleGroup(requests);
          }});
  server.StopOnSignals();
  server.Start();

  // Scripts wait for this line (and read the port from it when started with --port 0).
  log_sink->WaitWritten();  // what was logged while starting comes first
  std::printf("elasticache-local listening on http://%s:%u\n", UrlHost(server.host()).c_str(),
              static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  spdlog::info("version {}; state {}; transition {}s; export dir {}; {} threads",
               ecl::kServerVersion,
               settings.in_memory ? std::string("in memory") : settings.data_dir,
               settings.transition_seconds, settings.ExportDir(), settings.threads);
  spdlog::info("signatures {}; admin endpoints {}",
               settings.verify_signatures ? "checked against " + settings.credentials_file
                                          : std::string("not checked"),
               settings.admin_token.empty() ? "open" : "need the admin token");
  if (settings.data_plane)
    spdlog::info("data plane on: engines on ports {}-{}, endpoints shown as {}, at most {} engines",
                 settings.engine_ports.first, settings.engine_ports.last,
                 settings.loopback_endpoints ? std::string("127.1.x.y on the API's ports")
                                             : settings.endpoint_host,
                 settings.max_engines);

  server.Wait();
  data_plane.reset();  // every engine stops with the emulator
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  ecl::LoadedSettings loaded;
  try {
    loaded = ecl::LoadSettings(std::vector<std::string>(argv + 1, argv + argc),
                               ecl::ProcessEnvironment());
  } catch (const ecl::SettingsError& e) {
    std::cerr << "elasticache-local: " << e.what() << "\n";
    return kExitBadSettings;
  }
  if (loaded.action == ecl::CommandLineAction::kHelp) {
    std::cout << ecl::UsageText();
    return 0;
  }
  if (loaded.action == ecl::CommandLineAction::kVersion) {
    std::cout << "elasticache-local " << ecl::kServerVersion << "\n";
    return 0;
  }

  SetUpLogging(loaded.settings.log_level);
  int code = kExitCannotStart;
  auto fail = [](const std::exception& e, int exit_code) {
    StopLogging();
    std::cerr << "elasticache-local: " << e.what() << "\n";
    return exit_code;
  };
  try {
    code = Run(loaded.settings);
  } catch (const ecl::UnusableStateFile& e) {
    return fail(e, kExitUnusableState);
  } catch (const ecl::StateNotWritable& e) {
    return fail(e, kExitStateNotWritable);
  } catch (const std::exception& e) {
    return fail(e, kExitCannotStart);
  }
  StopLogging();
  return code;
}
