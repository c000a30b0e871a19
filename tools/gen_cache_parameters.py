#!/usr/bin/env python3
"""Writes config/cache-parameters/, the cache parameter catalog (model/parameter_catalog.h):

  parameters.csv        every parameter of every parameter group family, with its default
  node-type-values.csv  the per-node-type values of the node-type-specific parameters
  default-groups.csv    the default parameter groups ElastiCache creates per family

Where the facts come from (docs/catalogs.md has the details):
- Families redis2.6 ... redis7 and memcached1.4 ... memcached1.6: the archived User Guide
  (awsdocs/amazon-elasticache-docs; doc_source/redis/ParameterGroups.Redis.md, which lists
  each version's added, changed, renamed and removed parameters, and
  doc_source/memcache/ParameterGroups.Memcached.md). The families below are built from those
  deltas; this script reads the pages and stops when a documented parameter is missing from
  its family, a removed one is still there, or a documented default or modifiability differs
  without an entry in KNOWN_DIFFERENCES saying why.
- valkey7 and valkey8, the Redis OSS 5.0 change of active-defrag-cycle-min and the Redis OSS
  7 default of cluster-preferred-endpoint-type: the current "Engine specific parameters" page
  (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html),
  newer than the archive, written here as data.
- AllowedValues, DataType and ChangeType in the API's own notation ("0-", "1-65000",
  "yes,no", "requires-reboot"): botocore's DescribeEngineDefaultParameters example for
  redis2.8 (botocore/data/elasticache/2015-02-02/examples-1.json), and for Memcached a
  memcached1.4 DescribeEngineDefaultParameters output quoted in ansible/ansible pull
  request 21023 (cas_disabled, chunk_size, chunk_size_growth_factor, config_max,
  config_size_max: boolean "0,1", "1-1024", float "1.01-100.00", "0-64", "1024-1048576"). Ranges the User Guide
  states ("Permitted values: 1-100") are written in that notation; where neither says, the
  range is a permissive choice marked CHOSEN below and listed in docs/catalogs.md.
- Node-type-specific values: the archived tables (Redis OSS maxmemory and replica output
  buffer limits, Memcached max_cache_memory and num_threads), with the current page's
  tables for node types added since (m7g, r7g, c7gn, m8g, r8g, c8gn) and for Valkey.
- Descriptions are one-line summaries written for this catalog, not AWS's text.

Run:  python3 tools/gen_cache_parameters.py <path of awsdocs/amazon-elasticache-docs>
"""

import copy
import csv
import io
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import awsdocs_archive  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT_DIR = os.path.join(REPO_ROOT, "config", "cache-parameters")

PARAMETERS_HEADER = ["family", "name", "value", "data_type", "allowed_values", "is_modifiable",
                     "change_type", "minimum_engine_version", "source", "node_type_specific",
                     "description"]
NODE_VALUES_HEADER = ["engine", "parameter", "cache_node_type", "value"]
GROUPS_HEADER = ["name", "family", "description", "overrides"]

IMMEDIATE, REBOOT = "immediate", "requires-reboot"
YES_NO = "yes,no"
CHOSEN = "chosen"  # marks an allowed range neither the API example nor the guide states


def spec(value, data_type, allowed, modifiable, change, description, node=False, chosen=False):
    return {"value": value, "data_type": data_type, "allowed": allowed,
            "modifiable": modifiable, "change": change, "description": description,
            "node": node, "chosen": chosen}


def yes_no(value, description, modifiable=True, change=IMMEDIATE):
    return spec(value, "string", YES_NO, modifiable, change, description)


def integer(value, allowed, description, modifiable=True, change=IMMEDIATE, chosen=False):
    return spec(value, "integer", allowed, modifiable, change, description, chosen=chosen)


def per_node(description, allowed="0-", change=IMMEDIATE):
    return spec("", "integer", allowed, False, change, description, node=True)


POLICIES_26 = "volatile-lru,allkeys-lru,volatile-random,allkeys-random,volatile-ttl,noeviction"
POLICIES_40 = ("volatile-lru,allkeys-lru,volatile-lfu,allkeys-lfu,volatile-random,"
               "allkeys-random,volatile-ttl,noeviction")

