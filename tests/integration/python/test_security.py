"""Who may talk to the emulator, through boto3 signing real requests: --verify-signatures with a
credentials file (right and wrong secrets, unknown keys, old and future timestamps, unsigned and
presigned requests, each key's account), --admin-token on /_admin/*, and the listen address."""

import datetime
import os
import shutil
import tempfile
import unittest
import urllib.request
from unittest import mock

import botocore
import botocore.auth
from botocore.config import Config

from ecl_harness import Server, ServerTestCase, main

KEY_ID = "AKIDRIGHT"
SECRET = "right-secret/with+symbols="
ACCOUNT = "210987654321"
SECOND_KEY = "123456789012"  # no account in the file: a 12-digit key is its own account


def write_credentials(directory):
    path = os.path.join(directory, "credentials.csv")
    with open(path, "w") as f:
        f.write("# keys the tests sign with\n"
                "access_key_id,secret_access_key,account_id\n"
                f"{KEY_ID},{SECRET},{ACCOUNT}\n"
                f"{SECOND_KEY},second-secret,\n")
    return path


class SignedServer:
    """Mixed into a test case class: its server checks signatures against a credentials file of
    two keys, and `ec` signs with the first."""

    @classmethod
    def setUpClass(cls):
        cls.keys_dir = tempfile.mkdtemp(prefix="ecl-keys-")
        cls.server_args = ("--verify-signatures", "--credentials-file",
                           write_credentials(cls.keys_dir))
        super().setUpClass()
        cls.ec = cls.server.client(access_key_id=KEY_ID, secret=SECRET)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.keys_dir, ignore_errors=True)


class SignedServerTestCase(SignedServer, ServerTestCase):
    """A server that checks signatures against a credentials file of two keys."""


def shifted_clock(minutes):
    """botocore signs with its own idea of now: move it."""
    real = botocore.auth.get_current_datetime

    def now():
        return real() + datetime.timedelta(minutes=minutes)
    return mock.patch.object(botocore.auth, "get_current_datetime", now)


