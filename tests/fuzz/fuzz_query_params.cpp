// Fuzzes the form/percent decoder and query parameter parsing (server/query_params.h) and the
// canonical query string SigV4 builds from the same text. Properties: only MalformedQueryString
// is ever raised; what parses, encoded again and parsed, gives the same pairs; UriEncode then
// UrlDecode is the identity.
#include "fuzz_support.h"
#include "model/aws_error.h"
#include "server/query_params.h"
#include "server/sigv4.h"

using namespace ecl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input = fuzz::AsText(data, size);
  try {
    QueryParams params = ParseUrlEncoded(input);
    std::string again;
    for (const auto& [name, value] : params) {
      if (!again.empty()) again += '&';
      again += UriEncode(name) + "=" + UriEncode(value);
      if (FindParam(params, name) == nullptr) fuzz::Fail("FindParam lost " + name);
    }
    if (ParseUrlEncoded(again) != params)
      fuzz::Fail("re-encoded pairs parse differently: " + again);
  } catch (const AwsError& e) {
    if (e.code != "MalformedQueryString") fuzz::Fail("unexpected error " + e.code);
  }
  try {
    QueryParams from_target;
    AppendTargetQuery(input, from_target);
    (void)CanonicalQueryString(input, size % 2 == 1);
  } catch (const AwsError& e) {
    if (e.code != "MalformedQueryString") fuzz::Fail("unexpected error " + e.code);
  }
  if (UrlDecode(UriEncode(input)) != input) fuzz::Fail("UriEncode/UrlDecode is not the identity");
  return 0;
}