# Every Redis OSS / Valkey parameter in the form it first appears.
REDIS = {
    # 2.6.13
    "activerehashing": yes_no("yes", "Whether the main dictionary is rehashed in the background.",
                              change=REBOOT),
    "appendonly": yes_no("no", "Turns the append-only file on or off."),
    "appendfsync": spec("everysec", "string", "always,everysec,no", True, IMMEDIATE,
                        "How often the append-only file is flushed to disk."),
    "client-output-buffer-limit-normal-hard-limit": integer(
        "0", "0-", "Pending output in bytes at which a normal client is dropped at once."),
    "client-output-buffer-limit-normal-soft-limit": integer(
        "0", "0-", "Pending output in bytes a normal client may exceed only briefly."),
    "client-output-buffer-limit-normal-soft-seconds": integer(
        "0", "0-", "Seconds a normal client may stay above its soft limit."),
    "client-output-buffer-limit-pubsub-hard-limit": integer(
        "33554432", "0-", "Pending output in bytes at which a pub/sub client is dropped at once."),
    "client-output-buffer-limit-pubsub-soft-limit": integer(
        "8388608", "0-", "Pending output in bytes a pub/sub client may exceed only briefly."),
    "client-output-buffer-limit-pubsub-soft-seconds": integer(
        "60", "0-", "Seconds a pub/sub client may stay above its soft limit."),
    "client-output-buffer-limit-slave-hard-limit": per_node(
        "Pending output in bytes at which a replica link is dropped at once."),
    "client-output-buffer-limit-slave-soft-limit": per_node(
        "Pending output in bytes a replica link may exceed only briefly."),
    "client-output-buffer-limit-slave-soft-seconds": integer(
        "60", "0-", "Seconds a replica link may stay above its soft limit.", modifiable=False),
    "databases": integer("16", "1-1200000", "Number of logical databases.", change=REBOOT),
    "hash-max-ziplist-entries": integer("512", "0-", "Most entries a hash keeps in the compact encoding."),
    "hash-max-ziplist-value": integer("64", "0-", "Largest hash value in bytes kept in the compact encoding."),
    "list-max-ziplist-entries": integer("512", "0-", "Most entries a list keeps in the compact encoding."),
    "list-max-ziplist-value": integer("64", "0-", "Largest list element in bytes kept in the compact encoding."),
    "lua-time-limit": integer("5000", "5000", "Milliseconds a Lua script may run before it is stopped.",
                              modifiable=False),
    "maxclients": integer("65000", "1-65000", "Most clients connected at once.", modifiable=False,
                          change=REBOOT),
    "maxmemory": per_node("Bytes of memory the node may use."),
    "maxmemory-policy": spec("volatile-lru", "string", POLICIES_26, True, IMMEDIATE,
                             "Which keys are evicted when memory runs out."),
    "maxmemory-samples": integer("3", "1-", "Keys sampled for each eviction decision."),
    "reserved-memory": integer("0", "0-", "Bytes of memory set aside for uses other than data."),
    "set-max-intset-entries": integer("512", "0-", "Most members a set of integers keeps in the compact encoding."),
    "slave-allow-chaining": yes_no("no", "Whether a replica may have replicas of its own.", modifiable=False),
    "slowlog-log-slower-than": integer(
        "10000", "-", "Microseconds after which a command is logged as slow; negative turns logging off."),
    "slowlog-max-len": integer("128", "0-", "Entries kept in the slow log."),
    "tcp-keepalive": integer("0", "0-", "Seconds between TCP keepalive probes to clients; 0 sends none."),
    "timeout": integer("0", "0,20-", "Seconds an idle client is kept; 0 keeps it forever."),
    "zset-max-ziplist-entries": integer("128", "0-", "Most members a sorted set keeps in the compact encoding."),
    "zset-max-ziplist-value": integer("64", "0-", "Largest sorted set member in bytes kept in the compact encoding."),
    # 2.8.6
    "min-slaves-max-lag": integer("10", "0-", "Seconds within which a replica must answer to count for min-slaves-to-write."),
    "min-slaves-to-write": integer("0", "0-", "Replicas that must be connected for the primary to take writes."),
    "notify-keyspace-events": spec("", "string", "", True, IMMEDIATE,
                                   "Classes of keyspace events published to subscribers; empty for none."),
    "repl-backlog-size": integer("1048576", "16384-", "Bytes of replication backlog kept for partial resynchronization."),
    "repl-backlog-ttl": integer("3600", "0-", "Seconds the backlog is kept after the last replica leaves; 0 keeps it."),
    "repl-timeout": integer("60", "11-", "Seconds of silence after which a replication link counts as broken."),
    # 2.8.23
    "close-on-slave-write": yes_no("yes", "Whether a client writing to a replica is disconnected."),
    # 3.2.4
    "list-max-ziplist-size": integer("-2", "-5,-4,-3,-2,-1,1-",
                                     "Size of each list node: -5 to -1 pick 64 to 4 KB, positive counts entries.",
                                     chosen=True),
    "list-compress-depth": integer("0", "0-", "List nodes at each end left uncompressed; 0 compresses none."),
    "cluster-enabled": yes_no("no", "Whether the group runs in cluster mode.", modifiable=False, change=REBOOT),
    "cluster-require-full-coverage": yes_no("no", "Whether the cluster stops answering while any slot is uncovered."),
    "hll-sparse-max-bytes": integer("3000", "1-16000", "Bytes up to which a HyperLogLog keeps its sparse encoding."),
    "reserved-memory-percent": integer("25", "0-100", "Percent of memory set aside for uses other than data."),
    # 4.0.10
    "lazyfree-lazy-eviction": yes_no("no", "Whether evicted keys are freed in the background."),
    "lazyfree-lazy-expire": yes_no("no", "Whether expired keys are freed in the background."),
    "lazyfree-lazy-server-del": yes_no("no", "Whether keys a command overwrites or deletes are freed in the background."),
    "slave-lazy-flush": yes_no("no", "Whether a replica empties its data in the background before a full sync.",
                               modifiable=False),
    "lfu-log-factor": integer("10", "1-", "How many hits it takes to saturate a key's access counter."),
    "lfu-decay-time": integer("1", "0-", "Minutes after which an idle key's access counter decays."),
    "activedefrag": yes_no("no", "Whether memory is defragmented while the server runs."),
    "active-defrag-ignore-bytes": integer("104857600", "10485760-104857600",
                                          "Fragmentation in bytes below which defragmentation does not start."),
    "active-defrag-threshold-lower": integer("10", "1-100", "Fragmentation percent at which defragmentation starts."),
    "active-defrag-threshold-upper": integer("100", "1-100", "Fragmentation percent at which defragmentation works hardest."),
    "active-defrag-cycle-min": integer("25", "1-75", "Least CPU percent defragmentation uses."),
    "active-defrag-cycle-max": integer("75", "1-75", "Most CPU percent defragmentation uses."),
    "client-query-buffer-limit": integer("1073741824", "1048576-1073741824",
                                         "Largest query buffer one client may hold, in bytes."),
    "proto-max-bulk-len": integer("536870912", "1048576-536870912",
                                  "Largest single element a request may carry, in bytes."),
    # 5.0.0
    "stream-node-max-bytes": integer("4096", "0-", "Largest stream node in bytes; 0 for no limit."),
    "stream-node-max-entries": integer("100", "0-", "Most entries in one stream node; 0 for no limit."),
    "active-defrag-max-scan-fields": integer("1000", "1-1000000",
                                             "Fields of a large key handled per defragmentation step."),
    "lua-replicate-commands": yes_no("yes", "Whether Lua scripts replicate their effects instead of the script."),
    "replica-ignore-maxmemory": yes_no("yes", "Whether replicas leave eviction to the primary.", modifiable=False),
    "replica-lazy-flush": yes_no("yes", "Whether a replica empties its data in the background before a full sync.",
                                 modifiable=False),
    "client-output-buffer-limit-replica-hard-limit": per_node(
        "Pending output in bytes at which a replica link is dropped at once."),
    "client-output-buffer-limit-replica-soft-limit": per_node(
        "Pending output in bytes a replica link may exceed only briefly."),
    "client-output-buffer-limit-replica-soft-seconds": integer(
        "60", "0-", "Seconds a replica link may stay above its soft limit.", modifiable=False),
    "replica-allow-chaining": yes_no("no", "Whether a replica may have replicas of its own.", modifiable=False),
    "min-replicas-to-write": integer("0", "0-", "Replicas that must be connected for the primary to take writes."),
    "min-replicas-max-lag": integer("10", "0-", "Seconds within which a replica must answer to count for min-replicas-to-write."),
    "close-on-replica-write": yes_no("yes", "Whether a client writing to a replica is disconnected."),
    # 5.0.3
    "rename-commands": spec("", "string", "", True, IMMEDIATE,
                            "Space-separated pairs of a command and the name it is renamed to."),
    # 6.0 and 6.2
    "acl-pubsub-default": spec("allchannels", "string", "resetchannels,allchannels", True, IMMEDIATE,
                               "Pub/sub channel permissions new ACL users get by default."),
    "cluster-allow-reads-when-down": yes_no("no", "Whether a cluster that lost quorum still serves reads."),
    "tracking-table-max-keys": integer("1000000", "1-100000000",
                                       "Most keys tracked for client-side caching invalidation."),
    "acllog-max-len": integer("128", "1-10000", "Entries kept in the ACL log."),
    "active-expire-effort": integer("1", "1-10", "Effort of the background expiry cycle, from 1 to 10."),
    "lazyfree-lazy-user-del": yes_no("no", "Whether DEL frees memory in the background like UNLINK."),
    # 7.0
    "cluster-allow-pubsubshard-when-down": yes_no(
        "yes", "Whether a cluster that is down still serves sharded pub/sub for its own slots."),
    "cluster-preferred-endpoint-type": spec("tls-dynamic", "string", "ip,tls-dynamic", True, IMMEDIATE,
                                            "Whether redirects name nodes by IP, or by hostname under TLS."),
    "latency-tracking": yes_no("no", "Whether per-command latency percentiles are collected."),
    "hash-max-listpack-entries": integer("512", "0-", "Most entries a hash keeps in the compact encoding."),
    "hash-max-listpack-value": integer("64", "0-", "Largest hash value in bytes kept in the compact encoding."),
    "zset-max-listpack-entries": integer("128", "0-", "Most members a sorted set keeps in the compact encoding."),
    "zset-max-listpack-value": integer("64", "0-", "Largest sorted set member in bytes kept in the compact encoding."),
    # Valkey 8.0, 8.1, 8.2
    "extended-redis-compatibility": yes_no("yes", "Whether the server presents itself to clients as Redis OSS 7.2."),
    "commandlog-request-larger-than": integer("1048576", "-", "Request size in bytes above which a command is logged.",
                                              chosen=True),
    "commandlog-large-request-max-len": integer("128", "0-1024", "Entries kept in the log of large requests."),
    "commandlog-reply-larger-than": integer("1048576", "-", "Reply size in bytes above which a command is logged.",
                                            chosen=True),
    "commandlog-large-reply-max-len": integer("128", "0-1024", "Entries kept in the log of large replies."),
    "search-fanout-target-mode": spec("client", "string", "client,throughput", True, IMMEDIATE,
                                      "Whether search queries follow the client's read mode or spread over all nodes."),
    "search-default-timeout-ms": integer("50000", "1-60000", "Milliseconds a search query may run by default."),
    "search-enable-partial-results": yes_no("yes", "Whether a search answers with partial results when a shard times out."),
}

