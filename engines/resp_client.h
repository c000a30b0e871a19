// RespClient: a small blocking client of the Redis protocol (RESP2), which the data plane
// uses to configure the engines it runs (REPLICAOF, CONFIG SET, ACL SETUSER, SAVE, INFO).
// Every call has a deadline; a failure throws EngineUnreachable. Not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace ecl {

struct EngineUnreachable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One RESP reply. Arrays hold their elements; `null` marks a null bulk string or array.
struct RespReply {
  enum class Type { kSimple, kError, kInteger, kBulk, kArray, kNull };
  Type type = Type::kNull;
  std::string text;  // simple string, error message or bulk string
  int64_t integer = 0;
  std::vector<RespReply> elements;

  bool IsError() const { return type == Type::kError; }
  bool IsOk() const { return type == Type::kSimple && text == "OK"; }
};

class RespClient {
 public:
  // Connects to host:port within `timeout`. Throws EngineUnreachable.
  RespClient(const std::string& host, int port,
             std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));
  ~RespClient();
  RespClient(const RespClient&) = delete;
  RespClient& operator=(const RespClient&) = delete;

  // Sends one command and reads its reply (an error reply is returned, not thrown).
  RespReply Call(const std::vector<std::string>& command);
  // Sends every command at once and reads their replies in order (a pipeline).
  std::vector<RespReply> CallAll(const std::vector<std::vector<std::string>>& commands);
  // Call, throwing EngineUnreachable with the engine's message on an error reply.
  RespReply Expect(const std::vector<std::string>& command);

  // Parses a complete reply from `data` starting at `pos` (advanced past it); false when the
  // data ends first. Throws EngineUnreachable on a malformed reply. Exposed for tests.
  static bool Parse(const std::string& data, size_t& pos, RespReply& out);
  // Encodes a command as a RESP array of bulk strings.
  static std::string Encode(const std::vector<std::string>& command);

 private:
  void SendAll(const std::string& data);
  void Fill();

  int fd_ = -1;
  std::chrono::milliseconds timeout_;
  std::string buffer_;
  std::string where_;  // host:port, for messages
};

// The value of `field` in an INFO reply ("role:master\r\n…"), or "" when absent.
std::string InfoField(const std::string& info, const std::string& field);

}  // namespace ecl
