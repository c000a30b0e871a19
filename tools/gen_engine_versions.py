#!/usr/bin/env python3
"""Writes config/engine-versions.csv, the engine versions catalog (model/engine_catalog.h).

Where the facts come from (docs/catalogs.md has the details):
- Redis OSS 2.6.13 ... 7.0 and Memcached 1.4.5 ... 1.6.17: the archived ElastiCache User
  Guide (awsdocs/amazon-elasticache-docs, doc_source/redis/supported-engine-versions.md,
  redis/deprecated-engine-versions.md, memcache/supported-engine-versions-mc.md). This script
  checks every one of them against those pages and stops if one is missing.
- Redis OSS 7.1, Valkey 7.2 / 8.0 / 8.1 / 8.2 and Memcached 1.6.22 came later; they are
  listed in the current "Engine versions and upgrading in ElastiCache" page
  (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html), which is
  not in the archive, so they are written here as data with that page as their source.
- CacheEngineDescription and CacheEngineVersionDescription strings ("Redis", "memcached",
  "redis version 2.8.22 R5"): botocore's DescribeCacheEngineVersions example
  (botocore/data/elasticache/2015-02-02/examples-1.json). From 6.0 on the API shows
  EngineVersion as major.minor and the patch version only in the description (User Guide,
  "ElastiCache for Redis version 6.2"); that is what actual_version records.
- The Valkey description strings and the patch versions of Redis OSS 6.0 and Valkey 8.1 and
  8.2 are not documented anywhere we could read: they follow the Redis pattern and are
  marked as assumptions in docs/catalogs.md.

Run:  python3 tools/gen_engine_versions.py <path of awsdocs/amazon-elasticache-docs>
      (a git directory such as the fetched mirror, or a checkout; standard library only)
"""

import csv
import io
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import awsdocs_archive  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(REPO_ROOT, "config", "engine-versions.csv")

HEADER = ["engine", "engine_version", "cache_parameter_group_family", "cache_engine_description",
          "cache_engine_version_description", "actual_version", "accepted_versions",
          "default_for_major", "engine_default", "lifecycle"]

CURRENT_PAGE = "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html"

# (engine version as listed, family, actual version, extra accepted forms, lifecycle)
REDIS = [
    ("2.6.13", "redis2.6", "2.6.13", [], "end-of-life"),
    ("2.8.6", "redis2.8", "2.8.6", [], "end-of-life"),
    ("2.8.12", "redis2.8", "2.8.12", [], "end-of-life"),
    ("2.8.19", "redis2.8", "2.8.19", [], "end-of-life"),
    ("2.8.21", "redis2.8", "2.8.21", [], "end-of-life"),
    ("2.8.22", "redis2.8", "2.8.22", [], "end-of-life"),
    ("2.8.23", "redis2.8", "2.8.23", [], "end-of-life"),
    ("2.8.24", "redis2.8", "2.8.24", [], "end-of-life"),
    ("3.2.4", "redis3.2", "3.2.4", [], "end-of-life"),
    ("3.2.6", "redis3.2", "3.2.6", [], "end-of-life"),
    ("3.2.10", "redis3.2", "3.2.10", [], "end-of-life"),
    ("4.0.10", "redis4.0", "4.0.10", [], "current"),
    ("5.0.0", "redis5.0", "5.0.0", [], "deprecated"),
    ("5.0.3", "redis5.0", "5.0.3", [], "deprecated"),
    ("5.0.4", "redis5.0", "5.0.4", [], "deprecated"),
    ("5.0.5", "redis5.0", "5.0.5", [], "deprecated"),
    ("5.0.6", "redis5.0", "5.0.6", [], "current"),
    # 6.0 takes no patch version: "Any request with a specific patch version value will be
    # rejected" (User Guide, ElastiCache for Redis version 6.0).
    ("6.0", "redis6.x", "6.0.5", [], "current"),
    # "Specifying engine version 6.x in the API will result in the latest minor version of
    # Redis 6" (User Guide, version 6.2): 6.x selects 6.2.
    ("6.2", "redis6.x", "6.2.6", ["6.2.6", "6.x"], "current"),
    ("7.0", "redis7", "7.0.7", ["7.0.7"], "current"),
    ("7.1", "redis7", "7.1.0", ["7.1.0"], "current"),
]
REDIS_DEFAULT_FOR_MAJOR = {"2": "2.8.24", "3": "3.2.10", "4": "4.0.10", "5": "5.0.6", "6": "6.2",
                           "7": "7.1"}
