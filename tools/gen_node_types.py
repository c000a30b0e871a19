#!/usr/bin/env python3
"""Writes config/node-types.csv, the cache node types catalog (model/node_type_catalog.h).

Every node type of config/reserved-offerings.csv plus the current ones it lacks (r6gd, c7gn,
m8g, r8g, c8gn). Where the facts come from (docs/catalogs.md has the details):
- Memory (GiB) and minimum engine versions of current generation types: the current
  "Supported node types" page (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/
  CacheNodes.SupportedTypes.html), written below as data because it is newer than the
  archive. The minimum Redis OSS versions of the older current-generation types are the
  archived page's (doc_source/redis/CacheNodes.SupportedTypes.md, May 2023), which this
  script reads and checks against the table below; the current page raises several of them
  to 4.0.10 only because 2.x and 3.x reached end of life.
- Previous generation types (t1, m1, m2, m3, c1, r3): memory as AWS's previous generation
  page lists it; they take every Redis OSS and Memcached version and no Valkey version.
- vCPUs follow the EC2 instance size (large 2, xlarge 4, 2xlarge 8, ... 24xlarge 96).
- T2 is marked previous generation: the current page says new T2 clusters can no longer be
  created.

Run:  python3 tools/gen_node_types.py <path of awsdocs/amazon-elasticache-docs>
"""

import csv
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import awsdocs_archive  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(REPO_ROOT, "config", "node-types.csv")
OFFERINGS = os.path.join(REPO_ROOT, "config", "reserved-offerings.csv")

HEADER = ["cache_node_type", "family", "generation", "category", "memory_gib", "vcpus",
          "ssd_gib", "redis_min_version", "valkey_min_version", "memcached_min_version"]

SIZES = ["micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge",
         "10xlarge", "12xlarge", "16xlarge", "24xlarge"]
VCPUS = {"large": 2, "xlarge": 4, "2xlarge": 8, "4xlarge": 16, "8xlarge": 32, "10xlarge": 40,
         "12xlarge": 48, "16xlarge": 64, "24xlarge": 96}

# family: (generation, category, {size: memory GiB}, vcpus override, ssd GiB per size,
#          redis min, valkey min, memcached min)   "" = the engine does not run on it
GRAVITON_SIZES = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"]


def sized(sizes, memory):
    return dict(zip(sizes, memory))


FAMILIES = {
    # Burstable. t2.micro is 0.555 GiB in the per-engine tables (0.5 in the burstable one).
    "t1": ("previous", "burstable", {"micro": 0.213}, {"micro": 1}, {}, "2.6.13", "", "1.4.5"),
    "t2": ("previous", "burstable", sized(["micro", "small", "medium"], [0.555, 1.55, 3.22]),
           {"micro": 1, "small": 1, "medium": 2}, {}, "3.2.4", "7.2", "1.5.16"),
    "t3": ("current", "burstable", sized(["micro", "small", "medium"], [0.5, 1.37, 3.09]),
           {"micro": 2, "small": 2, "medium": 2}, {}, "3.2.4", "7.2", "1.5.16"),
    # The API reference: "T4g node types (available only for Redis OSS engine version 5.0.6
    # onward ...)"; the archived table's 3.2.4 for t4g.micro contradicts it.
    "t4g": ("current", "burstable", sized(["micro", "small", "medium"], [0.5, 1.37, 3.09]),
            {"micro": 2, "small": 2, "medium": 2}, {}, "5.0.6", "7.2", "1.5.16"),
    # General purpose.
    "m1": ("previous", "general", sized(["small", "medium", "large", "xlarge"],
                                        [1.3, 3.35, 7.1, 14.6]),
           {"small": 1, "medium": 1, "large": 2, "xlarge": 4}, {}, "2.6.13", "", "1.4.5"),
    "m2": ("previous", "memory", sized(["xlarge", "2xlarge", "4xlarge"], [16.7, 33.8, 68.0]),
           {"xlarge": 2, "2xlarge": 4, "4xlarge": 8}, {}, "2.6.13", "", "1.4.5"),
    "m3": ("previous", "general", sized(["medium", "large", "xlarge", "2xlarge"],
                                        [2.78, 6.05, 13.3, 27.9]),
           {"medium": 1, "large": 2, "xlarge": 4, "2xlarge": 8}, {}, "2.6.13", "", "1.4.5"),
    "m4": ("current", "general", sized(["large", "xlarge", "2xlarge", "4xlarge", "10xlarge"],
                                       [6.42, 14.28, 29.70, 60.78, 154.64]),
           {}, {}, "3.2.4", "7.2", "1.5.16"),
    "m5": ("current", "general", sized(["large", "xlarge", "2xlarge", "4xlarge", "12xlarge",
                                        "24xlarge"], [6.38, 12.93, 26.04, 52.26, 157.12, 314.32]),
           {}, {}, "3.2.4", "7.2", "1.5.16"),
    "m6g": ("current", "general", sized(GRAVITON_SIZES, [6.38, 12.93, 26.04, 52.26, 103.68,
                                                          157.12, 209.55]),
            {}, {}, "5.0.6", "7.2", "1.5.16"),
    "m7g": ("current", "general", sized(GRAVITON_SIZES, [6.38, 12.93, 26.04, 52.26, 103.68,
                                                          157.12, 209.55]),
            {}, {}, "6.2", "7.2", "1.5.16"),
    "m8g": ("current", "general", sized(GRAVITON_SIZES, [6.79, 14.18, 29.68, 61.33, 124.65,
                                                          187.96, 251.27]),
            {}, {}, "", "7.2", "1.6.6"),
    # Compute and network optimized.
    "c1": ("previous", "compute", {"xlarge": 6.6}, {"xlarge": 8}, {}, "2.6.13", "", "1.4.5"),
    "c7gn": ("current", "network", sized(GRAVITON_SIZES, [3.09, 6.38, 12.94, 26.05, 52.26,
                                                           78.56, 105.81]),
             {}, {}, "6.2", "7.2", "1.6.6"),
    "c8gn": ("current", "network", sized(GRAVITON_SIZES, [3.1, 6.79, 14.18, 29.68, 61.33,
                                                           92.99, 124.65]),
             {}, {}, "", "7.2", "1.6.6"),
    # Memory optimized.
    "r3": ("previous", "memory", sized(["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"],
                                       [13.5, 28.4, 58.2, 118.0, 237.0]),
           {}, {}, "2.6.13", "", "1.4.5"),
    "r4": ("current", "memory", sized(["large", "xlarge", "2xlarge", "4xlarge", "8xlarge",
                                       "16xlarge"], [12.30, 25.05, 50.47, 101.38, 203.26, 407.00]),
           {}, {}, "3.2.4", "7.2", "1.5.16"),
    "r5": ("current", "memory", sized(["large", "xlarge", "2xlarge", "4xlarge", "12xlarge",
                                       "24xlarge"], [13.07, 26.32, 52.82, 105.81, 317.77, 635.61]),
           {}, {}, "3.2.4", "7.2", "1.5.16"),
    "r6g": ("current", "memory", sized(GRAVITON_SIZES, [13.07, 26.32, 52.82, 105.81, 209.55,
                                                         317.77, 419.09]),
            {}, {}, "5.0.6", "7.2", "1.5.16"),
    "r6gd": ("current", "memory-data-tiering",
             sized(GRAVITON_SIZES[1:], [26.32, 52.82, 105.81, 209.55, 317.77, 419.09]), {},
             sized(GRAVITON_SIZES[1:], [99.33, 199.07, 398.14, 796.28, 1194.42, 1592.56]),
             "6.2.0", "7.2", ""),
    "r7g": ("current", "memory", sized(GRAVITON_SIZES, [13.07, 26.32, 52.82, 105.81, 209.55,
                                                         317.77, 419.09]),
            {}, {}, "6.2", "7.2", "1.5.16"),
    "r8g": ("current", "memory", sized(GRAVITON_SIZES, [14.18, 29.68, 61.33, 124.65, 251.27,
                                                         377.9, 504.52]),
            {}, {}, "", "7.2", "1.6.6"),
}


