// Credentials: the access keys --verify-signatures accepts, read from a CSV file with the
// header `access_key_id,secret_access_key,account_id` (account_id may be empty: the usual
// rule then applies, a 12-digit key id is the account, any other the default account).
// Immutable after loading; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace ecl {

struct AccessKey {
  std::string secret;
  std::string account;  // "" when the file names none
};

class Credentials {
 public:
  inline static constexpr std::string_view kHeader = "access_key_id,secret_access_key,account_id";

  // Throws CatalogError "<source>:<line>: ..." for a malformed row, a duplicate key id, an
  // account that is not 12 digits, or a file without keys.
  static Credentials Parse(std::string_view csv, const std::string& source);
  // Parse() of the file at `path`; CatalogError when it cannot be read.
  static Credentials Load(const std::string& path);

  // The key, or nullptr when the file does not have it.
  const AccessKey* Find(std::string_view access_key_id) const;
  size_t size() const { return keys_.size(); }

 private:
  std::map<std::string, AccessKey, std::less<>> keys_;
};

}  // namespace ecl
