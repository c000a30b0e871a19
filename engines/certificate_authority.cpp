#include "engines/certificate_authority.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace ecl {

namespace fs = std::filesystem;

namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Cert = std::unique_ptr<X509, decltype(&X509_free)>;

constexpr long kTenYearsSeconds = 10L * 365 * 24 * 3600;

[[noreturn]] void Fail(const std::string& what) {
  throw CertificateError("cannot make the data plane's certificates: " + what);
}

Key NewKey() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  if (!key) Fail("key generation failed");
  return Key(key, EVP_PKEY_free);
}

void AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ext) Fail(std::string("bad extension ") + value);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

Cert NewCertificate(const std::string& common_name, EVP_PKEY* key, X509* issuer,
                    EVP_PKEY* issuer_key) {
  Cert cert(X509_new(), X509_free);
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;  // positive
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), kTenYearsSeconds);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("elasticache-local"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
  return cert;
}

void Sign(X509* cert, EVP_PKEY* key) {
  if (!X509_sign(cert, key, EVP_sha256())) Fail("signing failed");
}

std::string KeyPem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, size_t(n));
  BIO_free(bio);
  return pem;
}

std::string CertPem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, size_t(n));
  BIO_free(bio);
  return pem;
}

void Write(const fs::path& path, const std::string& text, bool secret) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) Fail("cannot write " + path.string());
  if (secret) chmod(path.c_str(), 0600);
}

std::string Read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool IsIpAddress(const std::string& host) {
  return host.find_first_not_of("0123456789.") == std::string::npos ||
         host.find(':') != std::string::npos;
}

}  // namespace

CertificateAuthority::CertificateAuthority(const std::string& dir,
                                           const std::string& endpoint_host) {
  fs::path base(dir);
  std::error_code ec;
  fs::create_directories(base, ec);
  ca_file_ = (base / "ca.pem").string();
  cert_file_ = (base / "server.pem").string();
  key_file_ = (base / "server-key.pem").string();
  const fs::path host_file = base / "server-host";
  const bool have_all = fs::exists(ca_file_) && fs::exists(cert_file_) && fs::exists(key_file_) &&
                        fs::exists(base / "ca-key.pem");
  if (have_all && Read(host_file) == endpoint_host) {
    ca_pem_ = Read(ca_file_);
    return;
  }
  // The CA stays when only the host changed, so clients that trust it keep trusting.
  Key ca_key(nullptr, EVP_PKEY_free);
  Cert ca(nullptr, X509_free);
  if (have_all) {
    BIO* kb = BIO_new_mem_buf(Read(base / "ca-key.pem").c_str(), -1);
    ca_key.reset(PEM_read_bio_PrivateKey(kb, nullptr, nullptr, nullptr));
    BIO_free(kb);
    std::string ca_text = Read(ca_file_);
    BIO* cb = BIO_new_mem_buf(ca_text.c_str(), -1);
    ca.reset(PEM_read_bio_X509(cb, nullptr, nullptr, nullptr));
    BIO_free(cb);
  }
  if (!ca_key || !ca) {
    ca_key = NewKey();
    ca = NewCertificate("elasticache-local CA", ca_key.get(), nullptr, nullptr);
    AddExtension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    AddExtension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
    Sign(ca.get(), ca_key.get());
    Write(base / "ca-key.pem", KeyPem(ca_key.get()), true);
    Write(ca_file_, CertPem(ca.get()), false);
  }
  Key key = NewKey();
  Cert cert = NewCertificate(endpoint_host, key.get(), ca.get(), ca_key.get());
  std::string names = "DNS:localhost,IP:127.0.0.1";
  names += IsIpAddress(endpoint_host) ? ",IP:" + endpoint_host : ",DNS:" + endpoint_host;
  AddExtension(cert.get(), ca.get(), NID_subject_alt_name, names.c_str());
  AddExtension(cert.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
  AddExtension(cert.get(), ca.get(), NID_ext_key_usage, "serverAuth");
  AddExtension(cert.get(), ca.get(), NID_authority_key_identifier, "keyid");
  Sign(cert.get(), ca_key.get());
  Write(key_file_, KeyPem(key.get()), true);
  Write(cert_file_, CertPem(cert.get()), false);
  Write(host_file, endpoint_host, false);
  ca_pem_ = Read(ca_file_);
}

}  // namespace ecl
