// HandlerRegistry: Action name -> handler. Handlers take the input decoded against the
// operation's input shape and return a value shaped like the operation's output shape
// (the members inside <ActionResult>). They report failures by throwing AwsError.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "handlers/request_context.h"
#include "model/api_value.h"

namespace ecl {

using Handler = std::function<ApiValue(const RequestContext&, const ApiValue& input)>;

class HandlerRegistry {
 public:
  void Add(const std::string& action, Handler h) { handlers_[action] = std::move(h); }
  const Handler* Find(const std::string& action) const {
    auto it = handlers_.find(action);
    return it == handlers_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, Handler> handlers_;
};

}  // namespace ecl
