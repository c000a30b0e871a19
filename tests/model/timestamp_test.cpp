#include "model/timestamp.h"

#include <gtest/gtest.h>

#include <limits>

namespace ecl {
namespace {

TEST(Timestamp, FormatsIso8601) {
  EXPECT_EQ(FormatIso8601(Timestamp{0}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601(Timestamp{1440938160123}), "2015-08-30T12:36:00.123Z");
  EXPECT_EQ(FormatIso8601(Timestamp{-1}), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatIso8601(Timestamp{-86400000}), "1969-12-31T00:00:00.000Z");
}

// Found by fuzz_xml_serializer: the smallest int64 was negated (undefined behaviour).
TEST(Timestamp, FormatsTheExtremesOfInt64) {
  EXPECT_EQ(FormatIso8601(Timestamp{std::numeric_limits<int64_t>::min()}),
            "-292275055-05-16T16:47:04.192Z");
  EXPECT_EQ(FormatIso8601(Timestamp{std::numeric_limits<int64_t>::max()}),
            "292278994-08-17T07:12:55.807Z");
}

}  // namespace
}  // namespace ecl
