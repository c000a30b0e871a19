// Helpers every handler family shares: the environment handlers run in, paging parameters,
// tag lists, and the transition length.
#pragma once

#include <string>
#include <vector>

#include "handlers/request_context.h"
#include "handlers/service.h"
#include "model/api_value.h"
#include "storage/store.h"

namespace ecl {

struct HandlerEnv {
  Store& store;
  const ServiceOptions& options;

  int64_t TransitionMs() const { return int64_t(options.transition_seconds * 1000.0); }
};

// MaxRecords within [min, max] (default `fallback`), else InvalidParameterValue.
int PageSize(const ApiValue& input, int min, int max, int fallback);
// The Marker input ("" when absent).
std::string MarkerOf(const ApiValue& input);

// Tags from a TagList member (`Tags`), checked against the per-resource limits.
std::vector<Tag> TagsFrom(const ApiValue& input, const std::string& member);
ApiValue TagListValue(const std::vector<Tag>& tags);

}  // namespace ecl
