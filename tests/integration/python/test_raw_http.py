"""The wire seen without an SDK: Query protocol envelope, errors, limits, health and admin."""

import http.client
import json
import socket
import urllib.parse
import xml.etree.ElementTree as ET

from ecl_harness import ServerTestCase, main

NS = "{http://elasticache.amazonaws.com/doc/2015-02-02/}"
VERSION = "2015-02-02"


def parse(body):
    return ET.fromstring(body)


class QueryProtocol(ServerTestCase):
    def error_of(self, body):
        root = parse(body)
        self.assertEqual(root.tag, NS + "ErrorResponse", body)
        error = root.find(NS + "Error")
        self.assertIsNotNone(error, body)
        return {child.tag[len(NS):]: child.text for child in error}, root

    def test_describe_by_post_form(self):
        status, headers, body = self.server.query({"Action": "DescribeReplicationGroups",
                                                   "Version": VERSION})
        self.assertEqual(status, 200, body)
        self.assertTrue(headers.get("content-type", "").startswith("text/xml"), headers)
        root = parse(body)
        self.assertEqual(root.tag, NS + "DescribeReplicationGroupsResponse")
        self.assertIsNotNone(root.find(f"{NS}DescribeReplicationGroupsResult/{NS}ReplicationGroups"))
        request_id = root.findtext(f"{NS}ResponseMetadata/{NS}RequestId")
        self.assertTrue(request_id)
        self.assertEqual(headers.get("x-amzn-requestid"), request_id)

    def test_get_query_string_form_creates_and_describes(self):
        status, _, body = self.server.query({
            "Action": "CreateReplicationGroup", "Version": VERSION,
            "ReplicationGroupId": "viaget", "ReplicationGroupDescription": "made by GET",
            "NumCacheClusters": "2", "AutomaticFailoverEnabled": "true",
            "Tags.Tag.1.Key": "k", "Tags.Tag.1.Value": "v"}, method="GET")
        self.assertEqual(status, 200, body)
        root = parse(body)
        group = root.find(f"{NS}CreateReplicationGroupResult/{NS}ReplicationGroup")
        self.assertEqual(group.findtext(NS + "ReplicationGroupId"), "viaget")
        self.assertEqual(group.findtext(NS + "Status"), "creating")
        members = [e.text for e in group.find(NS + "MemberClusters")]
        self.assertEqual(members, ["viaget-001", "viaget-002"])
        self.assertEqual([e.tag for e in group.find(NS + "MemberClusters")],
                         [NS + "ClusterId"] * 2)

        status, _, body = self.server.query({"Action": "DescribeReplicationGroups",
                                             "Version": VERSION,
                                             "ReplicationGroupId": "viaget"}, method="GET")
        self.assertEqual(status, 200, body)
        members = parse(body).findall(
            f"{NS}DescribeReplicationGroupsResult/{NS}ReplicationGroups/{NS}ReplicationGroup/"
            f"{NS}NodeGroups/{NS}NodeGroup/{NS}NodeGroupMembers/{NS}NodeGroupMember")
        self.assertEqual(len(members), 2)

    def test_error_envelope_and_request_id_header(self):
        status, headers, body = self.server.query({"Action": "DescribeReplicationGroups",
                                                   "Version": VERSION,
                                                   "ReplicationGroupId": "absent"})
        self.assertEqual(status, 404)
        error, root = self.error_of(body)
        self.assertEqual(error["Type"], "Sender")
        self.assertEqual(error["Code"], "ReplicationGroupNotFoundFault")
        self.assertTrue(error["Message"])
        request_id = root.findtext(NS + "RequestId")  # a direct child, not in ResponseMetadata
        self.assertTrue(request_id)
        self.assertEqual(headers.get("x-amzn-requestid"), request_id)

    def test_request_ids_differ(self):
        ids = set()
        for _ in range(3):
            _, headers, _ = self.server.query({"Action": "DescribeReplicationGroups",
                                               "Version": VERSION})
            ids.add(headers.get("x-amzn-requestid"))
        self.assertEqual(len(ids), 3)

    def test_unknown_action(self):
        status, _, body = self.server.query({"Action": "LaunchRockets", "Version": VERSION})
        self.assertEqual(status, 400)
        self.assertEqual(self.error_of(body)[0]["Code"], "InvalidAction")

    def test_missing_action(self):
        status, _, body = self.server.query({"Version": VERSION})
        self.assertEqual(status, 400)
        self.assertIn(self.error_of(body)[0]["Code"], ("MissingAction", "InvalidAction"))

    def test_missing_required_parameter(self):
        status, _, body = self.server.query({"Action": "DeleteReplicationGroup",
                                             "Version": VERSION})
        self.assertEqual(status, 400)
        error = self.error_of(body)[0]
        self.assertEqual(error["Code"], "MissingParameter")
        self.assertIn("ReplicationGroupId", error["Message"])

    def test_integer_parameter_that_is_not_a_number(self):
        status, _, body = self.server.query({
            "Action": "CreateReplicationGroup", "Version": VERSION,
            "ReplicationGroupId": "typed", "ReplicationGroupDescription": "d",
            "NumCacheClusters": "abc"})
        self.assertEqual(status, 400)
        self.assertEqual(self.error_of(body)[0]["Code"], "InvalidParameterValue")

    def test_boolean_parameter_that_is_not_a_boolean(self):
        status, _, body = self.server.query({
            "Action": "CreateReplicationGroup", "Version": VERSION,
            "ReplicationGroupId": "typed", "ReplicationGroupDescription": "d",
            "AutomaticFailoverEnabled": "maybe"})
        self.assertEqual(status, 400)
        self.assertEqual(self.error_of(body)[0]["Code"], "InvalidParameterValue")

    def test_region_and_account_from_the_credential_scope(self):
        auth = ("AWS4-HMAC-SHA256 Credential=210987654321/20240101/ap-southeast-1/elasticache/"
                "aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
        status, _, body = self.server.query({
            "Action": "CreateReplicationGroup", "Version": VERSION,
            "ReplicationGroupId": "scoped", "ReplicationGroupDescription": "d"},
            headers={"Authorization": auth})
        self.assertEqual(status, 200, body)
        arn = parse(body).findtext(f"{NS}CreateReplicationGroupResult/{NS}ReplicationGroup/{NS}ARN")
        self.assertEqual(arn, "arn:aws:elasticache:ap-southeast-1:210987654321:replicationgroup:scoped")

    def test_oversized_body_is_413_and_server_stays_healthy(self):
        host, port = urllib.parse.urlsplit(self.server.endpoint).netloc.rsplit(":", 1)
        body = b"Action=DescribeReplicationGroups&Version=2015-02-02&Pad=" + b"x" * (2 << 20)
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        status = None
        try:
            connection.request("POST", "/", body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded"})
            status = connection.getresponse().status
        except (BrokenPipeError, ConnectionResetError, socket.timeout) as error:
            # A server may answer 413 and close before the client has sent everything;
            # that is fine as long as it answered 413, which we cannot read here.
            status = f"connection dropped: {error!r}"
        finally:
            connection.close()
        self.assertEqual(status, 413)
        self.assertEqual(self.server.http("GET", "/health")[0], 200)
        status, _, _ = self.server.query({"Action": "DescribeReplicationGroups",
                                          "Version": VERSION})
        self.assertEqual(status, 200)

    def test_garbage_on_the_socket_does_not_kill_the_server(self):
        host, port = urllib.parse.urlsplit(self.server.endpoint).netloc.rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=5) as raw:
            raw.sendall(b"\x00\x01NOT HTTP AT ALL\r\n\r\n")
            try:
                raw.recv(4096)
            except OSError:
                pass
        self.assertEqual(self.server.http("GET", "/health")[0], 200)


class HealthAndAdmin(ServerTestCase):
    def test_health_is_json(self):
        status, headers, body = self.server.http("GET", "/health")
        self.assertEqual(status, 200)
        self.assertIn("json", headers.get("content-type", ""))
        self.assertIsInstance(json.loads(body), dict)

    def test_reset_empties_state(self):
        self.create_cmd("temp", clusters=1)
        self.server.reset()
        self.assertEqual(self.ec.describe_replication_groups()["ReplicationGroups"], [])
        self.assertEqual(self.ec.describe_cache_clusters()["CacheClusters"], [])

    def test_clock_reads_and_advances(self):
        before = self.server.clock()
        self.assertIsInstance(before, dict)
        self.server.advance(3600)
        after = self.server.clock()
        self.assertNotEqual(before, after)
        numeric = [k for k, v in before.items()
                   if isinstance(v, (int, float)) and not isinstance(v, bool)]
        moved = [after[k] - before[k] for k in numeric if k in after]
        # Whatever unit the clock reports in, some number moved forward by about an hour.
        self.assertTrue(any(d >= 3600 for d in moved), (before, after))

    def test_advance_rejects_a_bad_amount(self):
        status, _, _ = self.server.http("POST", "/_admin/clock/advance?seconds=abc")
        self.assertEqual(status, 400)

    def test_unknown_path_is_404(self):
        self.assertEqual(self.server.http("GET", "/no/such/path")[0], 404)


if __name__ == "__main__":
    main()