class SignatureChecking(SignedServerTestCase):
    def test_right_secret_works_in_the_account_the_file_names(self):
        group = self.create_cmd("signed", clusters=1)
        self.assertIn(f":{ACCOUNT}:replicationgroup:signed", group["ARN"])
        self.assertEqual([g["ReplicationGroupId"]
                          for g in self.ec.describe_replication_groups()["ReplicationGroups"]],
                         ["signed"])
        # The second key has no account in the file: being 12 digits, it is its own, and the
        # first key's group is not there.
        second = self.server.client(access_key_id=SECOND_KEY, secret="second-secret")
        self.assertEqual(second.describe_replication_groups()["ReplicationGroups"], [])
        arn = second.create_cache_parameter_group(
            CacheParameterGroupName="mine", CacheParameterGroupFamily="redis7",
            Description="d")["CacheParameterGroup"]["ARN"]
        self.assertIn(f":{SECOND_KEY}:parametergroup:mine", arn)

    def test_wrong_secret_is_signature_does_not_match_and_changes_nothing(self):
        wrong = self.server.client(access_key_id=KEY_ID, secret="not-the-secret")
        error = self.assertAwsError("SignatureDoesNotMatch", self.create_cmd, "refused",
                                    clusters=1, client=wrong, status=403)
        message = error.response["Error"]["Message"]
        self.assertTrue(message.startswith(
            "The request signature we calculated does not match the signature you provided."),
            message)
        self.assertIn("The Canonical String for this request should have been", message)
        self.assertEqual(self.ec.describe_replication_groups()["ReplicationGroups"], [])
        # The other key's secret does not fit this key either.
        crossed = self.server.client(access_key_id=KEY_ID, secret="second-secret")
        self.assertAwsError("SignatureDoesNotMatch", crossed.describe_cache_clusters,
                            status=403)

    def test_unknown_access_key_is_invalid_client_token_id(self):
        stranger = self.server.client(access_key_id="AKIDUNKNOWN", secret=SECRET)
        self.assertAwsError("InvalidClientTokenId", stranger.describe_replication_groups,
                            status=403,
                            message="The security token included in the request is invalid.")

    def test_old_and_future_timestamps_are_request_expired(self):
        for minutes in (-20, 20):
            with self.subTest(minutes=minutes), shifted_clock(minutes):
                client = self.server.client(access_key_id=KEY_ID, secret=SECRET)
                error = self.assertAwsError("RequestExpired",
                                            client.describe_replication_groups, status=400)
                self.assertTrue(error.response["Error"]["Message"].startswith(
                    "Request has expired."), error.response)
        # A few minutes of skew are fine, as with AWS.
        with shifted_clock(-5):
            self.server.client(access_key_id=KEY_ID, secret=SECRET).describe_cache_clusters()

    def test_unsigned_requests_are_missing_authentication_token(self):
        unsigned = self.server.client(signature_version=botocore.UNSIGNED)
        self.assertAwsError("MissingAuthenticationToken", unsigned.describe_replication_groups,
                            status=403, message="Request is missing Authentication Token")
        status, _, body = self.server.query({"Action": "DescribeCacheClusters",
                                             "Version": "2015-02-02"})
        self.assertEqual(status, 403)
        self.assertIn(b"<Code>MissingAuthenticationToken</Code>", body)

    def test_a_garbled_authorization_header_is_incomplete_signature(self):
        status, _, body = self.server.query(
            {"Action": "DescribeCacheClusters", "Version": "2015-02-02"},
            headers={"Authorization": "AWS4-HMAC-SHA256 Credential=AKIDRIGHT/20240101"})
        self.assertEqual(status, 400, body)
        self.assertIn(b"<Code>IncompleteSignature</Code>", body)

    def test_presigned_urls_are_checked(self):
        # Signed for GET: the method is part of what is signed (boto3 signs for the model's
        # POST unless told otherwise, and such a URL fetched with GET does not check out).
        url = self.ec.generate_presigned_url(
            "describe_cache_clusters", Params={"MaxRecords": 20}, ExpiresIn=300,
            HttpMethod="GET")
        with urllib.request.urlopen(url, timeout=10) as response:
            self.assertEqual(response.status, 200)
            self.assertIn(b"DescribeCacheClustersResponse", response.read())
        status, _, body = self.server.http("GET", url[len(self.server.endpoint):].replace(
            "MaxRecords=20", "MaxRecords=21"))
        self.assertEqual(status, 403)
        self.assertIn(b"<Code>SignatureDoesNotMatch</Code>", body)
        for_post = self.ec.generate_presigned_url(
            "describe_cache_clusters", Params={"MaxRecords": 20}, ExpiresIn=300)
        status, _, body = self.server.http("GET", for_post[len(self.server.endpoint):])
        self.assertEqual(status, 403)
        self.assertIn(b"<Code>SignatureDoesNotMatch</Code>", body)

    def test_health_stays_open(self):
        status, _, _ = self.server.http("GET", "/health")
        self.assertEqual(status, 200)


class AdminToken(ServerTestCase):
    admin_token = "let-me-in"

    def test_admin_endpoints_need_the_token(self):
        for method, path in (("POST", "/_admin/reset"), ("GET", "/_admin/clock"),
                             ("POST", "/_admin/clock/advance?seconds=5")):
            with self.subTest(path=path):
                status, headers, body = self.server.http(method, path,
                                                         headers={"Authorization": "none"})
                self.assertEqual(status, 401, body)
                self.assertIn("Bearer", headers.get("www-authenticate", ""))
                status, _, _ = self.server.http(
                    method, path, headers={"Authorization": "Bearer let-me-i"})
                self.assertEqual(status, 401)
        self.assertEqual(self.server.clock()["offset_seconds"], 0)  # sends the token
        self.server.advance(5)
        self.assertEqual(self.server.clock()["offset_seconds"], 5)

    def test_health_and_the_api_need_no_token(self):
        status, _, _ = self.server.http("GET", "/health")
        self.assertEqual(status, 200)
        self.ec.describe_replication_groups()


class ListenAddress(unittest.TestCase):
    def test_loopback_is_the_default(self):
        # No --host: the ready line names 127.0.0.1.
        server = Server()
        server.args.remove("--host")
        server.args.remove("127.0.0.1")
        server.start()
        try:
            self.assertTrue(server.endpoint.startswith("http://127.0.0.1:"), server.endpoint)
        finally:
            self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    main()
