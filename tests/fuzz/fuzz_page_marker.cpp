// Fuzzes the page marker decoder (model/page_marker.h): the first byte picks an operation, the
// rest is a Marker as a client might send it back. Properties: decoding never throws; a marker
// that decodes re-encodes to one that decodes to the same position; and every position
// (encoded by the server itself) decodes back to itself for its operation.
#include "fuzz_support.h"
#include "model/page_marker.h"
#include "server/service_model.h"

using namespace ecl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto& operations = ServiceModel::Embedded().operations();
  const std::string& operation = operations[data[0] % operations.size()].name;
  const std::string_view text = fuzz::AsText(data + 1, size - 1);

  if (auto position = DecodeMarker(operation, text)) {
    auto again = DecodeMarker(operation, EncodeMarker(operation, *position));
    if (!again || *again != *position) fuzz::Fail("a decoded marker does not re-encode");
  }
  const std::string marker = EncodeMarker(operation, text);
  auto decoded = DecodeMarker(operation, marker);
  if (marker.size() <= kMaxMarkerLength && (!decoded || *decoded != text))
    fuzz::Fail("an issued marker does not decode to its position: " + marker);
  return 0;
}