MEMCACHED = {
    # 1.4.5
    "backlog_queue_limit": integer("1024", "1-10000", "Connections that may wait in the listen backlog.",
                                   modifiable=False, change=REBOOT, chosen=True),
    "binding_protocol": spec("auto", "string", "auto,ascii", True, REBOOT,
                             "Protocol the server speaks: detected per connection, or ASCII only."),
    "cas_disabled": spec("0", "boolean", "0,1", True, REBOOT,
                         "Whether compare-and-set is turned off, saving 8 bytes per item."),
    "chunk_size": integer("48", "1-1024", "Smallest space in bytes allocated for an item.", change=REBOOT),
    "chunk_size_growth_factor": spec("1.25", "float", "1.01-100.00", True, REBOOT,
                                     "Factor by which the chunk size grows from one slab class to the next."),
    "error_on_memory_exhausted": spec("0", "boolean", "0,1", True, REBOOT,
                                      "Whether a full cache answers with an error instead of evicting."),
    "large_memory_pages": spec("0", "boolean", "0,1", False, REBOOT, "Whether large memory pages are used."),
    "lock_down_paged_memory": spec("0", "boolean", "0,1", False, REBOOT, "Whether all paged memory is locked."),
    "max_item_size": integer("1048576", "1024-134217728", "Largest item stored, in bytes.", change=REBOOT,
                             chosen=True),
    "max_simultaneous_connections": integer("65000", "1-65000", "Most connections at once.", modifiable=False,
                                            change=REBOOT, chosen=True),
    "maximize_core_file_limit": spec("0", "boolean", "0,1", False, REBOOT,
                                     "Whether the core file size limit is raised to the maximum."),
    "memcached_connections_overhead": integer("100", "0-", "Megabytes kept back for connections and other overhead.",
                                              change=REBOOT),
    "requests_per_event": integer("20", "1-", "Most requests served per event on one connection.",
                                  modifiable=False, change=REBOOT, chosen=True),
    "max_cache_memory": per_node("Megabytes of memory the cache may use on this node type.", change=REBOOT),
    "num_threads": per_node("Worker threads on this node type.", allowed="1-", change=REBOOT),
    # 1.4.14
    "config_max": integer("16", "0-64", "Most ElastiCache configuration entries.", modifiable=False, change=REBOOT),
    "config_size_max": integer("65536", "1024-1048576", "Largest size of the configuration entries, in bytes.",
                               modifiable=False, change=REBOOT),
    "hashpower_init": integer("16", "0-", "Initial hash table size as a power of two.", modifiable=False,
                              change=REBOOT),
    "maxconns_fast": spec("0", "boolean", "0,1", True, REBOOT,
                          "Whether a client over the connection limit gets an error at once instead of waiting."),
    "slab_automove": integer("0", "0-2", "How eagerly memory moves between slab classes: 0 never, 1 gently, 2 eagerly.",
                             change=REBOOT),
    "slab_reassign": spec("0", "boolean", "0,1", True, REBOOT, "Whether memory may be moved between slab classes."),
    # 1.4.24
    "disable_flush_all": spec("0", "boolean", "0,1", True, REBOOT, "Whether the flush_all command is refused."),
    "hash_algorithm": spec("jenkins", "string", "jenkins,murmur3", True, REBOOT, "Hash function applied to keys."),
    "lru_crawler": spec("0", "boolean", "0,1", True, REBOOT, "Whether a background thread reclaims expired items."),
    "lru_maintainer": spec("0", "boolean", "0,1", True, REBOOT,
                           "Whether a background thread balances items between LRU segments."),
    "expirezero_does_not_evict": spec("0", "boolean", "0,1", True, REBOOT,
                                      "Whether items that never expire are spared from eviction."),
    # 1.4.33
    "modern": spec("1", "boolean", "0,1", True, REBOOT, "Turns on a set of newer memory management features at once."),
    "watch": spec("1", "boolean", "0,1", True, IMMEDIATE, "Whether the watch command may stream item logs."),
    "idle_timeout": integer("0", "0-86400", "Seconds an idle client may stay connected; 0 for no limit.",
                            change=REBOOT),
    "track_sizes": spec("0", "boolean", "0,1", True, REBOOT, "Whether item size statistics are kept from start-up."),
    "watcher_logbuf_size": integer("256", "0-", "Kilobytes of log buffer for watch streams.", change=REBOOT,
                                   chosen=True),
    "worker_logbuf_size": integer("64", "0-", "Kilobytes of log buffer per worker thread for watch.",
                                  change=REBOOT, chosen=True),
    "slab_chunk_max": integer("524288", "1-", "Largest slab chunk in bytes; bigger items span several chunks.",
                              change=REBOOT, chosen=True),
    # 1.5.10
    "no_modern": spec("1", "boolean", "0,1", True, REBOOT, "Turns off the newer memory management features."),
    "inline_ascii_resp": spec("0", "boolean", "0,1", True, REBOOT,
                              "Whether the ASCII VALUE line is stored inside each item."),
}

