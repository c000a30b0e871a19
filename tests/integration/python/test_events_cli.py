"""DescribeEvents through the AWS CLI: the events of a group's creation, filters, the CLI's
own paging over Marker, and the error exit for a bad source type."""

from ecl_cli import CliTestCase
from ecl_harness import main


class EventsCli(CliTestCase):
    def test_events_of_a_new_group(self):
        self.aws("create-replication-group", "--replication-group-id", "cli-ev",
                 "--replication-group-description", "events", "--num-cache-clusters", "2",
                 "--automatic-failover-enabled")
        self.aws("describe-replication-groups", "--replication-group-id", "cli-ev")
        group = self.aws("describe-events", "--source-type", "replication-group",
                         "--source-identifier", "cli-ev")["Events"]
        # Newest first; of two events at the same moment the later recorded comes first.
        self.assertEqual([e["Message"] for e in group],
                         ["Automatic failover has been turned on for replication group cli-ev",
                          "Replication group cli-ev created"])
        member = self.aws("describe-events", "--source-type", "cache-cluster",
                          "--source-identifier", "cli-ev-002", "--duration", "30")["Events"]
        self.assertEqual(sorted(e["Message"] for e in member),
                         ["Added cache node 0001 in availability zone us-east-1b",
                          "Cache cluster created"])
        self.assertTrue(all(e["Date"].endswith("Z") or "+00:00" in e["Date"] for e in member))

    def test_the_cli_pages_through_every_event(self):
        for i in range(8):
            self.aws("create-replication-group", "--replication-group-id", f"cli-p{i}",
                     "--replication-group-description", "paging")
        self.aws("describe-replication-groups")
        # 8 groups x 3 events, fetched 20 at a time by the CLI's paginator.
        events = self.aws("describe-events", "--page-size", "20")["Events"]
        self.assertEqual(len(events), 24)
        first = self.aws("describe-events", "--max-items", "5")
        self.assertEqual(len(first["Events"]), 5)
        self.assertIn("NextToken", first)

    def test_a_bad_source_type_fails(self):
        self.assertCliError("InvalidParameterValue", "describe-events", "--source-type",
                            "snapshot", contains="SourceType")


if __name__ == "__main__":
    main()
