// TempDir: a new, empty directory for a test's files, named after the test and this process.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace ecl::testing {

inline std::filesystem::path TempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("ecl-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace ecl::testing
