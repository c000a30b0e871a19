// QueryParams: the name/value pairs of an AWS Query request, decoded from a URL query string
// or an application/x-www-form-urlencoded body, in the order they were sent. Stateless
// functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ecl {

// Same alias as in server/api_dispatcher.h.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Appends the pairs of `encoded` ("a=1&b=x+y%21") to `out`: '+' is a space, %XX is a byte,
// a pair without '=' has an empty value, empty pairs are skipped. Throws AwsError
// MalformedQueryString on a bad percent escape.
void AppendUrlEncoded(std::string_view encoded, QueryParams& out);

// The pairs of one encoded string.
QueryParams ParseUrlEncoded(std::string_view encoded);

// Appends the query string part of a request target ("/path?a=1#frag") to `out`.
void AppendTargetQuery(std::string_view target, QueryParams& out);

// Percent-decodes one name or value ('+' as space). Throws AwsError MalformedQueryString.
std::string UrlDecode(std::string_view encoded);

// The value of the first pair called `name` in `encoded`, still encoded, without decoding the
// rest (names compared as sent): a cheap look at one parameter.
std::optional<std::string_view> FindEncodedParam(std::string_view encoded, std::string_view name);

// The value of the first pair called `name`, or nullptr.
const std::string* FindParam(const QueryParams& params, std::string_view name);

}  // namespace ecl
