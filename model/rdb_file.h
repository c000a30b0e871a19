// Redis RDB files as snapshot exports write them: an empty dataset that a real redis-server
// loads, and the check that a file at least looks like an RDB. Redis's CRC-64 (Jones
// polynomial, reflected, as in redis/src/crc64.c) seals the file. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ecl {

// Redis's CRC-64: crc64(0, "123456789") == 0xe9c6d914c4b8d9ca.
uint64_t RedisCrc64(uint64_t crc, std::string_view bytes);

// An RDB (format version 9, read by Redis 5.0 and later) holding no keys. `redis_version` goes
// into the "redis-ver" aux field, as a real server writes its own version there.
std::string EmptyRdbFile(std::string_view redis_version);

// True when `bytes` starts with the "REDIS" magic and a four-digit format version.
bool LooksLikeRdbFile(std::string_view bytes);

}  // namespace ecl
