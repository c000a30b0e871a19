// Fixtures: a JSON file of resources the emulator creates at start (--init FILE), and the
// same format GET /_admin/state writes, so a state built by hand becomes a fixture.
//
//   {"format_version": 1,
//    "scopes": [{"account": "000000000000", "region": "us-east-1",
//                "replication_groups": [{"ReplicationGroupId": "orders", ...}], ...}]}
//
// Each entry holds the members of the API call that makes it (kinds and calls: FixtureKinds),
// and is applied through that call's handler, so every rule of the API holds. Within a scope
// the kinds go in dependency order whatever their order in the file. Entries that already
// exist (the create call answers its AlreadyExists fault) are left as they are, so starting
// again with the same data directory changes nothing. Stateless functions; thread-safe.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/handler_registry.h"
#include "model/api_value.h"
#include "server/request_identity.h"
#include "server/service_model.h"

namespace ecl {

class Service;

inline constexpr int kFixtureFormatVersion = 1;

// A fixture that cannot be read or applied: "FILE:LINE: reason".
struct FixtureError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A kind of resource a fixture lists: its key in a scope, the call that creates it, the fault
// that call answers when the resource exists, the member naming it and, for parameter groups,
// the call that sets values (given the members that call takes besides the name).
struct FixtureKind {
  std::string_view key;
  std::string_view create;
  std::string_view already_exists;
  std::string_view id_member;
  std::string_view then = {};
  std::string_view then_member = {};
};
// In the order they are applied.
const std::vector<FixtureKind>& FixtureKinds();

// One API call of a fixture, decoded against the operation's input shape.
struct FixtureCall {
  std::string account;
  std::string region;
  std::string action;
  ApiValue input;
  std::string already_exists;    // the error code that means "it is there already"
  bool follows_previous = false;  // runs only when the previous call created its resource
  int line = 0;
  std::string label;  // e.g. scopes[0].replication_groups[1] "orders"
};

// Reads a fixture: the whole file is decoded before anything is applied, so a syntax error,
// an unknown key or member, a value of the wrong type or a missing required member stops it
// with nothing created. Scopes without account or region take `defaults`. Throws FixtureError.
std::vector<FixtureCall> ParseFixture(std::string_view text, const std::string& source,
                                      const ServiceModel& model, const IdentityDefaults& defaults);

struct FixtureOutcome {
  int created = 0;
  int existing = 0;
};

// Runs the calls through their handlers. They are made one after another just before `now`,
// each a transition's length after the one before, so what they start has finished by `now`:
// the resources are there, settled (available, active), when the server starts listening.
// A call that fails throws FixtureError with its line and AWS's code and message; the calls
// before it stay (each is its own transaction, as an API call is).
FixtureOutcome ApplyFixture(const std::vector<FixtureCall>& calls, const HandlerRegistry& registry,
                            Service& service, Timestamp now, int64_t transition_ms,
                            const std::string& source);

// Reads, checks and applies the fixture file at `path` (--init). Throws FixtureError, also
// when the file cannot be read.
FixtureOutcome ApplyFixtureFile(const std::string& path, const ServiceModel& model,
                                const HandlerRegistry& registry, Service& service,
                                const IdentityDefaults& defaults, Timestamp now,
                                int64_t transition_ms);

}  // namespace ecl
