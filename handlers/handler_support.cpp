#include "handlers/handler_support.h"

#include "model/aws_faults.h"

namespace ecl {

int PageSize(const ApiValue& input, int min, int max, int fallback) {
  auto requested = input.GetInt("MaxRecords");
  if (!requested) return fallback;
  if (*requested < min || *requested > max)
    throw faults::InvalidParameterValueException("Invalid value for max records. Must be between " +
                                                 std::to_string(min) + " and " +
                                                 std::to_string(max) + ".");
  return int(*requested);
}

std::string MarkerOf(const ApiValue& input) { return input.GetString("Marker").value_or(""); }

std::vector<Tag> TagsFrom(const ApiValue& input, const std::string& member) {
  std::vector<Tag> tags;
  for (const auto& t : input.GetList(member)) {
    Tag tag{t.GetString("Key").value_or(""), t.GetString("Value").value_or("")};
    if (tag.key.empty())
      throw faults::InvalidParameterValueException("Tag keys must not be empty.");
    if (tag.key.size() > 128)
      throw faults::InvalidParameterValueException("Tag key " + tag.key +
                                                   " is longer than 128 characters.");
    if (tag.value.size() > 256)
      throw faults::InvalidParameterValueException("The value of tag " + tag.key +
                                                   " is longer than 256 characters.");
    if (tag.key.rfind("aws:", 0) == 0)
      throw faults::InvalidParameterValueException(
          "Tag keys beginning with aws: are reserved for AWS use: " + tag.key);
    tags.push_back(std::move(tag));
  }
  return tags;
}

ApiValue TagListValue(const std::vector<Tag>& tags) {
  ApiValue list = ApiValue::List();
  for (const auto& t : tags) list.Push(ApiValue::Struct().Set("Key", t.key).Set("Value", t.value));
  return list;
}

}  // namespace ecl