BASE_2_6_13 = [
    "activerehashing", "appendonly", "appendfsync", "client-output-buffer-limit-normal-hard-limit",
    "client-output-buffer-limit-normal-soft-limit", "client-output-buffer-limit-normal-soft-seconds",
    "client-output-buffer-limit-pubsub-hard-limit", "client-output-buffer-limit-pubsub-soft-limit",
    "client-output-buffer-limit-pubsub-soft-seconds", "client-output-buffer-limit-slave-hard-limit",
    "client-output-buffer-limit-slave-soft-limit", "client-output-buffer-limit-slave-soft-seconds",
    "databases", "hash-max-ziplist-entries", "hash-max-ziplist-value", "list-max-ziplist-entries",
    "list-max-ziplist-value", "lua-time-limit", "maxclients", "maxmemory", "maxmemory-policy",
    "maxmemory-samples", "reserved-memory", "set-max-intset-entries", "slave-allow-chaining",
    "slowlog-log-slower-than", "slowlog-max-len", "tcp-keepalive", "timeout",
    "zset-max-ziplist-entries", "zset-max-ziplist-value"]

# family: (engine, base family, first version, steps). A step is ("add", version, names),
# ("remove", names), ("change", name, fields) or ("rename", {old: new}).
FAMILIES = [
    ("redis2.6", "redis", None, "2.6.13", [("add", "2.6.13", BASE_2_6_13)]),
    ("redis2.8", "redis", "redis2.6", "2.8.6", [
        ("add", "2.8.6", ["min-slaves-max-lag", "min-slaves-to-write", "notify-keyspace-events",
                          "repl-backlog-size", "repl-backlog-ttl", "repl-timeout"]),
        ("add", "2.8.23", ["close-on-slave-write"])]),
    ("redis3.2", "redis", "redis2.8", "3.2.4", [
        ("add", "3.2.4", ["list-max-ziplist-size", "list-compress-depth", "cluster-enabled",
                          "cluster-require-full-coverage", "hll-sparse-max-bytes",
                          "reserved-memory-percent"]),
        ("change", "appendonly", {"modifiable": False}),
        ("change", "appendfsync", {"modifiable": False}),
        ("change", "repl-timeout", {"modifiable": False}),
        ("change", "tcp-keepalive", {"value": "300"}),
        ("remove", ["list-max-ziplist-entries", "list-max-ziplist-value"])]),
    ("redis4.0", "redis", "redis3.2", "4.0.10", [
        ("change", "maxmemory-policy", {"allowed": POLICIES_40}),
        ("add", "4.0.10", ["lazyfree-lazy-eviction", "lazyfree-lazy-expire",
                           "lazyfree-lazy-server-del", "slave-lazy-flush", "lfu-log-factor",
                           "lfu-decay-time", "activedefrag", "active-defrag-ignore-bytes",
                           "active-defrag-threshold-lower", "active-defrag-threshold-upper",
                           "active-defrag-cycle-min", "active-defrag-cycle-max",
                           "client-query-buffer-limit", "proto-max-bulk-len"])]),
    ("redis5.0", "redis", "redis4.0", "5.0.0", [
        ("add", "5.0.0", ["stream-node-max-bytes", "stream-node-max-entries",
                          "active-defrag-max-scan-fields", "lua-replicate-commands",
                          "replica-ignore-maxmemory"]),
        # The current page: "Parameters changed in Redis OSS 5.0".
        ("change", "active-defrag-cycle-min", {"value": "5"}),
        ("rename", {"slave-lazy-flush": "replica-lazy-flush",
                    "client-output-buffer-limit-slave-hard-limit":
                        "client-output-buffer-limit-replica-hard-limit",
                    "client-output-buffer-limit-slave-soft-limit":
                        "client-output-buffer-limit-replica-soft-limit",
                    "client-output-buffer-limit-slave-soft-seconds":
                        "client-output-buffer-limit-replica-soft-seconds",
                    "slave-allow-chaining": "replica-allow-chaining",
                    "min-slaves-to-write": "min-replicas-to-write",
                    "min-slaves-max-lag": "min-replicas-max-lag",
                    "close-on-slave-write": "close-on-replica-write"}),
        ("remove", ["repl-timeout"]),
        ("add", "5.0.3", ["rename-commands"])]),
    ("redis6.x", "redis", "redis5.0", "6.0.0", [
        ("add", "6.0.0", ["cluster-allow-reads-when-down", "tracking-table-max-keys",
                          "acllog-max-len", "active-expire-effort", "lazyfree-lazy-user-del"]),
        ("add", "6.2.0", ["acl-pubsub-default"]),
        ("remove", ["lua-replicate-commands"])]),
    ("redis7", "redis", "redis6.x", "7.0.0", [
        ("add", "7.0.0", ["cluster-allow-pubsubshard-when-down", "cluster-preferred-endpoint-type",
                          "latency-tracking", "hash-max-listpack-entries",
                          "hash-max-listpack-value", "zset-max-listpack-entries",
                          "zset-max-listpack-value"]),
        ("change", "activerehashing", {"modifiable": False}),
        ("remove", ["hash-max-ziplist-entries", "hash-max-ziplist-value",
                    "zset-max-ziplist-entries", "zset-max-ziplist-value",
                    "list-max-ziplist-size"])]),
    # "Valkey 7.2 parameters are the same as Redis OSS 7 parameters."
    ("valkey7", "valkey", "redis7", "7.2.0", []),
    ("valkey8", "valkey", "valkey7", "8.0.0", [
        ("change", "repl-backlog-size", {"value": "10485760"}),
        ("change", "maxmemory-samples", {"allowed": "1-64"}),
        ("add", "8.0.0", ["extended-redis-compatibility"]),
        ("remove", ["lazyfree-lazy-eviction", "lazyfree-lazy-expire", "lazyfree-lazy-server-del",
                    "lazyfree-lazy-user-del", "replica-lazy-flush"]),
        ("add", "8.1.0", ["commandlog-request-larger-than", "commandlog-large-request-max-len",
                          "commandlog-reply-larger-than", "commandlog-large-reply-max-len"]),
        ("add", "8.2.0", ["search-fanout-target-mode", "search-default-timeout-ms",
                          "search-enable-partial-results"])]),
    ("memcached1.4", "memcached", None, "1.4.5", [
        ("add", "1.4.5", ["backlog_queue_limit", "binding_protocol", "cas_disabled", "chunk_size",
                          "chunk_size_growth_factor", "error_on_memory_exhausted",
                          "large_memory_pages", "lock_down_paged_memory", "max_item_size",
                          "max_simultaneous_connections", "maximize_core_file_limit",
                          "memcached_connections_overhead", "requests_per_event",
                          "max_cache_memory", "num_threads"]),
        ("add", "1.4.14", ["config_max", "config_size_max", "hashpower_init", "maxconns_fast",
                           "slab_automove", "slab_reassign"]),
        ("add", "1.4.24", ["disable_flush_all", "hash_algorithm", "lru_crawler", "lru_maintainer",
                           "expirezero_does_not_evict"]),
        ("add", "1.4.33", ["modern", "watch", "idle_timeout", "track_sizes",
                           "watcher_logbuf_size", "worker_logbuf_size", "slab_chunk_max"])]),
    ("memcached1.5", "memcached", "memcached1.4", "1.5.10", [
        ("add", "1.5.10", ["no_modern", "inline_ascii_resp"]),
        ("remove", ["expirezero_does_not_evict", "modern"])]),
    ("memcached1.6", "memcached", "memcached1.5", "1.6.6", []),
]


