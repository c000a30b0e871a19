// DataPlaneOptions: how the data plane runs engines — which programs, which ports, where
// their data lives and which address the API shows. Filled from the server's settings.
#pragma once

#include <chrono>
#include <string>

#include "engines/port_range.h"

namespace ecl {

struct DataPlaneOptions {
  std::string redis_server;  // path of redis-server (also runs the valkey engine)
  std::string memcached;     // path of memcached
  PortRange ports;
  // The address every Address of the API answers, where clients reach the endpoints.
  std::string endpoint_host = "127.0.0.1";
  // Instead, each endpoint its own loopback address (127.1.x.y) answering on the port the
  // API shows (6379, 11211 or the cluster's Port), as on AWS: Terraform's port then never
  // drifts. Linux only (any 127/8 address is local there); clients must run on this host.
  bool loopback_endpoints = false;
  // Where engines and endpoints listen (the emulator's --host); engines also listen on
  // 127.0.0.1, where the emulator and replicas reach them.
  std::string bind_host = "127.0.0.1";
  // Engines' data: "<data-dir>/engines"; with persistent false, a temporary directory
  // (MakeTemporaryWorkDir) that is removed when the emulator stops.
  std::string work_dir;
  bool persistent = true;

  // Where snapshots keep their data: the service's exports read it too.
  std::string SnapshotDataDir() const { return work_dir + "/snapshots"; }
  // Where snapshot exports go (the emulator's S3 buckets): restores from SnapshotArns read
  // their RDB objects here.
  std::string export_dir;
  // How long an answer waits for a node the model shows available to answer.
  std::chrono::milliseconds ready_timeout{10000};
};

// A new directory for the engines of an emulator that keeps nothing (--in-memory).
// Throws std::runtime_error.
std::string MakeTemporaryWorkDir();

}  // namespace ecl