def node_types():
    for family, (generation, category, memory, vcpus, ssd, redis, valkey, memcached) in \
            FAMILIES.items():
        for size in sorted(memory, key=SIZES.index):
            yield {
                "cache_node_type": f"cache.{family}.{size}", "family": family,
                "generation": generation, "category": category,
                "memory_gib": f"{memory[size]:g}", "vcpus": str(vcpus.get(size, VCPUS.get(size))),
                "ssd_gib": f"{ssd[size]:g}" if size in ssd else "",
                "redis_min_version": redis, "valkey_min_version": valkey,
                "memcached_min_version": memcached,
            }


def check(types, archive):
    """Every reserved offering's node type is listed; the archived page agrees on the minimum
    Redis OSS version of every type it lists (t4g.micro excepted, see FAMILIES)."""
    with open(OFFERINGS, encoding="utf-8") as f:
        lines = [l for l in f if l.strip() and not l.startswith("#")]
    offered = {row["cache_node_type"] for row in csv.DictReader(lines)}
    listed = {t["cache_node_type"]: t for t in types}
    missing = sorted(offered - set(listed))
    if missing:
        raise SystemExit("node types of reserved-offerings.csv not listed: " + ", ".join(missing))
    disagreements = []
    for cells in awsdocs_archive.table_rows(archive.read("redis/CacheNodes.SupportedTypes.md")):
        if len(cells) < 2 or not cells[0].startswith("cache."):
            continue
        name, minimum = cells[0], cells[1]
        if name == "cache.t4g.micro":
            continue
        if name not in listed or listed[name]["redis_min_version"] != minimum:
            disagreements.append(f"{name}: archive {minimum}, catalog "
                                 f"{listed.get(name, {}).get('redis_min_version')}")
    if disagreements:
        raise SystemExit("minimum Redis versions disagree with the archive:\n  " +
                         "\n  ".join(disagreements))
    return len(offered)


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    types = list(node_types())
    offered = check(types, awsdocs_archive.Archive(sys.argv[1]))
    out = io.StringIO()
    out.write(
        "# Cache node types: memory, vCPUs and the engines each runs. Generated by\n"
        "# tools/gen_node_types.py; docs/catalogs.md says where each fact comes from. Columns:\n"
        "#   family              the node family: t3, m7g, r6gd, c7gn, ...\n"
        "#   generation          current, or previous (no new clusters; never a scaling target)\n"
        "#   category            burstable, general, compute, network, memory,\n"
        "#                       memory-data-tiering (r6gd: scales only within its family)\n"
        "#   memory_gib          memory as AWS documents it; ssd_gib: data tiering SSD, if any\n"
        "#   *_min_version       oldest engine version the type runs; empty: not supported\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for t in types:
        writer.writerow([t[c] for c in HEADER])
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(out.getvalue())
    print(f"wrote {OUTPUT}: {len(types)} node types ({offered} from reserved-offerings.csv)")


if __name__ == "__main__":
    main()
