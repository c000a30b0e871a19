// The empty RDB export: Redis's CRC-64 check value, the file layout, and the magic check
// restores use. (That a real redis-server loads the file is checked by the integration
// test test_snapshot_export.py.)
#include "model/rdb_file.h"

#include <gtest/gtest.h>

namespace ecl {
namespace {

TEST(RdbFileTest, Crc64MatchesRedisCheckValue) {
  // redis/src/crc64.c: crc64(0, "123456789", 9) == 0xe9c6d914c4b8d9ca
  EXPECT_EQ(RedisCrc64(0, "123456789"), 0xe9c6d914c4b8d9caULL);
  EXPECT_EQ(RedisCrc64(0, ""), 0u);
}

TEST(RdbFileTest, EmptyFileHasHeaderAuxEofAndChecksum) {
  std::string rdb = EmptyRdbFile("7.1.0");
  ASSERT_GE(rdb.size(), 9u + 1u + 8u);
  EXPECT_EQ(rdb.substr(0, 9), "REDIS0009");
  EXPECT_NE(rdb.find("redis-ver"), std::string::npos);
  EXPECT_NE(rdb.find("7.1.0"), std::string::npos);
  EXPECT_EQ(static_cast<unsigned char>(rdb[rdb.size() - 9]), 0xFF);
  // The trailer is the little-endian CRC-64 of everything before it.
  uint64_t crc = RedisCrc64(0, std::string_view(rdb).substr(0, rdb.size() - 8));
  uint64_t stored = 0;
  for (int i = 7; i >= 0; --i)
    stored = (stored << 8) | static_cast<unsigned char>(rdb[rdb.size() - 8 + i]);
  EXPECT_EQ(stored, crc);
  EXPECT_TRUE(LooksLikeRdbFile(rdb));
}

TEST(RdbFileTest, MagicCheck) {
  EXPECT_TRUE(LooksLikeRdbFile("REDIS0011rest"));
  EXPECT_FALSE(LooksLikeRdbFile("REDIS001"));
  EXPECT_FALSE(LooksLikeRdbFile("REDISabcd"));
  EXPECT_FALSE(LooksLikeRdbFile("hello world"));
}

}  // namespace
}  // namespace ecl
