"""DescribeEvents through boto3: what each lifecycle step records, in ElastiCache's words
(docs/events.md), and the request rules (window, filters, paging, retention)."""

import datetime
import re

from botocore.exceptions import ClientError

from ecl_harness import ServerTestCase, main

ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


class Events(ServerTestCase):
    def messages(self, **filters):
        events = self.ec.describe_events(**filters)["Events"]
        return [(e["SourceType"], e["SourceIdentifier"], e["Message"]) for e in events]

    def settle(self, group_id):
        """Any request applies due transitions; the describe makes them visible."""
        return self.describe(group_id)

    def test_a_new_group_and_its_clusters_say_they_were_created(self):
        self.create_cmd("ev", clusters=2)
        self.settle("ev")
        events = self.messages()
        self.assertIn(("replication-group", "ev", "Replication group ev created"), events)
        self.assertIn(("replication-group", "ev",
                       "Automatic failover has been turned on for replication group ev"), events)
        for member, zone in (("ev-001", "us-east-1a"), ("ev-002", "us-east-1b")):
            self.assertIn(("cache-cluster", member, "Cache cluster created"), events)
            self.assertIn(("cache-cluster", member,
                           f"Added cache node 0001 in availability zone {zone}"), events)

    def test_replica_resharding_snapshot_and_delete_steps(self):
        self.create_cmd("steps", clusters=2)
        self.settle("steps")
        self.ec.increase_replica_count(ReplicationGroupId="steps", NewReplicaCount=2,
                                       ApplyImmediately=True)
        self.settle("steps")
        self.ec.decrease_replica_count(ReplicationGroupId="steps", NewReplicaCount=1,
                                       ApplyImmediately=True)
        self.settle("steps")
        self.ec.create_snapshot(ReplicationGroupId="steps", SnapshotName="steps-snap")
        self.settle("steps")
        texts = [m for _, _, m in self.messages(SourceType="replication-group")]
        for direction in ("Increase", "Decrease"):
            for phase in ("started", "completed"):
                prefix = f"{direction} replica count {phase} for replication group steps on "
                matching = [t for t in texts if t.startswith(prefix)]
                self.assertEqual(len(matching), 1, texts)
                self.assertRegex(matching[0][len(prefix):], ISO_MS)
        snapshot = self.messages(SourceType="cache-cluster", SourceIdentifier="steps-002")
        self.assertIn(("cache-cluster", "steps-002",
                       "Snapshot succeeded for snapshot with ID 'steps-snap' of replication "
                       "group with ID 'steps'"), snapshot)
        self.assertIn(("cache-cluster", "steps-003", "Cache cluster deleted"), self.messages())

        self.ec.delete_replication_group(ReplicationGroupId="steps")
        self.ec.describe_replication_groups()
        events = self.messages()
        self.assertIn(("replication-group", "steps", "Replication group steps deleted"), events)
        self.assertIn(("cache-cluster", "steps-001", "Cache cluster deleted"), events)

    def test_resharding_says_what_moved(self):
        self.create_cme("shards", shards=2, replicas=0)
        self.settle("shards")
        self.ec.modify_replication_group_shard_configuration(
            ReplicationGroupId="shards", NodeGroupCount=3, ApplyImmediately=True)
        self.settle("shards")
        texts = [m for _, _, m in self.messages(SourceIdentifier="shards")]
        self.assertIn("Scaling out replication group shards from 2 node groups to 3 node groups",
                      texts)
        self.assertIn("Modified replication group shards to add 1 new node groups - 0003", texts)
        moved = [t for t in texts if t.startswith("Moved a total of ")]
        self.assertEqual(len(moved), 2, texts)  # from each old shard to the new one
        total = sum(int(t.split()[4]) for t in moved)
        self.assertEqual(total, 16384 // 3)  # the new shard's even share

    def test_newest_first_with_dates_in_the_window(self):
        self.create_cmd("order", clusters=1)
        self.settle("order")
        self.server.advance(120)
        self.create_cmd("later", clusters=1)
        self.settle("later")
        events = self.ec.describe_events(SourceType="replication-group")["Events"]
        self.assertEqual([e["SourceIdentifier"] for e in events], ["later", "order"])
        dates = [e["Date"] for e in events]
        self.assertEqual(dates, sorted(dates, reverse=True))
        self.assertTrue(all(isinstance(d, datetime.datetime) for d in dates))

    def test_window_duration_start_and_end(self):
        self.create_cmd("window", clusters=1)
        self.settle("window")
        created = self.ec.describe_events(SourceIdentifier="window")["Events"][0]["Date"]
        self.server.advance(2 * 3600)  # two hours later
        self.assertEqual(self.messages(SourceIdentifier="window"), [])  # default: the last hour
        self.assertEqual(len(self.messages(SourceIdentifier="window", Duration=180)), 1)
        start = created - datetime.timedelta(minutes=1)
        self.assertEqual(len(self.messages(SourceIdentifier="window", StartTime=start)), 1)
        self.assertEqual(self.messages(SourceIdentifier="window", StartTime=start,
                                       EndTime=start + datetime.timedelta(seconds=30)), [])
        self.assertEqual(len(self.messages(SourceIdentifier="window", StartTime=start,
                                           Duration=5)), 1)

    def test_events_older_than_fourteen_days_are_gone(self):
        self.create_cmd("old", clusters=1)
        self.settle("old")
        self.server.advance(13 * 86400)
        self.assertEqual(len(self.messages(SourceIdentifier="old", Duration=20160)), 1)
        self.server.advance(2 * 86400)
        self.assertEqual(self.messages(SourceIdentifier="old", Duration=20160), [])
        self.assertEqual(self.messages(SourceIdentifier="old", Duration=999999), [])

    def test_paging_with_marker_and_paginator(self):
        for i in range(12):  # each makes 3 events: group created, cluster created, node added
            self.create_cmd(f"page{i:02d}", clusters=1)
        self.ec.describe_replication_groups()
        everything = self.ec.describe_events()["Events"]
        self.assertEqual(len(everything), 12 * 3)
        first = self.ec.describe_events(MaxRecords=20)
        self.assertEqual(len(first["Events"]), 20)
        second = self.ec.describe_events(MaxRecords=20, Marker=first["Marker"])
        self.assertEqual(len(second["Events"]), 16)
        self.assertNotIn("Marker", second)
        self.assertEqual(first["Events"] + second["Events"], everything)
        pages = list(self.ec.get_paginator("describe_events").paginate(
            PaginationConfig={"PageSize": 20}))
        self.assertEqual([len(p["Events"]) for p in pages], [20, 16])

    def test_bad_values_and_combinations(self):
        now = datetime.datetime.now(datetime.timezone.utc)
        cases = [
            ("InvalidParameterValue", dict(SourceType="snapshot")),
            ("InvalidParameterValue", dict(Duration=-1)),
            ("InvalidParameterValue", dict(MaxRecords=19)),
            ("InvalidParameterValue", dict(MaxRecords=101)),
            ("InvalidParameterValue", dict(Marker="forged")),
            ("InvalidParameterCombination",
             dict(StartTime=now, EndTime=now - datetime.timedelta(hours=1))),
            ("InvalidParameterCombination",
             dict(StartTime=now - datetime.timedelta(hours=1), EndTime=now, Duration=10)),
        ]
        for code, params in cases:
            with self.subTest(params=params):
                self.assertAwsError(code, self.ec.describe_events, status=400, **params)

    def test_each_account_and_region_sees_only_its_own(self):
        self.create_cmd("mine", clusters=1)
        self.settle("mine")
        other = self.server.client(access_key_id="111122223333")
        self.assertEqual(other.describe_events()["Events"], [])
        west = self.server.client(region="us-west-2")
        self.assertEqual(west.describe_events()["Events"], [])
        self.assertTrue(self.messages(SourceIdentifier="mine"))


class SlowEvents(ServerTestCase):
    server_args = ("--transition-seconds", "2")

    def test_events_are_dated_when_the_step_finished(self):
        self.create_cmd("slow", clusters=1)
        self.assertEqual(self.ec.describe_events(SourceIdentifier="slow")["Events"], [])
        start = self.server.clock()["epoch_ms"]
        self.server.advance(30)
        self.describe("slow")
        events = self.ec.describe_events(SourceIdentifier="slow")["Events"]
        created = [e for e in events if e["Message"] == "Replication group slow created"]
        self.assertEqual(len(created), 1)
        at_ms = created[0]["Date"].timestamp() * 1000
        # Due two seconds after the request, not when the clock jumped 30 s later.
        self.assertLess(at_ms - start, 10_000)


if __name__ == "__main__":
    main()