def version_key(v):
    return tuple(int(p) for p in v.split("."))


def build_families():
    """{family: {name: row}}, each row a spec plus its 'added' version."""
    built = {}
    for family, engine, base, first, steps in FAMILIES:
        params = copy.deepcopy(built[base]) if base else {}
        specs = REDIS if engine in ("redis", "valkey") else MEMCACHED
        for step in steps:
            if step[0] == "add":
                for name in step[2]:
                    if name in params:
                        raise SystemExit(f"{family}: {name} added twice")
                    params[name] = dict(copy.deepcopy(specs[name]), added=step[1])
            elif step[0] == "remove":
                for name in step[1]:
                    del params[name]
            elif step[0] == "change":
                params[step[1]].update(step[2])
            elif step[0] == "rename":
                for old, new in step[1].items():
                    del params[old]
                    params[new] = dict(copy.deepcopy(specs[new]), added=first)
        built[family] = params
    return built


# ---- checks against the archived User Guide -----------------------------------------------

REDIS_SECTION_FAMILY = [
    (r"^Redis 7 ", "redis7", "7.0.0"), (r"^Redis 6\.x ", "redis6.x", "6.0.0"),
    (r"^Redis 5\.0\.3 ", "redis5.0", "5.0.3"), (r"^Redis 5\.0\.0 ", "redis5.0", "5.0.0"),
    (r"^Redis 4\.0\.10 ", "redis4.0", "4.0.10"), (r"Redis 3\.2\.4", "redis3.2", "3.2.4"),
    (r"^Redis 2\.8\.23 ", "redis2.8", "2.8.23"), (r"^Redis 2\.8\.6 ", "redis2.8", "2.8.6"),
    (r"^Redis 2\.6\.13 ", "redis2.6", "2.6.13"),
]
MEMCACHED_SECTION_FAMILY = [
    (r"^Memcached 1\.5\.10 ", "memcached1.5", "1.5.10"),
    (r"^Memcached 1\.4\.33 ", "memcached1.4", "1.4.33"),
    (r"^Memcached 1\.4\.24 ", "memcached1.4", "1.4.24"),
    (r"^Memcached 1\.4\.14 ", "memcached1.4", "1.4.14"),
    (r"^Memcached 1\.4\.5 ", "memcached1.4", "1.4.5"),
]

# (family, name, what): documented facts this catalog deliberately departs from, and why.
KNOWN_DIFFERENCES = {
    ("redis2.6", "databases", "modifiable"):
        "the API example shows IsModifiable true (requires-reboot) where the guide says No",
    ("redis3.2", "appendonly", "value"):
        "the guide's 'off' is not one of the allowed values yes,no; AOF is off, i.e. 'no'",
    ("redis3.2", "appendfsync", "value"):
        "the guide's 'off' is not an allowed value; the 2.x default everysec is kept",
    ("redis3.2", "cluster-enabled", "value"):
        "'no/yes': no in default.<family>, yes in default.<family>.cluster.on (default-groups.csv)",
    ("redis3.2", "list-max-ziplist-size", "modifiable"):
        "the 3.2.4 table says No, the Redis 7 removal table Yes; kept modifiable so changes "
        "AWS accepts are not refused",
    ("redis7", "cluster-preferred-endpoint-type", "value"):
        "the archive says ip; the current page says tls-dynamic",
    ("redis5.0", "rename-commands", "value"): "'none' means an empty list",
    ("memcached1.4", "maximize_core_file_limit", "modifiable"):
        "the guide leaves Modifiable blank; treated as not modifiable",
}