# botocore's example shows the ElastiCache release suffix of these three.
REDIS_DESCRIPTION = {"2.8.22": "redis version 2.8.22 R5", "2.8.23": "redis version 2.8.23 R4",
                     "2.8.24": "redis version 2.8.24 R3"}

VALKEY = [
    ("7.2", "valkey7", "7.2.6", ["7.2.6"], "current"),
    ("8.0", "valkey8", "8.0.1", ["8.0.1"], "current"),
    ("8.1", "valkey8", "8.1.0", ["8.1.0"], "current"),
    ("8.2", "valkey8", "8.2.0", ["8.2.0"], "current"),
]
VALKEY_DEFAULT_FOR_MAJOR = {"7": "7.2", "8": "8.2"}

MEMCACHED = [(v, "memcached" + v[:3], v, [], "current") for v in [
    "1.4.5", "1.4.14", "1.4.24", "1.4.33", "1.4.34", "1.5.10", "1.5.16", "1.6.6", "1.6.12",
    "1.6.17", "1.6.22"]]
MEMCACHED_DEFAULT_FOR_MAJOR = {"1": "1.6.22"}

# Newer than the archive (May 2023); sourced from CURRENT_PAGE.
NOT_IN_ARCHIVE = {("redis", "7.1"), ("memcached", "1.6.22")} | {("valkey", v[0]) for v in VALKEY}

# The version picked when a create request omits EngineVersion: the newest of each engine.
ENGINE_DEFAULT = {"redis": "7.1", "valkey": "8.2", "memcached": "1.6.22"}


def check_against_archive(archive):
    """Every version older than the archive must be named in its version pages: in a heading
    ("ElastiCache for Redis version 5.0.6 (enhanced)") or in the end-of-life table."""
    def versions_in(text):
        return set(re.findall(r"\b\d+\.\d+(?:\.\d+)?\b", text))

    redis = set()
    for _, title in awsdocs_archive.headings(archive.read("redis/supported-engine-versions.md")):
        redis |= versions_in(title)
    for cells in awsdocs_archive.table_rows(archive.read("redis/deprecated-engine-versions.md")):
        if len(cells) > 1:
            redis |= versions_in(cells[1])  # "Source Minor Versions"
    memcached = set()
    for _, title in awsdocs_archive.headings(
            archive.read("memcache/supported-engine-versions-mc.md")):
        memcached |= versions_in(title)
    missing = [f"{engine} {version}"
               for engine, entries, found in (("redis", REDIS, redis),
                                              ("memcached", MEMCACHED, memcached))
               for version, *_ in entries
               if (engine, version) not in NOT_IN_ARCHIVE and version not in found]
    if missing:
        raise SystemExit("not found in the archived User Guide: " + ", ".join(missing))


def rows():
    engines = (
        ("redis", "Redis", REDIS, REDIS_DEFAULT_FOR_MAJOR),
        ("valkey", "Valkey", VALKEY, VALKEY_DEFAULT_FOR_MAJOR),
        ("memcached", "memcached", MEMCACHED, MEMCACHED_DEFAULT_FOR_MAJOR),
    )
    for engine, description, entries, defaults in engines:
        for version, family, actual, extra, lifecycle in entries:
            major = version.split(".")[0]
            version_description = REDIS_DESCRIPTION.get(version, f"{engine} version {actual}") \
                if engine == "redis" else f"{engine} version {actual}"
            yield [engine, version, family, description, version_description, actual,
                   " ".join([version] + extra),
                   "yes" if defaults.get(major) == version else "no",
                   "yes" if ENGINE_DEFAULT[engine] == version else "no",
                   lifecycle]


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    check_against_archive(awsdocs_archive.Archive(sys.argv[1]))
    out = io.StringIO()
    out.write(
        "# Cache engine versions: DescribeCacheEngineVersions and the EngineVersion values\n"
        "# CreateCacheCluster / CreateReplicationGroup accept. Generated by\n"
        "# tools/gen_engine_versions.py; docs/catalogs.md says where each fact comes from.\n"
        "# Columns:\n"
        "#   engine_version     as DescribeCacheEngineVersions shows it (major.minor from 6.0 on)\n"
        "#   actual_version     the full version a cluster of this entry reports\n"
        "#   accepted_versions  space-separated EngineVersion values that select this entry\n"
        "#   default_for_major  the entry DefaultOnly returns for its engine and major version\n"
        "#   engine_default     the entry used when EngineVersion is omitted (one per engine)\n"
        "#   lifecycle          current, deprecated (still offered) or end-of-life\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    count = 0
    for row in rows():
        writer.writerow(row)
        count += 1
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(out.getvalue())
    print(f"wrote {OUTPUT}: {count} engine versions")


if __name__ == "__main__":
    main()
