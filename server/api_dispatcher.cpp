#include "server/api_dispatcher.h"

#include <spdlog/spdlog.h>

#include <exception>

#include "model/aws_error.h"
#include "server/query_decoder.h"
#include "server/query_params.h"
#include "server/service_model.h"
#include "server/typed_xml_writer.h"
#include "server/xml_serializer.h"

namespace ecl {

namespace {

// Where a typed handler's output goes: the answer's body, written once the call succeeded.
struct TypedResultXml {
  const ServiceModel& model;
  const Operation& operation;
  const RequestContext& ctx;
  const EndpointMapper* mapper;
  std::optional<std::string> body;  // none: the operation has no result
  template <typename T>
  void Write(const T& result) {
    // SerializeResultWith calls this only when the operation has an output shape.
    body = SerializeResultWith(model, operation, ctx.request_id, [&](std::string& out) {
      WriteTypedResult(out, *operation.output, result, mapper);
    });
  }
};

AwsError InternalFailure() {
  return common_errors::InternalFailure(
      "The request processing has failed because of an unknown error, exception or failure.");
}

}  // namespace

HttpResponse AwsErrorResponse(const AwsError& error, const std::string& request_id) {
  HttpResponse response;
  response.status = error.http_status;
  response.content_type = "text/xml";
  response.body = SerializeError(error, request_id);
  response.headers.emplace_back("x-amzn-RequestId", request_id);
  return response;
}

ApiDispatcher::ApiDispatcher(const ServiceModel& model, const HandlerRegistry& handlers)
    : model_(model), handlers_(handlers) {}

HttpResponse ApiDispatcher::Dispatch(const QueryParams& params, const RequestContext& ctx) const {
  HttpResponse response;
  const std::string* action = FindParam(params, "Action");
  try {
    if (!action || action->empty())
      throw common_errors::InvalidAction(
          "The request must contain the parameter Action (the name of the operation to call).");
    const Operation* operation = model_.FindOperation(*action);
    if (!operation)
      throw common_errors::InvalidAction("The action " + *action +
                                         " is not valid for this web service.");
    const Handler* handler = handlers_.Find(operation->name);
    if (!handler)
      throw common_errors::InvalidAction("The action " + *action +
                                         " is not implemented by elasticache-local.");
    ApiValue input = DecodeInput(model_, *operation, params);
    if (const TypedHandler* typed = handlers_.FindTyped(operation->name)) {
      // The typed result goes straight to XML: no ApiValue tree in between.
      TypedResultXml writer{model_, *operation, ctx,
                            endpoint_mapper_ ? &endpoint_mapper_ : nullptr, std::nullopt};
      api::OutputSinkTo<TypedResultXml> sink(writer);
      (*typed)(ctx, input, sink);
      response.body = writer.body ? std::move(*writer.body)
                                  : SerializeResultWith(model_, *operation, ctx.request_id, {});
    } else {
      ApiValue result = (*handler)(ctx, input);
      if (endpoint_mapper_ && operation->output)
        MapEndpoints(*operation->output, result, endpoint_mapper_);
      response.body = SerializeResult(model_, *operation, result, ctx.request_id);
    }
  } catch (const AwsError& error) {
    return AwsErrorResponse(error, ctx.request_id);
  } catch (const std::exception& e) {
    spdlog::error("request {} ({}): internal failure: {}", ctx.request_id,
                  action ? *action : std::string("no Action"), e.what());
    return AwsErrorResponse(InternalFailure(), ctx.request_id);
  } catch (...) {
    spdlog::error("request {} ({}): internal failure: unknown exception", ctx.request_id,
                  action ? *action : std::string("no Action"));
    return AwsErrorResponse(InternalFailure(), ctx.request_id);
  }
  response.content_type = "text/xml";
  response.headers.emplace_back("x-amzn-RequestId", ctx.request_id);
  return response;
}

}  // namespace ecl
