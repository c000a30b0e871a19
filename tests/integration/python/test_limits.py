"""Limits that keep one client from starving the others, against the real binary: a client
trickling its request is cut off after --request-timeout-seconds while boto3 calls go on
being answered; connections beyond --max-connections get 503 ServiceUnavailable until one
closes; --max-header-bytes and --max-body-bytes answer 431 and 413; idle connections close."""

import socket
import time

from botocore.exceptions import ClientError

from ecl_harness import ServerTestCase, main

MAX_CONNECTIONS = 6


def connect(server):
    host, port = server.endpoint[len("http://"):].rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=10)


def closed_by_server(sock, within_s=15):
    """True once the server closes the connection (EOF or reset) within the time."""
    sock.settimeout(within_s)
    try:
        while True:
            data = sock.recv(4096)
            if not data:
                return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


class Limits(ServerTestCase):
    server_args = ("--request-timeout-seconds", "1", "--idle-timeout-seconds", "3",
                   "--max-connections", str(MAX_CONNECTIONS), "--max-header-bytes", "4096",
                   "--max-body-bytes", "65536", "--threads", "1")

    def test_a_slow_client_does_not_delay_others_and_is_cut_off(self):
        slow = connect(self.server)
        self.addCleanup(slow.close)
        slow.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nAction=Desc")
        # Meanwhile, on one server thread, every other call is answered.
        started = time.monotonic()
        answered = 0
        while time.monotonic() - started < 1.5:
            self.ec.describe_replication_groups()
            answered += 1
        self.assertGreater(answered, 5)
        self.assertTrue(closed_by_server(slow), "the trickling request was never cut off")

    def test_a_byte_at_a_time_does_not_extend_the_deadline(self):
        slow = connect(self.server)
        self.addCleanup(slow.close)
        request = b"GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"p" * 200 + b"\r\n\r\n"
        cut_off = False
        for byte in request:
            try:
                slow.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                cut_off = True
                break
            time.sleep(0.02)  # 230 bytes take ~4.6 s; the request timeout is 1 s
        self.assertTrue(cut_off or closed_by_server(slow, within_s=5))
        self.ec.describe_cache_clusters()

    def test_connections_beyond_the_maximum_get_503_until_one_closes(self):
        idle = [connect(self.server) for _ in range(MAX_CONNECTIONS)]
        try:
            time.sleep(0.3)  # let the server accept them all
            extra = connect(self.server)
            extra.settimeout(10)
            answer = extra.recv(4096)
            extra.close()
            self.assertTrue(answer.startswith(b"HTTP/1.1 503"), answer)
            self.assertIn(b"<Code>ServiceUnavailable</Code>", answer)
            # A new client: the class's one may hold a pooled connection already.
            with self.assertRaises(ClientError) as caught:
                self.server.client().describe_replication_groups()
            self.assertEqual(caught.exception.response["Error"]["Code"], "ServiceUnavailable")
        finally:
            for sock in idle:
                sock.close()
        # The slots come back once the idle connections are gone.
        deadline = time.monotonic() + 10
        while True:
            try:
                self.server.client().describe_replication_groups()
                break
            except ClientError:
                self.assertLess(time.monotonic(), deadline, "slots never freed")
                time.sleep(0.1)

    def test_header_and_body_limits(self):
        status, _, body = self.server.http("GET", "/health", headers={"X-Big": "h" * 5000})
        self.assertEqual(status, 431, body)
        self.assertIn(b"RequestHeaderSectionTooLarge", body)
        status, _, body = self.server.http("POST", "/", body="Action=X&Pad=" + "b" * 70000)
        self.assertEqual(status, 413, body)
        self.assertIn(b"RequestEntityTooLarge", body)
        self.ec.describe_cache_clusters()

    def test_idle_connections_are_closed(self):
        sock = connect(self.server)
        self.addCleanup(sock.close)
        self.assertTrue(closed_by_server(sock, within_s=15))


if __name__ == "__main__":
    main()
