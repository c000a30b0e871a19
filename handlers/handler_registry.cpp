#include "handlers/handler_registry.h"

// The one instantiation of the ApiValue sink every Add<Op> uses (handler_registry.h).
template class ecl::api::OutputSinkTo<ecl::ResultAsApiValue>;
