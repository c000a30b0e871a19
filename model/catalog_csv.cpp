#include "model/catalog_csv.h"

#include <charconv>
#include <cmath>

namespace ecl {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

std::string Where(const std::string& source, int line) {
  return source + ":" + std::to_string(line) + ": ";
}

// Splits one line into fields, honouring double quotes. Throws for a broken quote (`where`
// gives the message's prefix: built only then, not for every line of a catalog).
template <typename Where>
std::vector<std::string> SplitFields(std::string_view line, const Where& where) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  while (true) {
    while (i < line.size() && IsBlank(line[i])) ++i;
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (true) {
        if (i >= line.size()) throw CatalogError(where() + "a quoted field is not closed");
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      while (i < line.size() && IsBlank(line[i])) ++i;
      if (i < line.size() && line[i] != ',')
        throw CatalogError(where() + "unexpected text after a quoted field");
    } else {
      std::size_t comma = line.find(',', i);
      std::string_view raw =
          line.substr(i, comma == std::string_view::npos ? line.size() - i : comma - i);
      if (raw.find('"') != std::string_view::npos)
        throw CatalogError(where() + "a field with a quote must be enclosed in quotes");
      field = std::string(Trim(raw));
      i += raw.size();
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) return fields;
    ++i;  // the comma
  }
}

}  // namespace

std::vector<CatalogRow> ReadCatalogRows(std::string_view csv, const std::string& source,
                                        std::string_view header) {
  std::vector<CatalogRow> rows;
  std::size_t columns = 0;
  bool header_seen = false;
  int line_number = 0;
  while (!csv.empty()) {
    std::size_t end = csv.find('\n');
    std::string_view line = Trim(csv.substr(0, end));
    csv.remove_prefix(end == std::string_view::npos ? csv.size() : end + 1);
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    auto where = [&] { return Where(source, line_number); };
    auto fields = SplitFields(line, where);
    if (!header_seen) {
      std::string joined;
      for (const auto& f : fields) joined += (joined.empty() ? "" : ",") + f;
      if (joined != header)
        throw CatalogError(where() + "expected the header line '" + std::string(header) + "'");
      columns = fields.size();
      header_seen = true;
      continue;
    }
    if (fields.size() != columns)
      throw CatalogError(where() + "expected " + std::to_string(columns) +
                         " comma-separated fields, got " + std::to_string(fields.size()));
    rows.push_back({line_number, std::move(fields)});
  }
  if (!header_seen) throw CatalogError(source + ": no header line; the catalog is empty");
  return rows;
}

CatalogFields::CatalogFields(const CatalogRow& row, const std::string& source)
    : row_(row), source_(source) {}

std::string CatalogFields::where() const { return Where(source_, row_.line); }

void CatalogFields::Fail(const std::string& message) const { throw CatalogError(where() + message); }

const std::string& CatalogFields::Required(std::size_t i, const char* column) const {
  if (row_.fields[i].empty()) Fail(std::string(column) + " must not be empty");
  return row_.fields[i];
}

bool CatalogFields::YesNo(std::size_t i, const char* column) const {
  const std::string& f = row_.fields[i];
  if (f == "yes") return true;
  if (f == "no") return false;
  Fail(std::string(column) + " must be yes or no, got '" + f + "'");
}

double CatalogFields::Number(std::size_t i, const char* column) const {
  const std::string& f = row_.fields[i];
  double value = -1;
  auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), value);
  if (f.empty() || ec != std::errc() || ptr != f.data() + f.size() || !std::isfinite(value) ||
      value < 0)
    Fail(std::string(column) + " must be a non-negative number, got '" + f + "'");
  return value;
}

int CatalogFields::Count(std::size_t i, const char* column) const {
  const std::string& f = row_.fields[i];
  int value = 0;
  auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), value);
  if (f.empty() || ec != std::errc() || ptr != f.data() + f.size() || value <= 0)
    Fail(std::string(column) + " must be a positive whole number, got '" + f + "'");
  return value;
}

const std::string& CatalogFields::Version(std::size_t i, const char* column, bool optional) const {
  const std::string& f = row_.fields[i];
  if (f.empty() && optional) return f;
  if (!IsDottedVersion(f))
    Fail(std::string(column) + " must be a dotted version such as 7.1.0, got '" + f + "'");
  return f;
}

std::optional<Timestamp> CatalogFields::Instant(std::size_t i, const char* column,
                                                bool optional) const {
  const std::string& f = row_.fields[i];
  if (f.empty() && optional) return std::nullopt;
  auto t = ParseUtcInstant(f);
  if (!t)
    Fail(std::string(column) + " must be a UTC time such as 2019-10-09T16:00:00Z, got '" + f + "'");
  return t;
}

std::optional<Timestamp> ParseUtcInstant(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SSZ
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z')
    return std::nullopt;
  auto number = [&](std::size_t at, std::size_t len, int& out) {
    auto [ptr, ec] = std::from_chars(text.data() + at, text.data() + at + len, out);
    return ec == std::errc() && ptr == text.data() + at + len;
  };
  int y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0;
  if (!number(0, 4, y) || !number(5, 2, m) || !number(8, 2, d) || !number(11, 2, hh) ||
      !number(14, 2, mm) || !number(17, 2, ss))
    return std::nullopt;
  static constexpr int kDaysIn[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m < 1 || m > 12 || d < 1 || d > kDaysIn[m - 1] || (m == 2 && d == 29 && !leap) || hh > 23 ||
      mm > 59 || ss > 59)
    return std::nullopt;
  // H. Hinnant's days_from_civil, the inverse of what AppendIso8601 uses.
  const int64_t yy = m <= 2 ? y - 1 : y;
  const int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  const int64_t yoe = yy - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = era * 146097 + doe - 719468;
  return Timestamp{((days * 24 + hh) * 60 + mm) * 60000 + int64_t(ss) * 1000};
}

bool IsDottedVersion(std::string_view text) {
  if (text.empty() || text.front() == '.' || text.back() == '.') return false;
  char previous = '.';
  for (char c : text) {
    if (c == '.' && previous == '.') return false;
    if (c != '.' && (c < '0' || c > '9')) return false;
    previous = c;
  }
  return true;
}

int CompareVersions(std::string_view a, std::string_view b) {
  while (!a.empty() || !b.empty()) {
    auto take = [](std::string_view& s) {
      std::size_t dot = s.find('.');
      std::string_view part = s.substr(0, dot);
      s.remove_prefix(dot == std::string_view::npos ? s.size() : dot + 1);
      while (part.size() > 1 && part.front() == '0') part.remove_prefix(1);
      return part;
    };
    std::string_view x = take(a), y = take(b);
    if (x.empty()) x = "0";
    if (y.empty()) y = "0";
    if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
    if (int c = x.compare(y); c != 0) return c < 0 ? -1 : 1;
  }
  return 0;
}

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsBlank(text[i])) ++i;
    std::size_t start = i;
    while (i < text.size() && !IsBlank(text[i])) ++i;
    if (i > start) words.emplace_back(text.substr(start, i - start));
  }
  return words;
}

}  // namespace ecl
