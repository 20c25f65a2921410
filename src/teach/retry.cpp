#include "teach/retry.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <ctime>

namespace stepwise::teach {

double RetryPolicy::delay(int retry, std::optional<double> retry_after_s, Rng& rng) const {
  double ceiling = base_s * std::ldexp(1.0, std::min(retry, 30));
  ceiling = std::min(ceiling, max_s);
  double wait = rng.uniform() * ceiling;
  if (retry_after_s) wait = std::max(wait, std::min(*retry_after_s, max_retry_after_s));
  return wait;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<double> parse_seconds(std::string_view s) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  double v = 0;
  size_t i = 0;
  for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i)
    v = v * 10 + (s[i] - '0');
  if (i == 0) return std::nullopt;
  if (i < s.size()) {
    if (s[i] != '.' || i + 1 == s.size()) return std::nullopt;
    double scale = 0.1;
    for (++i; i < s.size(); ++i, scale /= 10) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
      v += (s[i] - '0') * scale;
    }
  }
  return v;
}

int month_index(std::string_view m) {
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (m == kMonths[i]) return static_cast<int>(i);
  }
  return -1;
}

// Reads an unsigned decimal of 1..max_digits digits at s[pos], advancing pos.
bool read_int(std::string_view s, size_t& pos, int max_digits, int& out) {
  int digits = 0;
  out = 0;
  while (pos < s.size() && digits < max_digits &&
         std::isdigit(static_cast<unsigned char>(s[pos]))) {
    out = out * 10 + (s[pos++] - '0');
    ++digits;
  }
  return digits > 0;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

void skip_spaces(std::string_view s, size_t& pos) {
  while (pos < s.size() && s[pos] == ' ') ++pos;
}

bool read_time(std::string_view s, size_t& pos, std::tm& tm) {
  return read_int(s, pos, 2, tm.tm_hour) && expect(s, pos, ':') && read_int(s, pos, 2, tm.tm_min) &&
         expect(s, pos, ':') && read_int(s, pos, 2, tm.tm_sec);
}

bool read_month(std::string_view s, size_t& pos, std::tm& tm) {
  if (pos + 3 > s.size()) return false;
  tm.tm_mon = month_index(s.substr(pos, 3));
  pos += 3;
  return tm.tm_mon >= 0;
}

// "06 Nov 1994 08:49:37 GMT" (after the weekday and comma) or "06-Nov-94 08:49:37 GMT".
bool parse_after_comma(std::string_view s, std::tm& tm) {
  size_t pos = 0;
  skip_spaces(s, pos);
  if (!read_int(s, pos, 2, tm.tm_mday)) return false;
  bool dashes = pos < s.size() && s[pos] == '-';
  if (!expect(s, pos, dashes ? '-' : ' ') || !read_month(s, pos, tm)) return false;
  if (!expect(s, pos, dashes ? '-' : ' ')) return false;
  int year = 0;
  size_t year_start = pos;
  if (!read_int(s, pos, 4, year)) return false;
  if (pos - year_start == 2) year += year < 70 ? 2000 : 1900;  // RFC 9110: two-digit years
  tm.tm_year = year - 1900;
  skip_spaces(s, pos);
  if (!read_time(s, pos, tm)) return false;
  skip_spaces(s, pos);
  return s.substr(pos) == "GMT";
}

// "Sun Nov  6 08:49:37 1994".
bool parse_asctime(std::string_view s, std::tm& tm) {
  size_t pos = 4;
  if (s.size() < 24) return false;
  if (!read_month(s, pos, tm)) return false;
  skip_spaces(s, pos);
  if (!read_int(s, pos, 2, tm.tm_mday) || !expect(s, pos, ' ')) return false;
  if (!read_time(s, pos, tm) || !expect(s, pos, ' ')) return false;
  int year = 0;
  if (!read_int(s, pos, 4, year) || pos != s.size()) return false;
  tm.tm_year = year - 1900;
  return true;
}

bool valid_tm(const std::tm& tm) {
  return tm.tm_mday >= 1 && tm.tm_mday <= 31 && tm.tm_hour <= 23 && tm.tm_min <= 59 &&
         tm.tm_sec <= 60 && tm.tm_year >= 70 && tm.tm_year <= 8000;
}

}  // namespace

std::optional<double> parse_retry_after(std::string_view value,
                                        std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(value.front()))) return parse_seconds(value);
  std::tm tm{};
  size_t comma = value.find(',');
  bool ok = comma != std::string_view::npos ? parse_after_comma(value.substr(comma + 1), tm)
                                            : parse_asctime(value, tm);
  if (!ok || !valid_tm(tm)) return std::nullopt;
  std::time_t when = timegm(&tm);
  if (when == static_cast<std::time_t>(-1)) return std::nullopt;
  double secs =
      static_cast<double>(when) - std::chrono::duration<double>(now.time_since_epoch()).count();
  return std::max(0.0, secs);
}

namespace {

std::optional<int> http_status(std::string_view code) {
  if (code.size() != 8 || code.substr(0, 5) != "http_") return std::nullopt;
  int status = 0;
  for (char c : code.substr(5)) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    status = status * 10 + (c - '0');
  }
  return status;
}

}  // namespace

bool retryable(std::string_view code) {
  if (auto status = http_status(code)) {
    return *status == 408 || *status == 409 || *status == 425 || *status == 429 ||
           (*status >= 500 && *status <= 599);
  }
  return code == "timeout" || code == "connection" || code == "read" || code == "write" ||
         code == "bad_response";
}

bool fatal(std::string_view code) {
  return code == "http_401" || code == "http_403" || code == "http_404";
}

}  // namespace stepwise::teach
