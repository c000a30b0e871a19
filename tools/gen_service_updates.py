#!/usr/bin/env python3
"""Writes config/service-updates.csv, the service updates catalog (model/service_update_catalog.h).

ElastiCache publishes no list of its service updates: each account sees, through
DescribeServiceUpdates, the ones that concern it. The entries below are real updates whose
names (and, where stated, dates and attributes) were published by AWS or by users quoting
AWS's output or notices. Each entry names its source; a value no source states is marked
`chosen` in CHOSEN and docs/service-updates.md lists it. Descriptions are short sentences
written for this project, not AWS's text.

Run:  python3 tools/gen_service_updates.py      (standard library only; no network)
"""

import csv
import io
import os

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(REPO_ROOT, "config", "service-updates.csv")

HEADER = ["service_update_name", "release_date", "end_date", "severity", "status",
          "recommended_apply_by_date", "type", "engine", "engine_version", "applies_to",
          "estimated_update_time", "auto_update_after_recommended_apply_by_date",
          "description"]

SEVERITIES = {"critical", "important", "medium", "low"}
STATUSES = {"available", "cancelled", "expired"}
# The API model lists only security-update; AWS's notices also name engine-update and
# engine-major-version-update (sources below), so those are accepted too.
TYPES = {"security-update", "engine-update", "engine-major-version-update"}

UPDATES = [
    {
        # aws/aws-cli awscli/examples/elasticache/describe-service-updates.rst (the first,
        # anonymised entry: same dates as elc-20191007-001 in describe-update-actions.rst, which
        # names it). Status there was available; its end date (2020-02-09) has passed, so it
        # is expired today.
        "service_update_name": "elc-20191007-001",
        "release_date": "2019-10-09T16:00:00Z",
        "end_date": "2020-02-09T15:59:59Z",
        "severity": "important",
        "status": "expired",
        "recommended_apply_by_date": "2019-11-08T15:59:59Z",
        "type": "security-update",
        "engine": "redis, memcached",
        "engine_version": "redis 2.6.13 and onwards, memcached 1.4.5 and onwards",
        "applies_to": "redis:2.6.13+ memcached:1.4.5+",
        "estimated_update_time": "30 minutes per node",
        "auto": "no",
        "description": "Security, reliability and performance fixes for ElastiCache nodes.",
    },
    {
        # Name: a user's report of applying it (Qiita, 2021, "elasticache-20210615-002 の適用",
        # cited by cloud-tips.hatenablog.com 2023-09-20) and integr8ly/integreatly-operator's
        # list of Redis service updates it installs. Everything else is chosen.
        "service_update_name": "elasticache-20210615-002",
        "release_date": "2021-06-15T00:00:00Z",
        "end_date": "2022-06-15T23:59:59Z",
        "severity": "important",
        "status": "expired",
        "recommended_apply_by_date": "2021-07-15T23:59:59Z",
        "type": "security-update",
        "engine": "redis",
        "engine_version": "redis 3.2.6 and onwards",
        "applies_to": "redis:3.2.6+",
        "estimated_update_time": "30 minutes per node",
        "auto": "no",
        "description": "Security and reliability fixes for Redis OSS nodes.",
    },
    {
        # Name: integr8ly/integreatly-operator (list of Redis service updates to install). The
        # name says it brings 6.2 clusters to 6.2.6; dates chosen from the name.
        "service_update_name": "elasticache-redis-6-2-6-update-20230109",
        "release_date": "2023-01-09T00:00:00Z",
        "end_date": "2024-01-09T23:59:59Z",
        "severity": "important",
        "status": "expired",
        "recommended_apply_by_date": "2023-02-09T23:59:59Z",
        "type": "engine-update",
        "engine": "redis",
        "engine_version": "redis 6.2",
        "applies_to": "redis:6.2",
        "estimated_update_time": "30 minutes per node",
        "auto": "no",
        "description": "Brings Redis OSS 6.2 nodes to patch version 6.2.6.",
    },
    {
        # Name: integr8ly/integreatly-operator (same list). Dates chosen from the name.
        "service_update_name": "elasticache-20230315-001",
        "release_date": "2023-03-15T00:00:00Z",
        "end_date": "2024-03-15T23:59:59Z",
        "severity": "important",
        "status": "expired",
        "recommended_apply_by_date": "2023-04-15T23:59:59Z",
        "type": "security-update",
        "engine": "redis",
        "engine_version": "redis 4.0.10 and onwards",
        "applies_to": "redis:4.0.10+",
        "estimated_update_time": "30 minutes per node",
        "auto": "no",
        "description": "Security and reliability fixes for Redis OSS nodes.",
    },
    {
        # AWS's notice quoted in Talent-Catalog/talentcatalog#2625 (2025-10-22): severity
        # medium, security-update, recommended apply-by 2025-06-20 07:59:59 UTC, no
        # auto-update, still offered in October 2025. Release date from the name; the engines
        # it covers are chosen (the notice names clusters only).
        "service_update_name": "elasticache-20250507-intel",
        "release_date": "2025-05-07T00:00:00Z",
        "end_date": "",
        "severity": "medium",
        "status": "available",
        "recommended_apply_by_date": "2025-06-20T07:59:59Z",
        "type": "security-update",
        "engine": "redis, valkey, memcached",
        "engine_version": "redis 4.0.10 and onwards, valkey 7.2 and onwards, "
                          "memcached 1.5.16 and onwards",
        "applies_to": "redis:4.0.10+ valkey:7.2+ memcached:1.5.16+",
        "estimated_update_time": "30 minutes per node",
        "auto": "no",
        "description": "Security fixes for nodes on Intel-based node types.",
    },
    {
        # app-sre/qontract-schemas#917 (2025-08-19): a service update of type
        # engine-major-version-update named elasticache-redis-oss-v4-v5-eol-replication-groups.
        # The name says it moves Redis OSS 4 and 5 groups off their end-of-life versions;
        # dates and severity chosen.
        "service_update_name": "elasticache-redis-oss-v4-v5-eol-replication-groups",
        "release_date": "2025-08-01T00:00:00Z",
        "end_date": "",
        "severity": "important",
        "status": "available",
        "recommended_apply_by_date": "2026-01-31T23:59:59Z",
        "type": "engine-major-version-update",
        "engine": "redis",
        "engine_version": "redis 4.0.10 to 5.0.6",
        "applies_to": "redis:4 redis:5",
        "estimated_update_time": "30 minutes per node",
        "auto": "no",
        "description": "Upgrades Redis OSS 4 and 5 replication groups past their end of life.",
    },
    {
        # AWS's notice quoted in CredentialEngine/CredentialRegistry#992 (2026-02-21):
        # severity important, engine-update, recommended apply-by 2026-03-22 23:59:59 UTC, no
        # auto-update. Release date = the notice's date; engines chosen.
        "service_update_name": "elasticache-feb-patch-update-202602",
        "release_date": "2026-02-20T00:00:00Z",
        "end_date": "",
        "severity": "important",
        "status": "available",
        "recommended_apply_by_date": "2026-03-22T23:59:59Z",
        "type": "engine-update",
        "engine": "redis, valkey",
        "engine_version": "redis 6.2 and onwards, valkey 7.2 and onwards",
        "applies_to": "redis:6.2+ valkey:7.2+",
        "estimated_update_time": "30 minutes per node",
        "auto": "no",
        "description": "Engine patch for Redis OSS and Valkey nodes.",
    },
]

