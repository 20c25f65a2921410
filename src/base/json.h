// json.h: a small ordered JSON value, its writer, and a simdjson-backed parser.
//
// Objects keep their keys in input order and numbers keep their exact text, so a record read
// and written back is unchanged apart from whitespace: this is what lets every stage pass
// unknown fields through untouched. Not a general-purpose JSON library: no JSON Pointer, no
// schema, no comments. Values are plain data: thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace stepwise::json {

enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

class Value;
using Member = std::pair<std::string, Value>;

class Value {
 public:
  Value() = default;  // null
  static Value boolean(bool b);
  // `raw` must be valid JSON number text; it is written back verbatim.
  static Value number_raw(std::string raw);
  static Value number(int64_t v);
  // Shortest text that reads back as the same double; non-finite values become null.
  static Value number(double v);
  static Value string(std::string s);
  static Value array();
  static Value object();

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_bool() const { return type_ == Type::kBool; }
  bool is_number() const { return type_ == Type::kNumber; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_object() const { return type_ == Type::kObject; }

  bool as_bool() const { return b_; }
  // The string's content, or a number's exact text.
  const std::string& str() const { return s_; }
  // Moves the string's content (or a number's text) out, leaving it empty: for readers that
  // take a parsed document apart without copying.
  std::string take_str() { return std::move(s_); }
  // A number that is an integer in int64 range (text like "3", "-2", "4.0", "1e3"); else nullopt.
  std::optional<int64_t> as_int() const;
  // A number as a double; nullopt for non-numbers.
  std::optional<double> as_double() const;

  // Arrays.
  std::vector<Value>& items() { return arr_; }
  const std::vector<Value>& items() const { return arr_; }
  Value& push(Value v);

  // Objects: keys in insertion order. `find` returns nullptr when absent (or not an object).
  std::vector<Member>& members() { return obj_; }
  const std::vector<Member>& members() const { return obj_; }
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  // Replaces the value of `key` in place, or appends it. Returns the stored value.
  Value& set(std::string_view key, Value v);
  // Removes `key`; returns whether it was present.
  bool erase(std::string_view key);

  bool operator==(const Value& o) const;

 private:
  Type type_ = Type::kNull;
  bool b_ = false;
  std::string s_;
  std::vector<Value> arr_;
  std::vector<Member> obj_;
};

// Appends `s` as a JSON string literal (with quotes). Control characters, '"' and '\\' are
// escaped; bytes that are not valid UTF-8 are replaced by U+FFFD, so the output is always valid.
void append_quoted(std::string& out, std::string_view s);

// Appends the compact JSON text of `v` (no spaces, no trailing newline).
void append(std::string& out, const Value& v);
std::string to_string(const Value& v);

// Appends an indented, human-readable form (2 spaces), used for summaries.
void append_pretty(std::string& out, const Value& v, int indent = 0);

// Parses exactly one JSON document from `text`. On failure the Error says what was wrong and,
// where known, at which 1-based column ("col 17: expected ':' after object key").
// Nesting deeper than 512 levels is an error, never a stack overflow.
Result<Value> parse(std::string_view text);

// True when `s` is exactly one JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool valid_number(std::string_view s);

// True when `s` is valid UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool valid_utf8(std::string_view s);

}  // namespace stepwise::json
