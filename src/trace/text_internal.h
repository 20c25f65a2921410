// text_internal.h: small ASCII text helpers shared by the trace module's parsers (answer
// extraction, importers). Internal to src/trace. All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace stepwise::trace {

inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

// "1 record", "3 records": a count and its noun, for summaries.
inline std::string count_of(uint64_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

// Index of the '}' that closes the '{' at `open` (escaped "\{" and "\}" do not count), or npos
// when it is not closed.
size_t matching_brace(std::string_view s, size_t open);

// Length of the number written at s[i]: an optional sign, digits with optional thousands
// groups ("1,080"), an optional decimal part ("3.25") or a fraction ("3/4"). 0 when there is
// no number at i.
size_t number_length(std::string_view s, size_t i);

}  // namespace stepwise::trace
