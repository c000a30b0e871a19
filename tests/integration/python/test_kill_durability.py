"""SIGKILL during a sustained write load from many clients, twenty times over: after every
restart the state file opens cleanly (the server checks it at start and refuses a damaged one)
and every write the server acknowledged is there. Writes in flight at the kill may or may not
be, as with any database; acknowledged ones must."""

import random
import shutil
import tempfile
import threading
import time
import unittest

from botocore.exceptions import BotoCoreError, ClientError

from ecl_harness import Server, main

ROUNDS = 20
CLIENTS = 8


class KillDuringWrites(unittest.TestCase):
    def setUp(self):
        self.data_dir = tempfile.mkdtemp(prefix="ecl-kill-")
        self.addCleanup(shutil.rmtree, self.data_dir, True)
        self.rng = random.Random(17)

    def start(self):
        server = Server("--parameter-groups-quota", "1000000", "--threads", "2",
                        data_dir=self.data_dir).start()
        self.addCleanup(server.kill)
        return server

    def load(self, server, account, acknowledged, stop):
        """One client: creates groups (a tag each) until the server goes away."""
        def run(worker):
            ec = server.client(access_key_id=account)
            n = 0
            while not stop.is_set():
                name = f"w{worker}-{n:05d}"
                try:
                    ec.create_cache_parameter_group(
                        CacheParameterGroupName=name, CacheParameterGroupFamily="redis7",
                        Description=f"round {account}", Tags=[{"Key": "n", "Value": str(n)}])
                except (ClientError, BotoCoreError, OSError):
                    return  # killed mid-request: not acknowledged
                acknowledged.append(name)  # list.append is atomic under the GIL
                n += 1
        threads = [threading.Thread(target=run, args=(w,), daemon=True) for w in range(CLIENTS)]
        for t in threads:
            t.start()
        return threads

    def stored(self, server, account):
        ec = server.client(access_key_id=account)
        names = set()
        for page in ec.get_paginator("describe_cache_parameter_groups").paginate(
                PaginationConfig={"PageSize": 100}):
            names.update(g["CacheParameterGroupName"] for g in page["CacheParameterGroups"])
        return names

    def test_acknowledged_writes_survive_repeated_sigkill(self):
        history = {}  # account -> names acknowledged in that round
        server = self.start()
        for round_number in range(ROUNDS):
            account = f"{round_number + 100000000000:012d}"
            acknowledged, stop = [], threading.Event()
            threads = self.load(server, account, acknowledged, stop)
            # Under load (CI shares two cores with everything) clients take a while to start:
            # kill once writes are flowing, at a random moment.
            deadline = time.monotonic() + 60
            while len(acknowledged) < CLIENTS and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(self.rng.uniform(0.05, 0.5))
            server.kill()  # SIGKILL while the clients are writing
            stop.set()
            for t in threads:
                t.join(30)
            self.assertGreater(len(acknowledged), 0, f"round {round_number} wrote nothing")
            history[account] = set(acknowledged)

            server = self.start()  # refuses (exit 4) a file the kill left damaged
            missing = history[account] - self.stored(server, account)
            self.assertEqual(missing, set(), f"round {round_number}: acknowledged writes lost")
        # Every earlier round's writes are still there after all the kills.
        for account, names in history.items():
            self.assertLessEqual(names, self.stored(server, account), account)
        # Tags were written in the same transactions.
        name = sorted(history[account])[0]
        tags = server.client(access_key_id=account).list_tags_for_resource(
            ResourceName=f"arn:aws:elasticache:us-east-1:{account}:parametergroup:{name}")
        self.assertEqual(tags["TagList"], [{"Key": "n", "Value": str(int(name.split("-")[1]))}])
        self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    main()
