// CatalogCsv: the text format the data catalogs in config/ share (engine versions, cache
// parameters, node types). The model does no I/O: callers hand it the text and a source name
// for error messages.
//
// Format: `#` comment lines and blank lines are ignored; the first other line is the header,
// which must equal the catalog's header exactly; then one row per line. Fields are separated
// by commas and trimmed of surrounding blanks; a field that holds a comma or a quote is
// enclosed in double quotes, with "" standing for one quote (what Python's csv module
// writes). Every row must have as many fields as the header.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/reserved_offering_catalog.h"  // CatalogError
#include "model/timestamp.h"

namespace ecl {

struct CatalogRow {
  int line = 0;                     // 1-based line number in the source
  std::vector<std::string> fields;  // as many as the header has
};

// The data rows of `csv`. Throws CatalogError "<source>:<line>: ..." for a wrong header, a
// row with the wrong number of fields or a broken quote, and "<source>: no header line" for a
// text without one.
std::vector<CatalogRow> ReadCatalogRows(std::string_view csv, const std::string& source,
                                        std::string_view header);

// Typed access to one row's fields; every error names the source, line, column and value.
class CatalogFields {
 public:
  CatalogFields(const CatalogRow& row, const std::string& source);
  CatalogFields(const CatalogRow& row, std::string&& source) = delete;  // kept by reference

  // "<source>:<line>: ", the prefix of every message about this row.
  std::string where() const;
  // The field as written (may be empty).
  const std::string& Text(std::size_t i) const { return row_.fields[i]; }
  // The field, which must not be empty.
  const std::string& Required(std::size_t i, const char* column) const;
  // "yes" or "no".
  bool YesNo(std::size_t i, const char* column) const;
  // A non-negative decimal number such as 13.07.
  double Number(std::size_t i, const char* column) const;
  // A positive whole number.
  int Count(std::size_t i, const char* column) const;
  // A dotted version of digits such as 6.2 or 7.1.0; empty allowed when `optional`.
  const std::string& Version(std::size_t i, const char* column, bool optional = false) const;
  // A UTC date-time written YYYY-MM-DDTHH:MM:SSZ; nullopt for an empty field when `optional`.
  std::optional<Timestamp> Instant(std::size_t i, const char* column, bool optional = false) const;
  // Throws CatalogError with where() + message.
  [[noreturn]] void Fail(const std::string& message) const;

 private:
  const CatalogRow& row_;
  const std::string& source_;  // outlives the row's fields: the caller's
};

// Whole-number dotted versions ("6.2", "7.1.0", "1.4.14"); no letters, no empty parts.
bool IsDottedVersion(std::string_view text);
// Compares dotted versions part by part as numbers; a missing part counts as 0, so "6.2" ==
// "6.2.0" and "3.2.10" > "3.2.4". <0, 0 or >0. Both must satisfy IsDottedVersion.
int CompareVersions(std::string_view a, std::string_view b);
// "2019-10-09T16:00:00Z" (exactly that form: UTC, whole seconds) as a moment; nullopt for any
// other text or an impossible date.
std::optional<Timestamp> ParseUtcInstant(std::string_view text);
// The words of a space-separated list, empty words dropped.
std::vector<std::string> SplitWords(std::string_view text);

}  // namespace ecl
