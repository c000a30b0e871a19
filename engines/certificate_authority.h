// CertificateAuthority: the emulator's own CA for in-transit encryption. It is created once
// in the engines' directory (kept across restarts, so clients that trust it keep working)
// and issues the certificate every TLS engine presents, valid for --endpoint-host,
// localhost and 127.0.0.1. Clients trust the CA served at GET /_admin/ca.pem, as they trust
// Amazon's on AWS. Not thread-safe; used at start.
#pragma once

#include <stdexcept>
#include <string>

namespace ecl {

struct CertificateError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class CertificateAuthority {
 public:
  // Loads the CA and server certificate from `dir`, or creates them. `dir` "" keeps them in
  // a directory the caller removes (in memory runs pass a temporary one). Throws
  // CertificateError.
  CertificateAuthority(const std::string& dir, const std::string& endpoint_host);

  const std::string& ca_pem() const { return ca_pem_; }
  const std::string& ca_file() const { return ca_file_; }
  const std::string& cert_file() const { return cert_file_; }
  const std::string& key_file() const { return key_file_; }

 private:
  std::string ca_pem_;
  std::string ca_file_;
  std::string cert_file_;
  std::string key_file_;
};

}  // namespace ecl
