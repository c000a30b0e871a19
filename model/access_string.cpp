#include "model/access_string.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "model/aws_faults.h"
#include "model/identifiers.h"

namespace ecl {
namespace {

// The command categories of Redis OSS 6/7 and Valkey (`ACL CAT`), plus @json, which
// ElastiCache adds for its JSON commands (User Guide, json-document-overview).
constexpr std::string_view kAclCategories[] = {
    "all",    "keyspace", "read",        "write",      "set",         "sortedset", "list",  "hash",
    "string", "bitmap",   "hyperloglog", "geo",        "stream",      "pubsub",    "admin", "fast",
    "slow",   "blocking", "dangerous",   "connection", "transaction", "scripting", "json"};

// Which Redis OSS version a rule needs: 6.0 unless it uses a later addition.
enum Level { kRedis60 = 0, kRedis62 = 1, kRedis70 = 2 };

[[noreturn]] void Invalid(std::string_view rule, std::string_view why) {
  throw faults::InvalidParameterValueException("Invalid access string: the rule '" +
                                               std::string(rule) + "' " + std::string(why) + ".");
}

bool IsCommandNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == ':';
}

bool IsCommandName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), IsCommandNameCharacter);
}

struct KeyPattern {
  std::string pattern;
  bool read = false;
  bool write = false;
};

// What a user (or one of its selectors) may touch: keys, channels, commands.
struct Permissions {
  bool all_keys = false;
  std::vector<KeyPattern> keys;
  bool channels_given = false;  // Redis shows channels only once a rule names them
  bool all_channels = false;
  std::vector<std::string> channels;
  bool all_commands = false;  // +@all, else -@all
  std::vector<std::string> command_rules;

  void AddKeyPattern(std::string_view rule, std::string_view pattern, bool read, bool write) {
    if (pattern.empty()) Invalid(rule, "has an empty key pattern");
    if (all_keys)
      Invalid(rule,
              "adds a key pattern after ~* or allkeys, which already allow every key; "
              "use resetkeys first");
    if (read && write && pattern == "*") {
      all_keys = true;
      keys.clear();
      return;
    }
    for (auto& k : keys)
      if (k.pattern == pattern) {
        k.read |= read;
        k.write |= write;
        return;
      }
    keys.push_back({std::string(pattern), read, write});
  }

  void AddChannel(std::string_view rule, std::string_view pattern) {
    if (pattern.empty()) Invalid(rule, "has an empty channel pattern");
    channels_given = true;
    if (all_channels)
      Invalid(rule,
              "adds a channel pattern after &* or allchannels, which already allow every "
              "channel; use resetchannels first");
    if (pattern == "*") {
      all_channels = true;
      channels.clear();
      return;
    }
    if (std::find(channels.begin(), channels.end(), pattern) == channels.end())
      channels.emplace_back(pattern);
  }

  // A later rule for the same command or category replaces the earlier one.
  void AddCommandRule(std::string_view rule, const std::string& target) {
    command_rules.erase(
        std::remove_if(command_rules.begin(), command_rules.end(),
                       [&](const std::string& r) { return ToLowerAscii(r.substr(1)) == target; }),
        command_rules.end());
    command_rules.emplace_back(rule);
  }

  // Applies a key, channel or command rule; false when `rule` is none of those.
  bool Apply(std::string_view rule, Level& level) {
    const std::string lower = ToLowerAscii(rule);
    if (lower == "allkeys" || rule == "~*") {
      all_keys = true;
      keys.clear();
    } else if (lower == "resetkeys") {
      all_keys = false;
      keys.clear();
    } else if (rule.front() == '~') {
      AddKeyPattern(rule, rule.substr(1), true, true);
    } else if (rule.front() == '%') {
      size_t tilde = rule.find('~');
      if (tilde == std::string_view::npos || tilde == 1)
        Invalid(rule, "must be %R~<pattern>, %W~<pattern> or %RW~<pattern>");
      bool read = false, write = false;
      for (char c : rule.substr(1, tilde - 1)) {
        if (c == 'R' || c == 'r')
          read = true;
        else if (c == 'W' || c == 'w')
          write = true;
        else
          Invalid(rule, "must be %R~<pattern>, %W~<pattern> or %RW~<pattern>");
      }
      level = std::max(level, kRedis70);
      AddKeyPattern(rule, rule.substr(tilde + 1), read, write);
    } else if (lower == "allchannels" || rule == "&*") {
      level = std::max(level, kRedis62);
      channels_given = true;
      all_channels = true;
      channels.clear();
    } else if (lower == "resetchannels") {
      level = std::max(level, kRedis62);
      channels_given = true;
      all_channels = false;
      channels.clear();
    } else if (rule.front() == '&') {
      level = std::max(level, kRedis62);
      AddChannel(rule, rule.substr(1));
    } else if (lower == "allcommands" || lower == "+@all") {
      all_commands = true;
      command_rules.clear();
    } else if (lower == "nocommands" || lower == "-@all") {
      all_commands = false;
      command_rules.clear();
    } else if (rule.front() == '+' || rule.front() == '-') {
      std::string_view body = rule.substr(1);
      if (!body.empty() && body.front() == '@') {
        std::string category = ToLowerAscii(body.substr(1));
        if (std::find(std::begin(kAclCategories), std::end(kAclCategories), category) ==
            std::end(kAclCategories))
          Invalid(rule, "names an unknown command category");
        AddCommandRule(rule, "@" + category);
      } else {
        size_t bar = body.find('|');
        std::string_view command = body.substr(0, bar);
        if (!IsCommandName(command)) Invalid(rule, "does not name a command");
        if (bar != std::string_view::npos) {
          if (!IsCommandName(body.substr(bar + 1)))
            Invalid(rule, "does not name a subcommand after '|'");
          // Blocking a subcommand came with Redis OSS 7.0 (User Guide).
          if (rule.front() == '-') level = std::max(level, kRedis70);
        }
        AddCommandRule(rule, ToLowerAscii(body));
      }
    } else {
      return false;
    }
    return true;
  }

