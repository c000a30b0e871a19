#include "server/sigv4.h"

#include <algorithm>

#include "server/crypto.h"
#include "server/header_text.h"
#include "server/query_decoder.h"
#include "server/query_params.h"

namespace ecl {

namespace {

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == '.' || c == '~';
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

// Trimall: no blanks at either end, and each inner run of blanks as one space.
std::string TrimAll(std::string_view value) {
  std::string out;
  bool blank = false;
  for (char c : TrimBlanks(value)) {
    if (c == ' ' || c == '\t') {
      blank = true;
      continue;
    }
    if (blank) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

}  // namespace

std::optional<SigV4Authorization> ParseSigV4Authorization(std::string_view header,
                                                          std::string& problem) {
  header = TrimBlanks(header);
  const size_t space = header.find(' ');
  SigV4Authorization out;
  out.algorithm = std::string(header.substr(0, space));
  if (out.algorithm != kSigV4Algorithm) {
    problem = "Unsupported AWS 'algorithm': '" + out.algorithm +
              "'; the Authorization header must begin with AWS4-HMAC-SHA256.";
    return std::nullopt;
  }
  std::optional<std::string_view> credential, signed_headers, signature;
  if (space != std::string_view::npos) {
    for (std::string_view component : SplitView(header.substr(space + 1), ',')) {
      component = TrimBlanks(component);
      const size_t eq = component.find('=');
      if (eq == std::string_view::npos) continue;
      std::string_view key = component.substr(0, eq);
      std::string_view value = component.substr(eq + 1);
      if (key == "Credential") credential = value;
      if (key == "SignedHeaders") signed_headers = value;
      if (key == "Signature") signature = value;
    }
  }
  std::string missing;
  if (!credential) missing += "Authorization header requires 'Credential' parameter. ";
  if (!signature) missing += "Authorization header requires 'Signature' parameter. ";
  if (!signed_headers) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!missing.empty()) {
    problem = missing + "Authorization=" + std::string(header);
    return std::nullopt;
  }
  auto scope = ParseCredentialScope(*credential);
  if (!scope) {
    problem = "Credential must have the form ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request, "
              "not '" + std::string(*credential) + "'.";
    return std::nullopt;
  }
  out.credential = std::string(TrimBlanks(*credential));
  out.scope = std::move(*scope);
  for (std::string_view name : SplitView(*signed_headers, ';'))
    if (!TrimBlanks(name).empty()) out.signed_headers.push_back(ToLower(TrimBlanks(name)));
  if (out.signed_headers.empty()) {
    problem = "Authorization header requires 'SignedHeaders' to name at least the host header. "
              "Authorization=" + std::string(header);
    return std::nullopt;
  }
  out.signature = std::string(*signature);
  return out;
}

std::string UriEncode(std::string_view bytes, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size());
  for (unsigned char c : bytes) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string CanonicalUri(std::string_view raw_path) {
  if (raw_path.empty()) return "/";
  std::vector<std::string_view> kept;
  for (std::string_view segment : SplitView(raw_path, '/')) {
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
      continue;
    }
    kept.push_back(segment);
  }
  std::string path = raw_path.front() == '/' ? "/" : "";
  for (size_t i = 0; i < kept.size(); ++i) {
    if (i) path += '/';
    path += kept[i];
  }
  if (raw_path.back() == '/' && !kept.empty()) path += '/';
  return UriEncode(path, /*keep_slash=*/true);
}

std::string CanonicalQueryString(std::string_view raw_query, bool skip_signature) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::string_view pair : SplitView(raw_query, '&')) {
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    std::string name = UrlDecode(pair.substr(0, eq));
    if (skip_signature && name == "X-Amz-Signature") continue;
    std::string value = eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1));
    pairs.emplace_back(UriEncode(name), UriEncode(value));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

std::string CanonicalHeaders(const HeaderList& headers,
                             const std::vector<std::string>& signed_headers) {
  std::string out;
  for (const std::string& name : signed_headers) {
    out += name;
    out += ':';
    bool first = true;
    for (const auto& [header, value] : headers) {
      if (header != name) continue;
      if (!first) out += ',';
      out += TrimAll(value);
      first = false;
    }
    out += '\n';
  }
  return out;
}

std::string CanonicalRequest(std::string_view method, std::string_view canonical_uri,
                             std::string_view canonical_query, std::string_view canonical_headers,
                             const std::vector<std::string>& signed_headers,
                             std::string_view payload_sha256_hex) {
  std::string out;
  out.append(method).append(1, '\n');
  out.append(canonical_uri).append(1, '\n');
  out.append(canonical_query).append(1, '\n');
  out.append(canonical_headers).append(1, '\n');
  for (size_t i = 0; i < signed_headers.size(); ++i) {
    if (i) out += ';';
    out += signed_headers[i];
  }
  out += '\n';
  out.append(payload_sha256_hex);
  return out;
}

std::string StringToSign(std::string_view amz_date, const CredentialScope& scope,
                         std::string_view canonical_request) {
  std::string out(kSigV4Algorithm);
  out.append(1, '\n').append(amz_date).append(1, '\n');
  out.append(scope.date).append(1, '/').append(scope.region).append(1, '/');
  out.append(scope.service).append("/aws4_request\n");
  out.append(Sha256Hex(canonical_request));
  return out;
}

std::string SigV4Signature(std::string_view secret, const CredentialScope& scope,
                           std::string_view string_to_sign) {
  std::string key = "AWS4";
  key.append(secret);
  std::string k_date = HmacSha256(key, scope.date);
  std::string k_region = HmacSha256(k_date, scope.region);
  std::string k_service = HmacSha256(k_region, scope.service);
  std::string k_signing = HmacSha256(k_service, "aws4_request");
  return HexEncode(HmacSha256(k_signing, string_to_sign));
}

std::optional<int64_t> ParseAmzDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  for (size_t i = 0; i < 15; ++i)
    if (i != 8 && (text[i] < '0' || text[i] > '9')) return std::nullopt;
  std::string iso;
  iso.append(text.substr(0, 4)).append(1, '-').append(text.substr(4, 2)).append(1, '-');
  iso.append(text.substr(6, 2)).append(1, 'T').append(text.substr(9, 2)).append(1, ':');
  iso.append(text.substr(11, 2)).append(1, ':').append(text.substr(13, 2)).append(1, 'Z');
  auto t = ParseTimestamp(iso);
  if (!t) return std::nullopt;
  return t->epoch_ms;
}

}  // namespace ecl
