#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpus and dictionaries (tests/fuzz/corpus/, tests/fuzz/dict/).

The seeds are the requests the SDK really sends: boto3 serializes and signs a call for every
operation of the service model (with example parameters derived from its input shape) and for
a few realistic scenarios (create, describe, modify, delete across resource families); the
request is captured just before it would go on the wire. Each target gets them in its own input
format (see the comment at the top of each tests/fuzz/fuzz_*.cpp). The dictionaries hold every
parameter name of the model's input shapes, the operation names and the protocol's syntax.

Run it again when operations are added:  python3 tools/gen_fuzz_corpus.py
Needs boto3 (Debian's python3-boto3); writes files named by the SHA-1 of their content, so a
second run adds only what changed.
"""

import datetime
import hashlib
import json
import os
import shutil
import sys
import urllib.parse

import boto3
from botocore.config import Config

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FUZZ_DIR = os.path.join(REPO_ROOT, "tests", "fuzz")
MODEL = json.load(open(os.path.join(REPO_ROOT, "config", "service-model.json")))
OPERATIONS = list(MODEL["operations"])  # the order ServiceModel::Embedded() keeps
SHAPES = MODEL["shapes"]
SEPARATOR = b"\x1e"  # between the requests of one fuzz_app_handle input


class Captured(Exception):
    def __init__(self, request):
        super().__init__("captured")
        self.request = request


def client(region="us-east-1", key="AKIDEXAMPLE"):
    c = boto3.client("elasticache", endpoint_url="http://127.0.0.1:4510", region_name=region,
                     aws_access_key_id=key, aws_secret_access_key="dummy-secret",
                     config=Config(retries={"max_attempts": 1}, parameter_validation=False))

    def capture(request, **_):
        raise Captured(request)
    c.meta.events.register("before-send.elasticache.*", capture)
    return c


def capture(c, operation, params):
    """The prepared request boto3 would send for operation(params)."""
    method = getattr(c, c.meta.method_to_api_mapping and next(
        k for k, v in c.meta.method_to_api_mapping.items() if v == operation))
    try:
        method(**params)
    except Captured as captured:
        return captured.request
    except Exception as error:  # a parameter boto3 itself refuses: no seed for it
        print(f"skipped {operation}: {error}", file=sys.stderr)
    return None


def example(shape_name, member_name="", depth=0):
    """A plausible value of a shape, the way a user would fill it in."""
    shape = SHAPES[shape_name]
    kind = shape["type"]
    if kind == "structure":
        out = {}
        required = set(shape.get("required", []))
        for i, (name, member) in enumerate(shape.get("members", {}).items()):
            if name in required or (depth < 2 and i % 3 == 0):
                out[name] = example(member["shape"], name, depth + 1)
        return out
    if kind == "list":
        element = shape["member"]["shape"]
        return [example(element, member_name, depth + 1) for _ in range(2 if depth < 3 else 1)]
    if kind == "map":
        return {"key": example(shape["value"]["shape"], member_name, depth + 1)}
    if kind in ("integer", "long"):
        return max(1, shape.get("min", 1))
    if kind == "boolean":
        return True
    if kind in ("double", "float"):
        return 1.5
    if kind == "timestamp":
        return datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    if "enum" in shape:
        return shape["enum"][0]
    if member_name.endswith("Arn") or member_name == "ResourceName":
        return "arn:aws:elasticache:us-east-1:000000000000:replicationgroup:my-group"
    if "Window" in member_name:
        return "sun:05:00-sun:06:00"
    if member_name == "AuthToken":
        return "a-long-enough-auth-token-1"
    if member_name == "AccessString":
        return "on ~* +@all"
    return "my-" + member_name.lower()[:20] if member_name else "value"


# Realistic calls, in the order a user makes them (fuzz_app_handle runs them in sequence).
SCENARIOS = [
    [("CreateReplicationGroup", dict(ReplicationGroupId="web", ReplicationGroupDescription="d",
                                     Engine="redis", CacheNodeType="cache.t3.micro",
                                     NumCacheClusters=2, AutomaticFailoverEnabled=True,
                                     Tags=[{"Key": "team", "Value": "web"}])),
     ("DescribeReplicationGroups", dict(ReplicationGroupId="web")),
     ("ModifyReplicationGroup", dict(ReplicationGroupId="web", ApplyImmediately=True,
                                     CacheNodeType="cache.t3.small")),
     ("TestFailover", dict(ReplicationGroupId="web", NodeGroupId="0001")),
     ("DeleteReplicationGroup", dict(ReplicationGroupId="web"))],
    [("CreateReplicationGroup", dict(ReplicationGroupId="shards", ReplicationGroupDescription="d",
                                     CacheParameterGroupName="default.redis7.cluster.on",
                                     NumNodeGroups=3, ReplicasPerNodeGroup=1,
                                     AutomaticFailoverEnabled=True)),
     ("ModifyReplicationGroupShardConfiguration",
      dict(ReplicationGroupId="shards", NodeGroupCount=4, ApplyImmediately=True)),
     ("IncreaseReplicaCount", dict(ReplicationGroupId="shards", NewReplicaCount=2,
                                   ApplyImmediately=True)),
     ("CreateSnapshot", dict(ReplicationGroupId="shards", SnapshotName="snap")),
     ("DescribeSnapshots", dict(SnapshotName="snap")),
     ("CopySnapshot", dict(SourceSnapshotName="snap", TargetSnapshotName="snap-copy"))],
    [("CreateCacheCluster", dict(CacheClusterId="memc", Engine="memcached",
                                 CacheNodeType="cache.t3.micro", NumCacheNodes=3)),
     ("ModifyCacheCluster", dict(CacheClusterId="memc", NumCacheNodes=2,
                                 CacheNodeIdsToRemove=["0003"], ApplyImmediately=True)),
     ("RebootCacheCluster", dict(CacheClusterId="memc", CacheNodeIdsToReboot=["0001"])),
     ("DescribeCacheClusters", dict(ShowCacheNodeInfo=True)),
     ("DeleteCacheCluster", dict(CacheClusterId="memc"))],
    [("CreateCacheParameterGroup", dict(CacheParameterGroupName="params",
                                        CacheParameterGroupFamily="redis7", Description="d")),
     ("ModifyCacheParameterGroup", dict(CacheParameterGroupName="params", ParameterNameValues=[
         {"ParameterName": "maxmemory-policy", "ParameterValue": "allkeys-lru"}])),
     ("DescribeCacheParameters", dict(CacheParameterGroupName="params", MaxRecords=20)),
     ("ResetCacheParameterGroup", dict(CacheParameterGroupName="params",
                                       ResetAllParameters=True))],
    [("CreateUser", dict(UserId="alice", UserName="alice", Engine="redis",
                         AccessString="on ~* +@all", Passwords=["correct-horse-battery-1"])),
     ("CreateUserGroup", dict(UserGroupId="team", Engine="redis", UserIds=["default", "alice"])),
     ("ModifyUserGroup", dict(UserGroupId="team", UserIdsToRemove=["alice"])),
     ("DescribeUsers", dict(UserId="alice")),
     ("DeleteUserGroup", dict(UserGroupId="team"))],
    [("CreateCacheSubnetGroup", dict(CacheSubnetGroupName="subnets",
                                     CacheSubnetGroupDescription="d",
                                     SubnetIds=["subnet-0a1", "subnet-0b2"])),
     ("AddTagsToResource", dict(
         ResourceName="arn:aws:elasticache:us-east-1:000000000000:subnetgroup:subnets",
         Tags=[{"Key": "k", "Value": "v"}])),
     ("DescribeEvents", dict(Duration=60)),
     ("PurchaseReservedCacheNodesOffering", dict(
         ReservedCacheNodesOfferingId="0167633d-37f6-4ce1-8ef8-0ebd6bd4b9fe")),
     ("DescribeServiceUpdates", dict(MaxRecords=20)),
     ("BatchApplyUpdateAction", dict(ReplicationGroupIds=["web"],
                                     ServiceUpdateName="elasticache-20230315-001"))],
]


def header(request, name):
    for k, v in request.headers.items():
        if k.lower() == name:
            return v.decode() if isinstance(v, bytes) else v
    return ""


def body_of(request):
    body = request.body or b""
    return body.encode() if isinstance(body, str) else body


def http_text(request):
    """fuzz_app_handle's format of one request."""
    parts = urllib.parse.urlsplit(request.url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    lines = [f"{request.method} {target}"]
    for name in ("content-type", "authorization", "x-amz-date", "host"):
        if header(request, name):
            lines.append(f"{name}: {header(request, name)}")
    return "\n".join(lines).encode() + b"\n\n" + body_of(request)


def write(target, content, written):
    directory = os.path.join(FUZZ_DIR, "corpus", target)
    os.makedirs(directory, exist_ok=True)
    name = hashlib.sha1(content).hexdigest()
    with open(os.path.join(directory, name), "wb") as f:
        f.write(content)
    written[target] = written.get(target, 0) + 1


def dictionary_tokens():
    names = set()
    for shape in SHAPES.values():
        for name, member in shape.get("members", {}).items():
            names.add(member.get("locationName", name))
        if shape["type"] == "list":
            names.add(shape["member"].get("locationName", "member"))
    return sorted(names) + OPERATIONS


def dict_line(token):
    escaped = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else f"\\x{ord(c):02x}"
                      for c in token)
    return f'"{escaped}"\n'


def main():
    for target in ("query_params", "query_decoder", "sigv4", "page_marker", "xml_serializer",
                   "app_handle"):
        shutil.rmtree(os.path.join(FUZZ_DIR, "corpus", target), ignore_errors=True)
    written = {}
    c = client()
    every = []
    for index, operation in enumerate(OPERATIONS):
        input_shape = MODEL["operations"][operation].get("input")
        params = example(input_shape) if input_shape else {}
        request = capture(c, operation, params)
        if request is None:
            continue
        body = body_of(request)
        every.append(request)
        write("query_params", body, written)
        write("query_decoder", bytes([index]) + body, written)
        write("app_handle", http_text(request), written)
        write("sigv4", "\n".join([header(request, "authorization"),
                                  header(request, "x-amz-date"), "", body.decode(), "/"])
              .encode(), written)
        write("page_marker", bytes([index]) + b"bXktZ3JvdXA.0123456789ab", written)
    for scenario in SCENARIOS:
        requests = [capture(c, op, params) for op, params in scenario]
        write("app_handle", SEPARATOR.join(http_text(r) for r in requests if r), written)
    # The query-string form (GET), other accounts and regions, and a presigned URL.
    other = client(region="eu-west-1", key="123456789012")
    for operation, params in (("DescribeCacheClusters", {"ShowCacheNodeInfo": True}),
                              ("DescribeReplicationGroups", {"MaxRecords": 20})):
        request = capture(other, operation, params)
        query = body_of(request).decode()
        write("query_params", query.encode(), written)
        write("app_handle", f"GET /?{query}\nauthorization: {header(request, 'authorization')}"
              f"\n\n".encode(), written)
        url = other.generate_presigned_url(
            other.meta.method_to_api_mapping and next(
                k for k, v in other.meta.method_to_api_mapping.items() if v == operation),
            Params=params, HttpMethod="GET")
        split = urllib.parse.urlsplit(url)
        write("sigv4", f"\n\n{split.query}\n\n/".encode(), written)
        write("app_handle", f"GET /?{split.query}\n\n".encode(), written)
    for admin in (b"POST /_admin/reset\n\n", b"GET /_admin/clock\n\n",
                  b"POST /_admin/clock/advance?seconds=3600\n\n", b"GET /health\n\n"):
        write("app_handle", admin, written)
    for seed in (b"", b"\x00" * 64, bytes(range(256)), b"\xff" * 128):
        write("xml_serializer", seed, written)

    os.makedirs(os.path.join(FUZZ_DIR, "dict"), exist_ok=True)
    tokens = dictionary_tokens()
    syntax = ["=", "&", ".", ".member.", ".1", ".2", "%", "%2F", "%20", "+", "Action=",
              "Version=2015-02-02", "true", "false", "2026-01-01T00:00:00Z", "\xc3\xa9",
              "\xef\xbf\xbf", "\xed\xa0\x80", "\x00"]
    http = ["POST /", "GET /?", "\n\n", "\x1e", "content-type: ", "authorization: ",
            "x-amz-date: ", "application/x-www-form-urlencoded", "/_admin/clock/advance",
            "/_admin/reset", "/health"]
    sigv4 = ["AWS4-HMAC-SHA256", "Credential=", "SignedHeaders=", "Signature=", "aws4_request",
             "/elasticache/", "us-east-1", "20150830T123600Z", "20150830", ", ", ";", "host",
             "x-amz-date", "X-Amz-Algorithm=", "X-Amz-Credential=", "X-Amz-Signature=",
             "X-Amz-Date=", "X-Amz-Expires=", "X-Amz-SignedHeaders=", "%2F", "\n", "/./", "/../"]
    wanted = {"query_params": tokens + syntax, "query_decoder": tokens + syntax,
              "app_handle": tokens + syntax + http + sigv4, "sigv4": sigv4 + syntax}
    for target, words in wanted.items():
        with open(os.path.join(FUZZ_DIR, "dict", f"{target}.dict"), "w") as f:
            f.write(f"# {target}: parameter names and syntax (tools/gen_fuzz_corpus.py)\n")
            for word in dict.fromkeys(words):
                f.write(dict_line(word))
    for target, count in sorted(written.items()):
        print(f"{target}: {count} seeds")


if __name__ == "__main__":
    main()
