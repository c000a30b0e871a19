// Access strings: the Redis OSS / Valkey ACL rules a user gets (CreateUser / ModifyUser
// AccessString, AppendAccessString), checked against the ACL grammar and rewritten in the
// canonical form ElastiCache shows, with the engine version the rules need. Pure functions;
// thread-safe.
//
// Grammar (Redis ACL rules, https://redis.io/docs/latest/operate/oss_and_stack/management/
// security/acl/, and the ElastiCache User Guide's "Specifying Permissions Using an Access
// String"), rules separated by spaces:
//   on | off
//   ~<pattern> | %R~<pattern> | %W~<pattern> | %RW~<pattern> | allkeys | resetkeys
//   &<pattern> | allchannels | resetchannels                        (6.2 and later)
//   +<command> | -<command> | +<command>|<subcommand> | -<command>|<subcommand>
//   +@<category> | -@<category> | allcommands | nocommands
//   (<rules>) selectors and clearselectors                            (7.0 and later)
//   sanitize-payload | skip-sanitize-payload
// Password rules (nopass, resetpass, >…, <…, #…, !…) and `reset` are refused, as the User
// Guide says passwords are set through the API only.
//
// Canonical form, as ElastiCache answers (User Guide examples: "~objects:* ~items:*
// ~public:*" becomes "off ~objects:* ~items:* ~public:* -@all", "off +get ~keys*" becomes
// "off ~keys* -@all +get"): on/off first (off when neither is given), then key patterns,
// channel patterns, command rules starting with +@all or -@all, then selectors. Later rules
// replace earlier ones as Redis 7 applies them (`~*` and `allkeys` replace the key patterns,
// `+@all` / `-@all` the command rules, a rule for the same command or category its earlier
// rule).
#pragma once

#include <string>
#include <string_view>

namespace ecl {

struct NormalizedAccessString {
  std::string text;  // the canonical form
  // The oldest Redis OSS version that understands every rule: "6.0", "6.2" (channel rules)
  // or "7.0" (%R~ / %W~ / %RW~ key permissions, selectors, -command|subcommand).
  std::string minimum_redis_version;
};

// Throws InvalidParameterValue naming the offending rule when `rules` is blank or malformed.
NormalizedAccessString NormalizeAccessString(std::string_view rules);

}  // namespace ecl
