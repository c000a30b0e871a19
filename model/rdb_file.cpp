#include "model/rdb_file.h"

namespace ecl {

namespace {

// The Jones polynomial 0xad93d23594c935a9 with its bits reversed (reflected CRC).
constexpr uint64_t kReflectedJones = 0x95ac9329ac4bc9b5ULL;

constexpr unsigned char kOpcodeAux = 0xFA;
constexpr unsigned char kOpcodeEof = 0xFF;

// RDB "length-prefixed string" for lengths below 64: one byte holding the length.
void AppendShortString(std::string& out, std::string_view text) {
  out.push_back(static_cast<char>(text.size() & 0x3F));
  out.append(text);
}

}  // namespace

uint64_t RedisCrc64(uint64_t crc, std::string_view bytes) {
  for (unsigned char byte : bytes) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? (crc >> 1) ^ kReflectedJones : crc >> 1;
  }
  return crc;
}

std::string EmptyRdbFile(std::string_view redis_version) {
  std::string out = "REDIS0009";
  out.push_back(static_cast<char>(kOpcodeAux));
  AppendShortString(out, "redis-ver");
  AppendShortString(out, redis_version.substr(0, 63));
  out.push_back(static_cast<char>(kOpcodeAux));
  AppendShortString(out, "redis-bits");
  out.push_back(static_cast<char>(0xC0));  // integer encoded as one signed byte
  out.push_back(64);
  out.push_back(static_cast<char>(kOpcodeEof));
  uint64_t crc = RedisCrc64(0, out);
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<char>((crc >> (8 * i)) & 0xFF));  // little endian
  return out;
}

bool LooksLikeRdbFile(std::string_view bytes) {
  if (bytes.size() < 9 || bytes.substr(0, 5) != "REDIS") return false;
  for (char c : bytes.substr(5, 4))
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace ecl
