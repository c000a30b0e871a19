#include "server/credentials_file.h"

#include <fstream>
#include <sstream>

#include "model/catalog_csv.h"
#include "server/request_identity.h"

namespace ecl {

Credentials Credentials::Parse(std::string_view csv, const std::string& source) {
  Credentials out;
  for (const CatalogRow& row : ReadCatalogRows(csv, source, kHeader)) {
    CatalogFields fields(row, source);
    const std::string& key_id = fields.Required(0, "access_key_id");
    // The key id is the first part of the credential scope: a '/' or a blank would split it.
    if (key_id.find_first_of("/ \t=,") != std::string::npos)
      fields.Fail("access_key_id '" + key_id + "' may not contain '/', '=', ',' or blanks");
    AccessKey key{fields.Required(1, "secret_access_key"), fields.Text(2)};
    if (!key.account.empty() && !IsAccountId(key.account))
      fields.Fail("account_id '" + key.account + "' is not 12 digits");
    if (!out.keys_.emplace(key_id, std::move(key)).second)
      fields.Fail("access_key_id '" + key_id + "' is listed twice");
  }
  if (out.keys_.empty()) throw CatalogError(source + ": no access keys");
  return out;
}

Credentials Credentials::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw CatalogError("cannot read credentials file '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

const AccessKey* Credentials::Find(std::string_view access_key_id) const {
  auto it = keys_.find(access_key_id);
  return it == keys_.end() ? nullptr : &it->second;
}

}  // namespace ecl
