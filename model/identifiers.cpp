#include "model/identifiers.h"

#include "model/aws_faults.h"

namespace ecl {
namespace {

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool FollowsIdentifierPattern(std::string_view value) {
  if (value.empty() || !IsAsciiLetter(value.front()) || value.back() == '-') return false;
  char previous = '\0';
  for (char c : value) {
    if (!IsAsciiLetter(c) && !IsAsciiDigit(c) && c != '-') return false;
    if (c == '-' && previous == '-') return false;
    previous = c;
  }
  return true;
}

}  // namespace

std::string ToLowerAscii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

std::string ValidateIdentifier(std::string_view param_name, std::string_view value,
                               std::size_t max_len, std::string_view too_long_message) {
  const std::string name(param_name);
  if (value.empty()) {
    throw faults::InvalidParameterValueException("The parameter " + name +
                                                 " must be provided and must not be blank.");
  }
  if (value.size() > max_len) {
    if (!too_long_message.empty()) {
      throw faults::InvalidParameterValueException(std::string(too_long_message));
    }
    throw faults::InvalidParameterValueException("The parameter " + name +
                                                 " cannot be longer than " +
                                                 std::to_string(max_len) + " characters.");
  }
  if (!FollowsIdentifierPattern(value)) {
    throw faults::InvalidParameterValueException(
        "The parameter " + name +
        " is not a valid identifier. Identifiers must begin with a letter; must contain only "
        "ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two "
        "consecutive hyphens.");
  }
  return ToLowerAscii(value);
}

std::string ValidateReplicationGroupId(std::string_view id) {
  return ValidateIdentifier("ReplicationGroupId", id, kMaxReplicationGroupIdLength,
                            "Replication Group ID cannot be longer than 40 characters.");
}

bool IsValidNodeGroupId(std::string_view id) {
  if (id.empty() || id.size() > kMaxNodeGroupIdDigits) return false;
  for (char c : id) {
    if (!IsAsciiDigit(c)) return false;
  }
  return true;
}

std::string ValidateNodeGroupId(std::string_view id) {
  if (!IsValidNodeGroupId(id)) {
    throw faults::InvalidParameterValueException(
        "Invalid node group id: '" + std::string(id) +
        "'. A node group id must consist of 1 to 4 digits, for example 0001.");
  }
  std::string canonical(kMaxNodeGroupIdDigits - id.size(), '0');
  canonical += id;
  return canonical;
}

}  // namespace ecl
