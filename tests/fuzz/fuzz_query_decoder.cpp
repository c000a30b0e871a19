// Fuzzes the shape-driven input decoder (server/query_decoder.h) over every operation's input
// shape: the first byte picks the operation, the rest is its form body. Properties: only
// MissingParameter / InvalidParameterValue / MalformedQueryString are raised, a decoded input
// is a structure, and ParseTimestamp never throws.
#include "fuzz_support.h"
#include "model/aws_error.h"
#include "server/query_decoder.h"
#include "server/service_model.h"

using namespace ecl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const ServiceModel& model = ServiceModel::Embedded();
  const Operation& operation = model.operations()[data[0] % model.operations().size()];
  const std::string_view body = fuzz::AsText(data + 1, size - 1);
  (void)ParseTimestamp(body);
  QueryParams params;
  try {
    params = ParseUrlEncoded(body);
  } catch (const AwsError& e) {
    if (e.code != "MalformedQueryString") fuzz::Fail("unexpected error " + e.code);
    return 0;
  }
  try {
    ApiValue input = DecodeInput(model, operation, params);
    if (!input.IsMap()) fuzz::Fail(operation.name + ": the decoded input is not a structure");
  } catch (const AwsError& e) {
    if (e.code != "MissingParameter" && e.code != "InvalidParameterValue")
      fuzz::Fail(operation.name + ": unexpected error " + e.code + ": " + e.message());
    if (e.http_status != 400) fuzz::Fail(operation.name + ": status of " + e.code);
  }
  return 0;
}
