// ReadRepoFile: the text of a file of the source tree, for tests that check the checked-in
// catalogs in config/. Located from this header's own path, so no build setting is needed.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace ecl::testing {

// `relative` is a path from the repository root, such as "config/engine-versions.csv".
inline std::string ReadRepoFile(const std::string& relative) {
  std::string here = __FILE__;  // <root>/tests/model/repo_file.h
  std::string root = here.substr(0, here.rfind("/tests/model/"));
  std::ifstream in(root + "/" + relative, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + root + "/" + relative);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace ecl::testing
