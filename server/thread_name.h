// Names the calling thread as `top -H`, `perf` and /proc/<pid>/task/*/comm show it, so the
// server's threads (io loops, the writer lane, the log sink) can be told apart when
// profiling. Linux keeps at most 15 characters.
#pragma once

#include <pthread.h>

#include <string>

namespace ecl {

inline void NameThisThread(const std::string& name) {
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

}  // namespace ecl
