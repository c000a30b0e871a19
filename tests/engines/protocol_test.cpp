// Wire formats the data plane speaks itself: RESP (its client of the engines) and the
// Memcached auto-discovery answer.
#include <gtest/gtest.h>

#include "engines/cluster_config.h"
#include "engines/resp_client.h"

namespace ecl {
namespace {

TEST(RespTest, EncodesCommandsAsArraysOfBulkStrings) {
  EXPECT_EQ(RespClient::Encode({"SET", "k", ""}), "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n");
}

TEST(RespTest, ParsesEveryReplyType) {
  std::string data = "+OK\r\n-ERR no\r\n:42\r\n$5\r\nhe\r\no\r\n$-1\r\n*2\r\n:1\r\n*1\r\n+x\r\n";
  size_t pos = 0;
  RespReply r;
  ASSERT_TRUE(RespClient::Parse(data, pos, r));
  EXPECT_TRUE(r.IsOk());
  ASSERT_TRUE(RespClient::Parse(data, pos, r));
  EXPECT_TRUE(r.IsError());
  EXPECT_EQ(r.text, "ERR no");
  ASSERT_TRUE(RespClient::Parse(data, pos, r));
  EXPECT_EQ(r.integer, 42);
  ASSERT_TRUE(RespClient::Parse(data, pos, r));
  EXPECT_EQ(r.type, RespReply::Type::kBulk);
  EXPECT_EQ(r.text, "he\r\no");  // binary safe
  ASSERT_TRUE(RespClient::Parse(data, pos, r));
  EXPECT_EQ(r.type, RespReply::Type::kNull);
  ASSERT_TRUE(RespClient::Parse(data, pos, r));
  ASSERT_EQ(r.elements.size(), 2u);
  EXPECT_EQ(r.elements[1].elements[0].text, "x");
  EXPECT_EQ(pos, data.size());
}

TEST(RespTest, IncompleteReplyWaitsForMoreAndMalformedOneThrows) {
  for (std::string partial : {"+OK", "$5\r\nhel", "*2\r\n:1\r\n", ""}) {
    size_t pos = 0;
    RespReply r;
    EXPECT_FALSE(RespClient::Parse(partial, pos, r)) << partial;
    EXPECT_EQ(pos, 0u);
  }
  size_t pos = 0;
  RespReply r;
  EXPECT_THROW(RespClient::Parse("?what\r\n", pos, r), EngineUnreachable);
  EXPECT_THROW(RespClient::Parse(":12x\r\n", pos, r), EngineUnreachable);
}

TEST(RespTest, InfoFieldReadsOneLine) {
  std::string info = "# Replication\r\nrole:slave\r\nmaster_link_status:up\r\n";
  EXPECT_EQ(InfoField(info, "role"), "slave");
  EXPECT_EQ(InfoField(info, "master_link_status"), "up");
  EXPECT_EQ(InfoField(info, "master"), "");
}

TEST(ClusterConfigTest, RecognizesBothDiscoveryCommands) {
  EXPECT_EQ(ParseDiscoveryCommand("config get cluster"), DiscoveryCommand::kConfigGetCluster);
  EXPECT_EQ(ParseDiscoveryCommand("config  get cluster\r"), DiscoveryCommand::kConfigGetCluster);
  EXPECT_EQ(ParseDiscoveryCommand("get AmazonElastiCache:cluster"),
            DiscoveryCommand::kGetClusterKey);
  EXPECT_EQ(ParseDiscoveryCommand("version"), DiscoveryCommand::kVersion);
  EXPECT_EQ(VersionAnswer("1.6.22"), "VERSION 1.6.22\r\n");
  EXPECT_EQ(ParseDiscoveryCommand("get cluster"), DiscoveryCommand::kNone);
  EXPECT_EQ(ParseDiscoveryCommand("config get"), DiscoveryCommand::kNone);
}

TEST(ClusterConfigTest, AnswerCountsTheBytesOfVersionAndNodeLines) {
  // The User Guide's layout: version line ends in LF, node line in LF, then CR LF and END.
  std::string answer = ClusterConfigAnswer(DiscoveryCommand::kConfigGetCluster, 12,
                                           {{"a.example", "10.0.0.1", 11211},
                                            {"b.example", "10.0.0.2", 11212}});
  std::string data = "12\na.example|10.0.0.1|11211 b.example|10.0.0.2|11212\n";
  EXPECT_EQ(answer, "CONFIG cluster 0 " + std::to_string(data.size()) + "\r\n" + data +
                        "\r\nEND\r\n");
  EXPECT_EQ(ClusterConfigAnswer(DiscoveryCommand::kGetClusterKey, 1, {}).substr(0, 34),
            "VALUE AmazonElastiCache:cluster 0 ");
}

}  // namespace
}  // namespace ecl
