"""Many clients at once against a server with several HTTP threads (--threads 4): each call that
reads and rewrites a shared record (a parameter group's values, a resource's tags) sees the
writes of every call answered before it, so 64 clients changing one record lose no update, and
64 clients creating at once get 64 resources with no error. The service serializes only the
store work of each call; this is what would break if it serialized less."""

import threading

from ecl_harness import ServerTestCase, main

CLIENTS = 64


def run_all(calls):
    """Runs the calls on threads of their own, released together; returns their errors."""
    errors = []
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        try:
            call()
        except Exception as e:  # collected: a failure in any thread fails the test
            errors.append(repr(e))

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


class ConcurrentClients(ServerTestCase):
    server_args = ("--threads", "4")

    def clients(self):
        # boto3 clients are not shared between threads.
        return [self.server.client() for _ in range(CLIENTS)]

    def test_64_clients_modifying_one_parameter_group_lose_no_update(self):
        self.ec.create_cache_parameter_group(
            CacheParameterGroupName="shared", CacheParameterGroupFamily="redis7",
            Description="one record, many writers")
        names = [p["ParameterName"] for p in self.ec.describe_cache_parameters(
            CacheParameterGroupName="shared", MaxRecords=100)["Parameters"]
            if p.get("IsModifiable") and p.get("DataType") == "integer"
            and p.get("AllowedValues", "").startswith("0-")][:CLIENTS // 4]
        self.assertGreater(len(names), 8)
        # Four writers per parameter, each its own value: the last answered wins, none is lost.
        calls = []
        for i, client in enumerate(self.clients()):
            name = names[i % len(names)]
            calls.append(lambda c=client, n=name, v=str(i): c.modify_cache_parameter_group(
                CacheParameterGroupName="shared",
                ParameterNameValues=[{"ParameterName": n, "ParameterValue": v}]))
        self.assertEqual(run_all(calls), [])
        values = {p["ParameterName"]: p.get("ParameterValue")
                  for page in self.ec.get_paginator("describe_cache_parameters").paginate(
                      CacheParameterGroupName="shared", Source="user")
                  for p in page["Parameters"]}
        self.assertEqual(set(values), set(names))
        for name in names:
            writers = {str(i) for i in range(CLIENTS) if names[i % len(names)] == name}
            self.assertIn(values[name], writers)

    def test_48_clients_tagging_one_group_keep_every_tag(self):
        self.ec.create_replication_group(
            ReplicationGroupId="tagged", ReplicationGroupDescription="d",
            CacheNodeType="cache.t3.micro", Engine="redis", NumCacheClusters=1)
        arn = self.ec.describe_replication_groups(
            ReplicationGroupId="tagged")["ReplicationGroups"][0]["ARN"]
        calls = [lambda c=client, i=i: c.add_tags_to_resource(
                     ResourceName=arn, Tags=[{"Key": f"k{i:02d}", "Value": str(i)}])
                 for i, client in enumerate(self.clients()[:48])]  # AWS allows 50 tags
        self.assertEqual(run_all(calls), [])
        tags = self.ec.list_tags_for_resource(ResourceName=arn)["TagList"]
        self.assertEqual(sorted(t["Key"] for t in tags), [f"k{i:02d}" for i in range(48)])

    def test_64_clients_creating_at_once_make_64_groups(self):
        calls = [lambda c=client, i=i: c.create_replication_group(
                     ReplicationGroupId=f"race-{i:02d}", ReplicationGroupDescription="d",
                     CacheNodeType="cache.t3.micro", Engine="redis", NumCacheClusters=1)
                 for i, client in enumerate(self.clients())]
        self.assertEqual(run_all(calls), [])
        ids = [g["ReplicationGroupId"] for page in
               self.ec.get_paginator("describe_replication_groups").paginate()
               for g in page["ReplicationGroups"]]
        self.assertEqual(sorted(ids), [f"race-{i:02d}" for i in range(CLIENTS)])
        clusters = [c["CacheClusterId"] for page in
                    self.ec.get_paginator("describe_cache_clusters").paginate()
                    for c in page["CacheClusters"]]
        self.assertEqual(len(clusters), CLIENTS)


if __name__ == "__main__":
    main()
