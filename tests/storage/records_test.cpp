// The record codec writes JSON text itself (no tree): every string a user can set, whatever
// its characters, and every free-form ApiValue must come back as it went in, and the text must
// be JSON that any parser reads.
#include "storage/records.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace ecl {
namespace {

const std::string kAwkward =
    "quote \" backslash \\ slash / newline \n tab \t cr \r bell \x07 nul-free \x1f "
    "unicode caf\xc3\xa9 \xe2\x9c\x93 emoji \xf0\x9f\x98\x80 end";

TEST(RecordCodec, StringsWithCharactersJsonEscapesRoundTrip) {
  ReplicationGroup rg;
  rg.account = "123456789012";
  rg.region = "us-east-1";
  rg.id = "g1";
  rg.description = kAwkward;
  rg.settings.preferred_maintenance_window = std::string(1, '\x01') + "\"\\";
  const std::string text = EncodeRecord(rg);
  boost::json::value parsed = boost::json::parse(text);  // throws on malformed JSON
  EXPECT_EQ(parsed.at("description").as_string(), kAwkward);

  ReplicationGroup back;
  DecodeRecord(text, back);
  EXPECT_EQ(back.description, kAwkward);
  EXPECT_EQ(back.settings.preferred_maintenance_window, rg.settings.preferred_maintenance_window);
  EXPECT_EQ(EncodeRecord(back), text);
}

TEST(RecordCodec, FreeFormValuesRoundTripWithTheirTypes) {
  ReplicationGroup rg;
  rg.account = "123456789012";
  rg.region = "us-east-1";
  rg.id = "g1";
  ApiValue extra = ApiValue::Struct();
  extra.Set("Text", kAwkward)
      .Set("Int", int64_t{-9007199254740993})
      .Set("Double", 0.1)
      .Set("Flag", false)
      .Set("At", Timestamp{1700000000123})
      .Set("List", ApiValue::List().Push("a").Push(int64_t{2}).Push(ApiValue::Struct()));
  rg.log_delivery_configurations = ApiValue::List().Push(extra);
  const std::string text = EncodeRecord(rg);
  boost::json::parse(text);
  ReplicationGroup back;
  DecodeRecord(text, back);
  EXPECT_EQ(back.log_delivery_configurations, rg.log_delivery_configurations);
}

}  // namespace
}  // namespace ecl
