#include "engines/resp_client.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>

namespace ecl {

namespace {

using Clock = std::chrono::steady_clock;

int Remaining(Clock::time_point deadline) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return ms > 0 ? int(ms) : 0;
}

bool ReadLine(const std::string& data, size_t& pos, std::string& line) {
  auto end = data.find("\r\n", pos);
  if (end == std::string::npos) return false;
  line = data.substr(pos, end - pos);
  pos = end + 2;
  return true;
}

int64_t ToInteger(const std::string& text) {
  try {
    size_t used = 0;
    int64_t v = std::stoll(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
    return v;
  } catch (const std::exception&) {
    throw EngineUnreachable("malformed reply from the engine: integer '" + text + "'");
  }
}

}  // namespace

RespClient::RespClient(const std::string& host, int port, std::chrono::milliseconds timeout)
    : timeout_(timeout), where_(host + ":" + std::to_string(port)) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || !found)
    throw EngineUnreachable("cannot resolve " + where_);
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(found, freeaddrinfo);
  auto deadline = Clock::now() + timeout_;
  fd_ = socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd_ < 0) throw EngineUnreachable("cannot open a socket to " + where_);
  int r = connect(fd_, found->ai_addr, found->ai_addrlen);
  if (r != 0 && errno != EINPROGRESS) {
    int e = errno;
    close(fd_);
    fd_ = -1;
    throw EngineUnreachable("cannot connect to " + where_ + ": " + std::strerror(e));
  }
  if (r != 0) {
    pollfd p{fd_, POLLOUT, 0};
    int n = poll(&p, 1, Remaining(deadline));
    int err = 0;
    socklen_t len = sizeof err;
    if (n <= 0 || getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
      close(fd_);
      fd_ = -1;
      throw EngineUnreachable("cannot connect to " + where_ +
                              (err ? std::string(": ") + std::strerror(err) : ": timed out"));
    }
  }
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RespClient::~RespClient() {
  if (fd_ >= 0) close(fd_);
}

std::string RespClient::Encode(const std::vector<std::string>& command) {
  // Appended piece by piece (GCC 12 warns falsely about "literal" + std::string).
  std::string out(1, '*');
  out += std::to_string(command.size());
  out += "\r\n";
  for (const auto& arg : command) {
    out += '$';
    out += std::to_string(arg.size());
    out += "\r\n";
    out += arg;
    out += "\r\n";
  }
  return out;
}

void RespClient::SendAll(const std::string& data) {
  auto deadline = Clock::now() + timeout_;
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += size_t(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      pollfd p{fd_, POLLOUT, 0};
      if (poll(&p, 1, Remaining(deadline)) <= 0)
        throw EngineUnreachable("timed out writing to " + where_);
      continue;
    }
    throw EngineUnreachable("lost the connection to " + where_);
  }
}

void RespClient::Fill() {
  auto deadline = Clock::now() + timeout_;
  char chunk[16384];
  while (true) {
    ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer_.append(chunk, size_t(n));
      return;
    }
    if (n == 0) throw EngineUnreachable(where_ + " closed the connection");
    if (errno != EAGAIN && errno != EINTR)
      throw EngineUnreachable("lost the connection to " + where_);
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, Remaining(deadline)) <= 0)
      throw EngineUnreachable("timed out waiting for " + where_);
  }
}

bool RespClient::Parse(const std::string& data, size_t& pos, RespReply& out) {
  size_t p = pos;
  if (p >= data.size()) return false;
  char kind = data[p++];
  std::string line;
  if (!ReadLine(data, p, line)) return false;
  RespReply r;
  switch (kind) {
    case '+':
      r.type = RespReply::Type::kSimple;
      r.text = line;
      break;
    case '-':
      r.type = RespReply::Type::kError;
      r.text = line;
      break;
    case ':':
      r.type = RespReply::Type::kInteger;
      r.integer = ToInteger(line);
      break;
    case '$': {
      int64_t len = ToInteger(line);
      if (len < 0) break;  // null bulk string
      if (data.size() < p + size_t(len) + 2) return false;
      r.type = RespReply::Type::kBulk;
      r.text = data.substr(p, size_t(len));
      p += size_t(len) + 2;
      break;
    }
    case '*': {
      int64_t count = ToInteger(line);
      if (count < 0) break;  // null array
      r.type = RespReply::Type::kArray;
      for (int64_t i = 0; i < count; ++i) {
        RespReply element;
        if (!Parse(data, p, element)) return false;
        r.elements.push_back(std::move(element));
      }
      break;
    }
    default:
      throw EngineUnreachable(std::string("malformed reply from the engine: type byte '") +
                              kind + "'");
  }
  out = std::move(r);
  pos = p;
  return true;
}

RespReply RespClient::Call(const std::vector<std::string>& command) {
  SendAll(Encode(command));
  while (true) {
    size_t pos = 0;
    RespReply reply;
    if (Parse(buffer_, pos, reply)) {
      buffer_.erase(0, pos);
      return reply;
    }
    Fill();
  }
}

std::vector<RespReply> RespClient::CallAll(const std::vector<std::vector<std::string>>& commands) {
  std::string out;
  for (const auto& command : commands) out += Encode(command);
  SendAll(out);
  std::vector<RespReply> replies;
  size_t pos = 0;
  while (replies.size() < commands.size()) {
    RespReply reply;
    size_t next = pos;
    if (Parse(buffer_, next, reply)) {
      pos = next;
      replies.push_back(std::move(reply));
      continue;
    }
    buffer_.erase(0, pos);
    pos = 0;
    Fill();
  }
  buffer_.erase(0, pos);
  return replies;
}

RespReply RespClient::Expect(const std::vector<std::string>& command) {
  RespReply reply = Call(command);
  if (reply.IsError())
    throw EngineUnreachable(where_ + " refused " + (command.empty() ? "" : command[0]) + ": " +
                            reply.text);
  return reply;
}

std::string InfoField(const std::string& info, const std::string& field) {
  std::string key = field + ":";
  size_t pos = 0;
  while (pos < info.size()) {
    auto end = info.find('\n', pos);
    if (end == std::string::npos) end = info.size();
    std::string_view line(info.data() + pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.substr(0, key.size()) == key) return std::string(line.substr(key.size()));
    pos = end + 1;
  }
  return "";
}

}  // namespace ecl