  void Describe(std::vector<std::string>& out) const {
    if (all_keys) out.emplace_back("~*");
    for (const auto& k : keys)
      out.push_back((k.read && k.write ? "~" : k.read ? "%R~" : "%W~") + k.pattern);
    if (channels_given) {
      if (all_channels)
        out.emplace_back("&*");
      else if (channels.empty())
        out.emplace_back("resetchannels");
      for (const auto& c : channels) out.push_back("&" + c);
    }
    out.emplace_back(all_commands ? "+@all" : "-@all");
    out.insert(out.end(), command_rules.begin(), command_rules.end());
  }
};

bool IsPasswordRule(std::string_view rule) {
  const std::string lower = ToLowerAscii(rule);
  return lower == "nopass" || lower == "resetpass" || rule.front() == '>' || rule.front() == '<' ||
         rule.front() == '#' || rule.front() == '!';
}

std::vector<std::string_view> SplitRules(std::string_view text) {
  std::vector<std::string_view> rules;
  size_t i = 0;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) rules.push_back(text.substr(start, i - start));
  }
  return rules;
}

}  // namespace

NormalizedAccessString NormalizeAccessString(std::string_view text) {
  std::vector<std::string_view> rules = SplitRules(text);
  if (rules.empty())
    throw faults::InvalidParameterValueException("Invalid access string: it must not be blank.");
  Level level = kRedis60;
  bool enabled = false;
  std::optional<std::string> payload_flag;
  Permissions root;
  std::vector<std::string> selectors;
  for (size_t i = 0; i < rules.size(); ++i) {
    std::string_view rule = rules[i];
    const std::string lower = ToLowerAscii(rule);
    if (rule.front() == '(') {
      // A selector runs to the rule that closes it: "(~key* +get)" is two rules here.
      std::vector<std::string_view> inner;
      std::string_view part = rule.substr(1);
      std::string whole(rule);
      while (true) {
        bool closes = !part.empty() && part.back() == ')';
        if (closes) part.remove_suffix(1);
        if (part.find_first_of("()") != std::string_view::npos)
          Invalid(whole, "nests parentheses inside a selector");
        if (!part.empty()) inner.push_back(part);
        if (closes) break;
        if (++i == rules.size()) Invalid(whole, "opens a selector that is never closed");
        part = rules[i];
        whole += ' ';
        whole += part;
      }
      Permissions selector;
      for (std::string_view r : inner)
        if (!selector.Apply(r, level))
          Invalid(r, "is not a key, channel or command rule, the only rules a selector takes");
      std::vector<std::string> described;
      selector.Describe(described);
      std::string joined = "(";
      for (size_t d = 0; d < described.size(); ++d) {
        if (d > 0) joined += ' ';
        joined += described[d];
      }
      joined += ')';
      selectors.push_back(std::move(joined));
      level = std::max(level, kRedis70);
    } else if (rule.find_first_of("()") != std::string_view::npos) {
      Invalid(rule, "has a parenthesis outside a selector");
    } else if (lower == "on" || lower == "off") {
      enabled = lower == "on";
    } else if (lower == "sanitize-payload" || lower == "skip-sanitize-payload") {
      payload_flag = lower;
    } else if (lower == "clearselectors") {
      selectors.clear();
      level = std::max(level, kRedis70);
    } else if (lower == "reset") {
      Invalid(rule, "is not supported: ElastiCache manages passwords, which reset would remove");
    } else if (IsPasswordRule(rule)) {
      // The rule may hold a password: the answer names only its kind.
      std::string shown = lower;
      if (lower != "nopass" && lower != "resetpass") {
        shown.assign(1, rule.front());
        shown += "...";
      }
      Invalid(shown, "sets a password; set passwords with the Passwords parameter instead");
    } else if (!root.Apply(rule, level)) {
      Invalid(rule, "is not an ACL rule");
    }
  }
  std::vector<std::string> parts{enabled ? "on" : "off"};
  if (payload_flag) parts.push_back(*payload_flag);
  root.Describe(parts);
  parts.insert(parts.end(), selectors.begin(), selectors.end());
  NormalizedAccessString out;
  for (const auto& p : parts) out.text += (out.text.empty() ? "" : " ") + p;
  out.minimum_redis_version = level == kRedis70 ? "7.0" : level == kRedis62 ? "6.2" : "6.0";
  return out;
}

}  // namespace ecl
