// ApiDispatcher: one AWS Query API request, from decoded HTTP parameters to an HTTP response.
// Finds the operation in the service model (InvalidAction if unknown), decodes the input
// against its input shape, calls the registered handler, and serializes the result against
// the output shape (or the AwsError as <ErrorResponse>). Anything else a handler throws is
// logged and answered as InternalFailure 500. Thread-safety: as the handlers'.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "handlers/handler_registry.h"
#include "model/aws_error.h"
#include "server/endpoint_mapping.h"
#include "server/http_types.h"

namespace ecl {

class ServiceModel;

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// The <ErrorResponse> of `error` with its HTTP status and the x-amzn-RequestId header: the
// one way every AWS error leaves the server.
HttpResponse AwsErrorResponse(const AwsError& error, const std::string& request_id);

class ApiDispatcher {
 public:
  ApiDispatcher(const ServiceModel& model, const HandlerRegistry& handlers);

  // `params` holds every decoded name/value pair of the query string and form body,
  // including Action and Version. The response carries the x-amzn-RequestId header.
  HttpResponse Dispatch(const QueryParams& params, const RequestContext& ctx) const;

  // With the data plane on: answers show where the engines really answer.
  void SetEndpointMapper(EndpointMapper mapper) { endpoint_mapper_ = std::move(mapper); }

 private:
  const ServiceModel& model_;
  const HandlerRegistry& handlers_;
  EndpointMapper endpoint_mapper_;
};

}  // namespace ecl
