# Precompiled headers: the standard headers nearly every unit includes (and, per target, the
# heavy library headers its units share) are parsed once per target instead of once per unit.
# CI builds everything twice on two cores, so this is time on its critical path. Only system
# headers are listed: a change to the project never rebuilds them. ECL_PRECOMPILED_HEADERS=OFF
# builds without them, e.g. to check that each file includes what it uses.
option(ECL_PRECOMPILED_HEADERS "Precompile the standard and library headers units share" ON)

set(ECL_STANDARD_HEADERS
  <algorithm> <chrono> <cstdint> <functional> <map> <memory> <optional> <set> <stdexcept>
  <string> <string_view> <utility> <vector>)

# ecl_precompile_headers(target [header...]): the standard headers and the given ones.
function(ecl_precompile_headers target)
  if(ECL_PRECOMPILED_HEADERS)
    target_precompile_headers(${target} PRIVATE ${ECL_STANDARD_HEADERS} ${ARGN})
  endif()
endfunction()