def normalize_default(text):
    text = text.strip().strip("`").strip()
    text = re.sub(r"\s*\((KB|bytes|disabled|false|true)\)$", "", text)
    text = {"enabled": "1", "disabled": "0", "none": "", "(an empty string)": ""}.get(text, text)
    return text.replace(",", "") if re.fullmatch(r"[\d,]+", text) else text


def detail(details, key):
    """The value after 'Key:' in a Details cell, up to the next known key."""
    keys = r"(Permitted values|Default|Type|Modifiable|Changes [Tt]ake [Ee]ffect|Changes [Tt]ake " \
           r"place|Former name|Allowed_Values)"
    m = re.search(key + r":\s*(.*?)\s*(?=" + keys + r":|$)", details.replace("`", "").replace("\xa0", " "))
    return m.group(1).strip() if m else None


def documented_tables(text, sections_map):
    """(family, version, kind, name, details) for every parameter row of the pages' tables."""
    out = []
    for title, body in awsdocs_archive.sections(text):
        target = next(((f, v) for pattern, f, v in sections_map if re.search(pattern, title)),
                      None)
        if target is None:
            continue
        kind = "changed" if title.startswith("Parameters changed") else "added"
        for line in body.splitlines():
            lower = line.lower()
            if not line.strip().startswith("|"):
                for word in ("removed", "renamed", "changed", "added", "supported"):
                    if word in lower:
                        kind = {"supported": "added"}.get(word, word)
                        break
                continue
            cells = awsdocs_archive.table_rows(line)
            if not cells or len(cells[0]) < 2:
                continue
            name, details = cells[0][0].strip("`* "), cells[0][1]
            if name in ("Name", "Node type") or not name or " " in name.replace(
                    " (added in 6.0)", "").replace(" (added in 6.2)", ""):
                continue
            name = re.sub(r"\s*\(added in [\d.]+\)$", "", name)
            out.append((target[0], target[1], kind, name, details))
    return out


def check(families, archive):
    problems = []
    redis_text = archive.read("redis/ParameterGroups.Redis.md")
    table_2_6 = archive.read("redis/ParameterGroups.Redis.md", awsdocs_archive.TABLE_2_6_13_COMMIT)
    redis_text += "\n" + "\n".join(
        ["## Redis 2.6.13 parameters"] +
        [l for l in table_2_6.split("## Redis 2\\.6\\.13 parameters", 1)[1].split("\n## ", 1)[0]
         .splitlines()])
    rows = documented_tables(redis_text, REDIS_SECTION_FAMILY)
    rows += documented_tables(archive.read("memcache/ParameterGroups.Memcached.md"),
                              MEMCACHED_SECTION_FAMILY)
    renamed = {"cluster-allow-pubsub-shard-when-down": "cluster-allow-pubsubshard-when-down"}
    checked = 0
    for family, version, kind, name, details in rows:
        name = renamed.get(name, name)
        params = families[family]
        if kind == "removed" or "no longer available" in details.lower() or \
                (kind == "changed" and not details):
            if name in params:
                problems.append(f"{family}: {name} is documented as removed in {version}")
            continue
        if name not in params:
            problems.append(f"{family}: {name} is documented in {version} but missing")
            continue
        row = params[name]
        default = detail(details, "Default")
        if default is not None and not default.startswith("For values see") and not row["node"]:
            if normalize_default(default) != row["value"] and \
                    (family, name, "value") not in KNOWN_DIFFERENCES:
                problems.append(f"{family}: {name} default: documented {default!r}, "
                                f"catalog {row['value']!r}")
        modifiable = detail(details, "Modifiable")
        if modifiable and modifiable.lower().startswith(("yes", "no")) and \
                not modifiable.lower().startswith("yes if"):
            documented = modifiable.lower().startswith("yes")
            if documented != row["modifiable"] and \
                    (family, name, "modifiable") not in KNOWN_DIFFERENCES:
                problems.append(f"{family}: {name} modifiable: documented {modifiable!r}, "
                                f"catalog {row['modifiable']}")
        checked += 1
    if problems:
        raise SystemExit("the catalog disagrees with the archived User Guide:\n  " +
                         "\n  ".join(problems))
    return checked


# ---- node-type-specific values -----------------------------------------------------------