# Values no source states (docs/service-updates.md repeats this list).
CHOSEN = {
    "elasticache-20210615-002": "all but the name",
    "elasticache-redis-6-2-6-update-20230109": "all but the name",
    "elasticache-20230315-001": "all but the name",
    "elasticache-20250507-intel": "release date (from the name), engines, estimated time",
    "elasticache-redis-oss-v4-v5-eol-replication-groups": "all but the name and the type",
    "elasticache-feb-patch-update-202602": "release date (notice date), engines, estimated time",
}


def check(update):
    assert update["severity"] in SEVERITIES, update
    assert update["status"] in STATUSES, update
    assert update["type"] in TYPES, update
    assert update["auto"] in ("yes", "no"), update
    assert update["applies_to"].strip(), update


def main():
    names = set()
    out = io.StringIO()
    out.write("# ElastiCache service updates: DescribeServiceUpdates and the update actions of\n"
              "# DescribeUpdateActions / BatchApplyUpdateAction. Generated by\n"
              "# tools/gen_service_updates.py; docs/service-updates.md says where each fact\n"
              "# comes from.\n"
              "# Columns:\n"
              "#   end_date           ServiceUpdateEndDate; empty when not published\n"
              "#   engine, engine_version  as DescribeServiceUpdates shows them\n"
              "#   applies_to         space-separated engine:version rules deciding which clusters\n"
              "#                      get an update action: redis:6.2 = that version and its\n"
              "#                      patches, redis:4.0.10+ = that version and every later one\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for u in UPDATES:
        check(u)
        assert u["service_update_name"] not in names, u
        names.add(u["service_update_name"])
        writer.writerow([u["service_update_name"], u["release_date"], u["end_date"],
                         u["severity"], u["status"], u["recommended_apply_by_date"], u["type"],
                         u["engine"], u["engine_version"], u["applies_to"],
                         u["estimated_update_time"], u["auto"], u["description"]])
    with open(OUTPUT, "w", encoding="utf-8") as f:
        f.write(out.getvalue())
    print(f"wrote {OUTPUT}: {len(UPDATES)} service updates")


if __name__ == "__main__":
    main()
