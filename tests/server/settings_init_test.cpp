// The fixture setting: --init FILE, init_file in the config file, ECL_INIT_FILE.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "server/settings.h"

namespace ecl {
namespace {

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(SettingsInit, FromTheConfigFileTheEnvironmentAndTheFlag) {
  EXPECT_EQ(LoadSettings({}, Env({})).settings.init_file, "");
  auto path = std::filesystem::temp_directory_path() /
              ("ecl_settings_init_" + std::to_string(::getpid()) + ".conf");
  std::ofstream(path) << "init_file = /srv/fixture.json\n";
  EXPECT_EQ(LoadSettings({"--config", path.string()}, Env({})).settings.init_file,
            "/srv/fixture.json");
  EXPECT_EQ(LoadSettings({"--config", path.string()}, Env({{"ECL_INIT_FILE", "env.json"}}))
                .settings.init_file,
            "env.json");
  EXPECT_EQ(LoadSettings({"--init", "flag.json"}, Env({{"ECL_INIT_FILE", "env.json"}}))
                .settings.init_file,
            "flag.json");
  EXPECT_EQ(LoadSettings({"--init=eq.json"}, Env({})).settings.init_file, "eq.json");
  std::remove(path.c_str());
  // Empty, as the shipped file's commented line reads: no fixture.
  EXPECT_EQ(LoadSettings({"--init", ""}, Env({})).settings.init_file, "");
  EXPECT_NE(UsageText().find("--init FILE"), std::string::npos);
}

}  // namespace
}  // namespace ecl