# From the current page's "Valkey node-type specific parameters" (maxmemory, bytes).
VALKEY_MAXMEMORY = {
    "cache.t2.micro": 581959680, "cache.t2.small": 1665138688, "cache.t2.medium": 3461349376,
    "cache.t3.micro": 536870912, "cache.t3.small": 1471026299, "cache.t3.medium": 3317862236,
    "cache.t4g.micro": 536870912, "cache.t4g.small": 1471026299, "cache.t4g.medium": 3317862236,
    "cache.m4.large": 6892593152, "cache.m4.xlarge": 15328501760, "cache.m4.2xlarge": 31889126359,
    "cache.m4.4xlarge": 65257290629, "cache.m4.10xlarge": 166047614239,
    "cache.m5.large": 6854542746, "cache.m5.xlarge": 13891921715, "cache.m5.2xlarge": 27966669210,
    "cache.m5.4xlarge": 56116178125, "cache.m5.12xlarge": 168715971994,
    "cache.m5.24xlarge": 337500562842,
    "cache.m6g.large": 6854542746, "cache.m6g.xlarge": 13891921715,
    "cache.m6g.2xlarge": 27966669210, "cache.m6g.4xlarge": 56116178125,
    "cache.m6g.8xlarge": 111325552312, "cache.m6g.12xlarge": 168715971994,
    "cache.m6g.16xlarge": 225000375228,
    "cache.m7g.large": 6854542746, "cache.m7g.xlarge": 13891921715,
    "cache.m7g.2xlarge": 27966669210, "cache.m7g.4xlarge": 56116178125,
    "cache.m7g.8xlarge": 111325552312, "cache.m7g.12xlarge": 168715971994,
    "cache.m7g.16xlarge": 225000375228,
    "cache.m8g.large": 7294178820, "cache.m8g.xlarge": 15222495510,
    "cache.m8g.2xlarge": 31866224640, "cache.m8g.4xlarge": 65856864256,
    "cache.m8g.8xlarge": 133838143488, "cache.m8g.12xlarge": 201819422720,
    "cache.m8g.16xlarge": 269800701952,
    "cache.r4.large": 13201781556, "cache.r4.xlarge": 26898228839, "cache.r4.2xlarge": 54197537997,
    "cache.r4.4xlarge": 108858546586, "cache.r4.8xlarge": 218255432090,
    "cache.r4.16xlarge": 437021573120,
    "cache.r5.large": 14037181030, "cache.r5.xlarge": 28261849702, "cache.r5.2xlarge": 56711183565,
    "cache.r5.4xlarge": 113609865216, "cache.r5.12xlarge": 341206346547,
    "cache.r5.24xlarge": 682485973811,
    "cache.r6g.large": 14037181030, "cache.r6g.xlarge": 28261849702,
    "cache.r6g.2xlarge": 56711183565, "cache.r6g.4xlarge": 113609865216,
    "cache.r6g.8xlarge": 225000375228, "cache.r6g.12xlarge": 341206346547,
    "cache.r6g.16xlarge": 450000750456,
    "cache.r6gd.xlarge": 28261849702, "cache.r6gd.2xlarge": 56711183565,
    "cache.r6gd.4xlarge": 113609865216, "cache.r6gd.8xlarge": 225000375228,
    "cache.r6gd.12xlarge": 341206346547, "cache.r6gd.16xlarge": 450000750456,
    "cache.r7g.large": 14037181030, "cache.r7g.xlarge": 28261849702,
    "cache.r7g.2xlarge": 56711183565, "cache.r7g.4xlarge": 113609865216,
    "cache.r7g.8xlarge": 225000375228, "cache.r7g.12xlarge": 341206346547,
    "cache.r7g.16xlarge": 450000750456,
    "cache.r8g.large": 15222495510, "cache.r8g.xlarge": 31866224640,
    "cache.r8g.2xlarge": 65856864256, "cache.r8g.4xlarge": 133838143488,
    "cache.r8g.8xlarge": 269800701952, "cache.r8g.12xlarge": 405763260416,
    "cache.r8g.16xlarge": 541725818880,
    "cache.c7gn.large": 3317862236, "cache.c7gn.xlarge": 6854542746,
    "cache.c7gn.2xlarge": 13891921715, "cache.c7gn.4xlarge": 27966669210,
    "cache.c7gn.8xlarge": 56116178125, "cache.c7gn.12xlarge": 84357985997,
    "cache.c7gn.16xlarge": 113609865216,
    "cache.c8gn.large": 3330020474, "cache.c8gn.xlarge": 7294178820,
    "cache.c8gn.2xlarge": 15222495510, "cache.c8gn.4xlarge": 31866224640,
    "cache.c8gn.8xlarge": 65856864256, "cache.c8gn.12xlarge": 99847503872,
    "cache.c8gn.16xlarge": 133838143488,
}
# The current page's Redis OSS table: the archive's types plus m7g, r7g and c7gn, and a
# corrected cache.m4.xlarge (the archive's 11496376320 is Memcached's 11496 MB; botocore's
# example shows the matching replica limit 1532850176).
REDIS_MAXMEMORY_CURRENT = {t: v for t, v in VALKEY_MAXMEMORY.items()
                           if t.split(".")[1] in ("m4", "m7g", "r7g", "c7gn")}
# The current page's Memcached table for types newer than the archive (MB, threads). The
# page's cache.c7gn.12xlarge row (325400 MB, more than its 16xlarge) is kept as published.
MEMCACHED_CURRENT = {
    "cache.m7g.large": (6537, 2), "cache.m7g.xlarge": (13248, 4), "cache.m7g.2xlarge": (26671, 8),
    "cache.m7g.4xlarge": (53516, 16), "cache.m7g.8xlarge": (107000, 32),
    "cache.m7g.12xlarge": (160900, 48), "cache.m7g.16xlarge": (214577, 64),
    "cache.m8g.large": (6956, 2), "cache.m8g.xlarge": (14517, 4), "cache.m8g.2xlarge": (30390, 8),
    "cache.m8g.4xlarge": (62806, 16), "cache.m8g.8xlarge": (127638, 32),
    "cache.m8g.12xlarge": (192470, 48), "cache.m8g.16xlarge": (257302, 64),
    "cache.r7g.large": (13387, 2), "cache.r7g.xlarge": (26953, 4), "cache.r7g.2xlarge": (54084, 8),
    "cache.r7g.4xlarge": (108347, 16), "cache.r7g.8xlarge": (214577, 32),
    "cache.r7g.12xlarge": (325400, 48), "cache.r7g.16xlarge": (429154, 64),
    "cache.r8g.large": (14517, 2), "cache.r8g.xlarge": (30390, 4), "cache.r8g.2xlarge": (62806, 8),
    "cache.r8g.4xlarge": (127638, 16), "cache.r8g.8xlarge": (257302, 32),
    "cache.r8g.12xlarge": (386966, 48), "cache.r8g.16xlarge": (516630, 64),
    "cache.c7gn.large": (3164, 2), "cache.c7gn.xlarge": (6537, 4), "cache.c7gn.2xlarge": (13248, 8),
    "cache.c7gn.4xlarge": (26671, 16), "cache.c7gn.8xlarge": (53516, 32),
    "cache.c7gn.12xlarge": (325400, 48), "cache.c7gn.16xlarge": (108347, 64),
    "cache.c8gn.large": (3176, 2), "cache.c8gn.xlarge": (6956, 4), "cache.c8gn.2xlarge": (14517, 8),
    "cache.c8gn.4xlarge": (30390, 16), "cache.c8gn.8xlarge": (62806, 32),
    "cache.c8gn.12xlarge": (95222, 48), "cache.c8gn.16xlarge": (127638, 64),
}


