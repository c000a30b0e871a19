// Endpoint mapping: with the data plane on, an answer's endpoints name where the engines
// really answer. Every value of the service model's Endpoint shape (a group's primary,
// reader and configuration endpoints, a member's ReadEndpoint, a node's Endpoint) whose
// Address the data plane serves gets the data plane's host and port; others stay as they
// are. Walks the output shape, so no operation needs to know. Pure; thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "model/api_value.h"
#include "server/service_model.h"

namespace ecl {

// The (host, port) clients use for an endpoint address, if the data plane serves it; no port
// keeps the answer's own.
using EndpointMapper = std::function<std::optional<std::pair<std::string, std::optional<int>>>(
    const std::string& address)>;

void MapEndpoints(const Shape& shape, ApiValue& value, const EndpointMapper& mapper);

}  // namespace ecl
