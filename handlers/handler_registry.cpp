#include "handlers/handler_registry.h"

namespace ecl {

// The one instantiation of the ApiValue sink every Add<Op> uses (handler_registry.h).
template class api::OutputSinkTo<ResultAsApiValue>;

}  // namespace ecl