def node_tables(archive):
    """{engine: {parameter: {node type: value}}} from the archive's tables and the current ones."""
    def section_rows(text, title_start):
        for title, body in awsdocs_archive.sections(text):
            if title.startswith(title_start):
                return [r for r in awsdocs_archive.table_rows(body)
                        if r and r[0].startswith("cache.")]
        raise SystemExit(f"no section '{title_start}' in the archive")

    redis_rows = section_rows(archive.read("redis/ParameterGroups.Redis.md"),
                              "Redis node-type specific parameters")
    archived = {r[0]: (int(r[1]), int(r[2]), int(r[3])) for r in redis_rows}

    # The archive's replica limits are a tenth of maxmemory (rounded either way); types it
    # lacks take the figure of an archived type with the same maxmemory, else a rounded tenth.
    limit_of_maxmemory = {}
    for node_type, (maxmemory, hard, soft) in archived.items():
        if hard != soft:
            raise SystemExit(f"{node_type}: replica hard and soft limits differ")
        limit_of_maxmemory.setdefault(maxmemory, hard)

    def replica_limit(node_type, maxmemory):
        if node_type in archived and archived[node_type][0] == maxmemory:
            return archived[node_type][1]
        return limit_of_maxmemory.get(maxmemory, round(maxmemory / 10))

    redis_maxmemory = {t: v[0] for t, v in archived.items()}
    redis_maxmemory.update(REDIS_MAXMEMORY_CURRENT)
    tables = {"redis": {}, "valkey": {}, "memcached": {}}
    for engine, maxmemory, replica_names in (
            ("redis", redis_maxmemory,
             ["client-output-buffer-limit-slave-hard-limit",
              "client-output-buffer-limit-slave-soft-limit",
              "client-output-buffer-limit-replica-hard-limit",
              "client-output-buffer-limit-replica-soft-limit"]),
            ("valkey", VALKEY_MAXMEMORY,
             ["client-output-buffer-limit-replica-hard-limit",
              "client-output-buffer-limit-replica-soft-limit"])):
        tables[engine]["maxmemory"] = {t: str(v) for t, v in maxmemory.items()}
        for name in replica_names:
            tables[engine][name] = {t: str(replica_limit(t, v)) for t, v in maxmemory.items()}

    memcached_rows = section_rows(archive.read("memcache/ParameterGroups.Memcached.md"),
                                  "Memcached node-type specific parameters")
    memcached = {r[0]: (int(r[1]), int(r[2])) for r in memcached_rows}
    memcached.update(MEMCACHED_CURRENT)
    tables["memcached"]["max_cache_memory"] = {t: str(v[0]) for t, v in memcached.items()}
    tables["memcached"]["num_threads"] = {t: str(v[1]) for t, v in memcached.items()}
    return tables


# ---- output --------------------------------------------------------------------------------

def default_groups():
    for family, engine, _, first, _ in FAMILIES:
        yield [f"default.{family}", family, f"Default parameter group for {family}", ""]
        if engine != "memcached" and version_key(first) >= (3, 2):
            yield [f"default.{family}.cluster.on", family,
                   f"Customized default parameter group for {family} with cluster mode on",
                   "cluster-enabled=yes"]


def write(path, comment, header, rows):
    out = io.StringIO()
    out.write(comment)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(out.getvalue())
    print(f"wrote {path}: {count} rows")


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    archive = awsdocs_archive.Archive(sys.argv[1])
    families = build_families()
    checked = check(families, archive)
    print(f"checked {checked} documented parameters against the archived User Guide")
    firsts = {f: first for f, _, _, first, _ in FAMILIES}
    engines = {f: engine for f, engine, _, _, _ in FAMILIES}
    os.makedirs(OUTPUT_DIR, exist_ok=True)

    def parameter_rows():
        for family, params in families.items():
            for name in sorted(params):
                p = params[name]
                minimum = max(p["added"], firsts[family], key=version_key)
                yield [family, name, p["value"], p["data_type"], p["allowed"],
                       "yes" if p["modifiable"] else "no", p["change"], minimum, "system",
                       "yes" if p["node"] else "no", p["description"]]

    write(os.path.join(OUTPUT_DIR, "parameters.csv"),
          "# Cache parameters of every parameter group family, as DescribeEngineDefaultParameters\n"
          "# shows them, in name order per family. Generated by tools/gen_cache_parameters.py;\n"
          "# docs/catalogs.md says where each fact comes from. Columns:\n"
          "#   value                   the default; empty for node-type-specific parameters\n"
          "#   data_type               string, integer, boolean or float (AWS's DataType)\n"
          "#   allowed_values          AWS's notation: a comma list of values or of ranges such\n"
          "#                           as 0-, 1-65000, 0,20- ('-' alone: any integer); empty: any\n"
          "#   change_type             immediate or requires-reboot\n"
          "#   minimum_engine_version  the oldest engine version the parameter applies to\n"
          "#   source                  system for every ElastiCache default\n"
          "#   node_type_specific      yes: values per node type in node-type-values.csv\n"
          "#   description             a one-line summary written for this catalog\n",
          PARAMETERS_HEADER, parameter_rows())

    tables = node_tables(archive)
    node_specific = {(engines[f], n) for f, ps in families.items() for n, p in ps.items()
                     if p["node"]}
    missing = sorted(node_specific - {(e, n) for e, t in tables.items() for n in t})
    if missing:
        raise SystemExit(f"node-type-specific parameters without values: {missing}")

    def node_rows():
        for engine in ("redis", "valkey", "memcached"):
            for name in sorted(tables[engine]):
                if (engine, name) not in node_specific:
                    continue
                for node_type, value in sorted(tables[engine][name].items()):
                    yield [engine, name, node_type, value]

    write(os.path.join(OUTPUT_DIR, "node-type-values.csv"),
          "# Values of the node-type-specific parameters (CacheNodeTypeSpecificParameters),\n"
          "# per engine: every family of the engine uses these rows for its node-type-specific\n"
          "# parameters. Generated by tools/gen_cache_parameters.py. maxmemory is in bytes,\n"
          "# max_cache_memory in megabytes.\n",
          NODE_VALUES_HEADER, node_rows())

    write(os.path.join(OUTPUT_DIR, "default-groups.csv"),
          "# The default parameter groups ElastiCache creates for every family. Generated by\n"
          "# tools/gen_cache_parameters.py. Columns:\n"
          "#   overrides  space-separated name=value pairs that differ from the family's\n"
          "#              defaults in parameters.csv\n",
          GROUPS_HEADER, default_groups())


if __name__ == "__main__":
    main()
