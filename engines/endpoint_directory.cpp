#include "engines/endpoint_directory.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ecl {

namespace {

// Another program may hold a port of the range; a port that cannot be bound is skipped.
bool CanBind(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(uint16_t(port));
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

}  // namespace

EndpointDirectory::EndpointDirectory(PortRange range, std::string endpoint_host,
                                     std::string state_file)
    : range_(range), endpoint_host_(std::move(endpoint_host)), state_file_(std::move(state_file)) {
  Load();
}

int EndpointDirectory::PortFor(const std::string& address) {
  std::lock_guard lock(mu_);
  if (auto it = ports_.find(address); it != ports_.end()) return it->second;
  for (int port = range_.first; port <= range_.last; ++port) {
    if (used_.count(port) || !CanBind(port)) continue;
    ports_[address] = port;
    used_.insert(port);
    Save();
    return port;
  }
  throw std::runtime_error("no free port is left in the engine port range " +
                           std::to_string(range_.first) + "-" + std::to_string(range_.last));
}

std::string EndpointDirectory::LoopbackAddress(int port) {
  return "127.1." + std::to_string((port >> 8) & 0xff) + "." + std::to_string(port & 0xff);
}

std::optional<int> EndpointDirectory::Find(const std::string& address) const {
  std::lock_guard lock(mu_);
  auto it = ports_.find(address);
  if (it == ports_.end()) return std::nullopt;
  return it->second;
}

void EndpointDirectory::Retain(const std::set<std::string>& addresses) {
  std::lock_guard lock(mu_);
  bool changed = false;
  for (auto it = ports_.begin(); it != ports_.end();) {
    if (addresses.count(it->first)) {
      ++it;
      continue;
    }
    used_.erase(it->second);
    it = ports_.erase(it);
    changed = true;
  }
  if (changed) Save();
}

std::map<std::string, int> EndpointDirectory::Entries() const {
  std::lock_guard lock(mu_);
  return ports_;
}

void EndpointDirectory::Load() {
  if (state_file_.empty() || !std::filesystem::exists(state_file_)) return;
  std::ifstream in(state_file_);
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto value = boost::json::parse(text.str(), ec);
  if (ec || !value.is_object()) return;  // a damaged table: ports are handed out anew
  for (const auto& [address, port] : value.as_object()) {
    if (!port.is_int64() || !range_.Contains(int(port.as_int64()))) continue;
    int p = int(port.as_int64());
    if (used_.count(p)) continue;
    ports_[std::string(address)] = p;
    used_.insert(p);
  }
}

void EndpointDirectory::Save() const {
  if (state_file_.empty()) return;
  boost::json::object table;
  for (const auto& [address, port] : ports_) table[address] = port;
  std::filesystem::path path(state_file_);
  std::filesystem::create_directories(path.parent_path());
  auto temp = path;
  temp += ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << boost::json::serialize(table);
  }
  std::filesystem::rename(temp, path);
}

}  // namespace ecl
