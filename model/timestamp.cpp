#include "model/timestamp.h"

namespace ecl {

namespace {

void AppendTwo(std::string& out, unsigned v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}

}  // namespace

void AppendIso8601(std::string& out, Timestamp t) {
  int64_t ms = t.epoch_ms;
  // Floor division and remainder without negating ms or multiplying back, either of which
  // overflows near the ends of int64.
  int64_t days = ms / 86400000;
  int64_t ms_of_day = ms % 86400000;
  if (ms_of_day < 0) {
    --days;
    ms_of_day += 86400000;
  }
  // H. Hinnant's civil_from_days.
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  int64_t year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2);

  if (year >= 0 && year <= 9999) {
    unsigned y = static_cast<unsigned>(year);
    AppendTwo(out, y / 100);
    AppendTwo(out, y % 100);
  } else {
    out += std::to_string(year);
  }
  out += '-';
  AppendTwo(out, month);
  out += '-';
  AppendTwo(out, day);
  out += 'T';
  unsigned secs = static_cast<unsigned>(ms_of_day / 1000);
  unsigned millis = static_cast<unsigned>(ms_of_day % 1000);
  AppendTwo(out, secs / 3600);
  out += ':';
  AppendTwo(out, secs / 60 % 60);
  out += ':';
  AppendTwo(out, secs % 60);
  out += '.';
  out += static_cast<char>('0' + millis / 100);
  AppendTwo(out, millis % 100);
  out += 'Z';
}

std::string FormatIso8601(Timestamp t) {
  std::string out;
  AppendIso8601(out, t);
  return out;
}

}  // namespace ecl
