// HandlerRegistry: Action name -> handler. A handler takes the input decoded against the
// operation's input shape and returns a value shaped like the operation's output shape (the
// members inside <ActionResult>); it reports failures by throwing AwsError. Handlers are
// written against the typed API structs (api_types.h) and added with Add<api::op::X>, which
// converts at the boundary (the protocol layer serializes the typed output itself, found with
// FindTyped); the invoker (Service::Invoke) runs only the call itself inside the service's
// single transaction, so decoding and serializing run beside other requests, outside the
// service's lock. Not thread-safe while being filled; read-only afterwards.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "handlers/api_types.h"
#include "handlers/request_context.h"
#include "model/api_value.h"

namespace ecl {

// Whether an action only reads the state (Describe*, List*): such calls run on a snapshot
// beside the writer (Service::InvokeRead), and the transport need not queue them for it. One
// that writes after all (defaults stored on first use) is found out by the store and runs
// again as a writer, so a wrong guess costs time, never an answer.
inline bool OnlyReads(std::string_view action) {
  return action.starts_with("Describe") || action.starts_with("List");
}

using Handler = std::function<ApiValue(const RequestContext&, const ApiValue& input)>;
// A handler added with its operation's types: its result goes to `out` as the typed output
// (none for operations without a result), so the protocol layer serializes it directly.
using TypedHandler =
    std::function<void(const RequestContext&, const ApiValue& input, api::OutputSink& out)>;

// A typed handler's result as ApiValue (the Handler form). Its sink is instantiated once, in
// handler_registry.cpp, not in every file that adds handlers.
struct ResultAsApiValue {
  ApiValue value = ApiValue::Struct();
  template <typename T>
  void Write(const T& result) {
    value = api::ToApi(result);
  }
};
extern template class api::OutputSinkTo<ResultAsApiValue>;

class HandlerRegistry {
 public:
  // Runs a handler's call (not the conversion of its input and output) for a request of
  // `action`.
  using Invoker = std::function<void(const RequestContext&, std::string_view action,
                                     const std::function<void()>& call)>;

  // Typed handlers added from now on run through `invoker`; without one they run bare.
  void SetInvoker(Invoker invoker) { invoker_ = std::move(invoker); }

  void Add(const std::string& action, Handler h) {
    handlers_[action] = std::move(h);
    typed_.erase(action);
  }

  // handler(const RequestContext&, const typename Op::Input&) returns typename Op::Output
  // (nothing for operations without a result). Found both typed (FindTyped) and as a Handler
  // answering ApiValue.
  template <typename Op, typename F>
  void Add(F handler) {
    TypedHandler typed = [invoker = invoker_, handler = std::move(handler)](
                             const RequestContext& ctx, const ApiValue& in, api::OutputSink& out) {
      typename Op::Input input;
      api::FromApi(in, input);
      auto run = [&](const std::function<void()>& call) {
        if (invoker)
          invoker(ctx, Op::kName, call);
        else
          call();
      };
      if constexpr (std::is_void_v<typename Op::Output>) {
        run([&] { handler(ctx, input); });
      } else {
        std::optional<typename Op::Output> output;
        run([&] { output.emplace(handler(ctx, input)); });
        out.Write(*output);
      }
    };
    Add(std::string(Op::kName), [typed](const RequestContext& ctx, const ApiValue& in) {
      ResultAsApiValue result;
      api::OutputSinkTo<ResultAsApiValue> sink(result);
      typed(ctx, in, sink);
      return std::move(result.value);
    });
    typed_[std::string(Op::kName)] = std::move(typed);
  }

  // The same for handler(env, ctx, input): `env` is bound once, here.
  template <typename Op, typename Env, typename F>
  void Add(Env env, F handler) {
    Add<Op>([env, handler](const RequestContext& ctx, const typename Op::Input& in) {
      return handler(env, ctx, in);
    });
  }

  const Handler* Find(const std::string& action) const {
    auto it = handlers_.find(action);
    return it == handlers_.end() ? nullptr : &it->second;
  }
  // Null for an action added untyped (Add(action, Handler)).
  const TypedHandler* FindTyped(const std::string& action) const {
    auto it = typed_.find(action);
    return it == typed_.end() ? nullptr : &it->second;
  }

  std::vector<std::string> Actions() const {
    std::vector<std::string> names;
    for (const auto& [name, handler] : handlers_) names.push_back(name);
    return names;
  }

 private:
  Invoker invoker_;
  std::map<std::string, Handler> handlers_;
  std::map<std::string, TypedHandler> typed_;
};

}  // namespace ecl
