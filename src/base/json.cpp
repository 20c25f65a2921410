#include "base/json.h"

#include <simdjson.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <charconv>
#include <cmath>
#include <cstring>

namespace stepwise::json {

Value Value::boolean(bool b) {
  Value v;
  v.type_ = Type::kBool;
  v.b_ = b;
  return v;
}
Value Value::number_raw(std::string raw) {
  Value v;
  v.type_ = Type::kNumber;
  v.s_ = std::move(raw);
  return v;
}
Value Value::number(int64_t x) { return number_raw(std::to_string(x)); }
Value Value::number(double x) {
  if (!std::isfinite(x)) return Value();
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, x);
  return number_raw(std::string(buf, r.ptr));
}
Value Value::string(std::string s) {
  Value v;
  v.type_ = Type::kString;
  v.s_ = std::move(s);
  return v;
}
Value Value::array() {
  Value v;
  v.type_ = Type::kArray;
  return v;
}
Value Value::object() {
  Value v;
  v.type_ = Type::kObject;
  return v;
}

std::optional<int64_t> Value::as_int() const {
  if (type_ != Type::kNumber) return std::nullopt;
  int64_t out = 0;
  auto r = std::from_chars(s_.data(), s_.data() + s_.size(), out);
  if (r.ec == std::errc() && r.ptr == s_.data() + s_.size()) return out;
  auto d = as_double();
  if (!d || std::floor(*d) != *d || std::fabs(*d) > 9.007199254740992e15) return std::nullopt;
  return static_cast<int64_t>(*d);
}

std::optional<double> Value::as_double() const {
  if (type_ != Type::kNumber) return std::nullopt;
  double out = 0;
  auto r = std::from_chars(s_.data(), s_.data() + s_.size(), out);
  if (r.ec != std::errc() && r.ec != std::errc::result_out_of_range) return std::nullopt;
  return out;
}

Value& Value::push(Value v) {
  arr_.push_back(std::move(v));
  return arr_.back();
}

const Value* Value::find(std::string_view key) const {
  for (const auto& m : obj_)
    if (m.first == key) return &m.second;
  return nullptr;
}
Value* Value::find(std::string_view key) {
  for (auto& m : obj_)
    if (m.first == key) return &m.second;
  return nullptr;
}
Value& Value::set(std::string_view key, Value v) {
  if (type_ != Type::kObject) *this = object();
  if (Value* old = find(key)) {
    *old = std::move(v);
    return *old;
  }
  obj_.emplace_back(std::string(key), std::move(v));
  return obj_.back().second;
}
bool Value::erase(std::string_view key) {
  for (auto it = obj_.begin(); it != obj_.end(); ++it) {
    if (it->first == key) {
      obj_.erase(it);
      return true;
    }
  }
  return false;
}

bool Value::operator==(const Value& o) const {
  return type_ == o.type_ && b_ == o.b_ && s_ == o.s_ && arr_ == o.arr_ && obj_ == o.obj_;
}

// ---------------------------------------------------------------- UTF-8 and writing

namespace {

// Length of the valid UTF-8 sequence starting at p (n bytes available), or 0 when invalid.
size_t utf8_seq(const unsigned char* p, size_t n) {
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return (n >= 2 && (p[1] & 0xC0) == 0x80) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;   // overlong
    if (c == 0xED && p[1] >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;   // overlong
    if (c == 0xF4 && p[1] >= 0x90) return 0;  // > U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

bool valid_utf8(std::string_view s) {
  auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    size_t k = utf8_seq(p + i, n - i);
    if (k == 0) return false;
    i += k;
  }
  return true;
}

namespace {

// True when none of the 8 bytes in `w` needs attention when quoting: all are printable ASCII
// other than '"' and '\\'. (Word-at-a-time tests; each is exact about whether any byte matches.)
inline bool plain8(uint64_t w) {
  constexpr uint64_t k01 = 0x0101010101010101ULL, k80 = 0x8080808080808080ULL;
  uint64_t quote = w ^ (k01 * '"'), backslash = w ^ (k01 * '\\');
  uint64_t control = (w - k01 * 0x20) & ~w;  // a byte below 0x20
  uint64_t special = ((quote - k01) & ~quote) | ((backslash - k01) & ~backslash);
  return ((w | control | special) & k80) == 0;
}

// The length of the run of plain bytes (see plain8) at the start of p[0, n).
inline size_t plain_run(const unsigned char* p, size_t n) {
  size_t i = 0;
#if defined(__SSE2__)
  // 16 bytes at a time: a byte needs attention when it is '"', '\\', below 0x20 or >= 0x80
  // (the last two are exactly the bytes that are signed-less-than 0x20).
  auto attention = [](const unsigned char* at) {
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    __m128i bad = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('"')), _mm_cmpeq_epi8(b, _mm_set1_epi8('\\'))),
        _mm_cmplt_epi8(b, _mm_set1_epi8(0x20)));
    return static_cast<unsigned>(_mm_movemask_epi8(bad));
  };
  for (; i + 16 <= n; i += 16)
    if (unsigned mask = attention(p + i)) return i + static_cast<size_t>(__builtin_ctz(mask));
  if (i < n && n >= 16) {  // the tail: the last 16 bytes, less those already seen
    unsigned mask = attention(p + n - 16) >> (16 - (n - i));
    return mask ? i + static_cast<size_t>(__builtin_ctz(mask)) : n;
  }
#endif
  for (uint64_t w; i + 8 <= n && (std::memcpy(&w, p + i, 8), plain8(w));) i += 8;
  while (i < n && p[i] >= 0x20 && p[i] < 0x80 && p[i] != '"' && p[i] != '\\') ++i;
  return i;
}

}  // namespace

// JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool valid_number(std::string_view s) {
  size_t i = 0, n = s.size();
  auto digits = [&] {
    size_t st = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    return i > st;
  };
  if (i < n && s[i] == '-') ++i;
  if (i < n && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < n && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == n;
}

void append_quoted(std::string& out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  out.push_back('"');
  auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0, run = 0;
  while (i < n) {
    i += plain_run(p + i, n - i);
    if (i >= n) break;
    unsigned char c = p[i];  // needs escaping, or starts a UTF-8 sequence
    out.append(s.data() + run, i - run);
    if (c >= 0x80) {
      size_t k = utf8_seq(p + i, n - i);
      if (k == 0) {
        out.append("\xEF\xBF\xBD");
        ++i;
      } else {
        out.append(s.data() + i, k);
        i += k;
      }
      run = i;
      continue;
    }
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xf]);
    }
    ++i;
    run = i;
  }
  out.append(s.data() + run, n - run);
  out.push_back('"');
}

void append(std::string& out, const Value& v) {
  switch (v.type()) {
    case Type::kNull:
      out.append("null");
      break;
    case Type::kBool:
      out.append(v.as_bool() ? "true" : "false");
      break;
    case Type::kNumber:
      out.append(v.str());
      break;
    case Type::kString:
      append_quoted(out, v.str());
      break;
    case Type::kArray: {
      out.push_back('[');
      bool first = true;
      for (const auto& x : v.items()) {
        if (!first) out.push_back(',');
        first = false;
        append(out, x);
      }
      out.push_back(']');
      break;
    }
    case Type::kObject: {
      out.push_back('{');
      bool first = true;
      for (const auto& [k, x] : v.members()) {
        if (!first) out.push_back(',');
        first = false;
        append_quoted(out, k);
        out.push_back(':');
        append(out, x);
      }
      out.push_back('}');
      break;
    }
  }
}

std::string to_string(const Value& v) {
  std::string out;
  append(out, v);
  return out;
}

void append_pretty(std::string& out, const Value& v, int indent) {
  auto pad = [&](int n) { out.append(static_cast<size_t>(n), ' '); };
  if (v.is_array() && !v.items().empty()) {
    bool scalars = true;
    for (const auto& x : v.items()) scalars = scalars && !x.is_array() && !x.is_object();
    if (scalars) return append(out, v);
    out.append("[\n");
    for (size_t i = 0; i < v.items().size(); ++i) {
      pad(indent + 2);
      append_pretty(out, v.items()[i], indent + 2);
      out.append(i + 1 < v.items().size() ? ",\n" : "\n");
    }
    pad(indent);
    out.push_back(']');
  } else if (v.is_object() && !v.members().empty()) {
    out.append("{\n");
    for (size_t i = 0; i < v.members().size(); ++i) {
      pad(indent + 2);
      append_quoted(out, v.members()[i].first);
      out.append(": ");
      append_pretty(out, v.members()[i].second, indent + 2);
      out.append(i + 1 < v.members().size() ? ",\n" : "\n");
    }
    pad(indent);
    out.push_back('}');
  } else {
    append(out, v);
  }
}

// ---------------------------------------------------------------- parsing

namespace {

constexpr int kMaxDepth = 512;

std::string_view trim_token(std::string_view t) {
  while (!t.empty() &&
         (t.back() == ' ' || t.back() == '\t' || t.back() == '\n' || t.back() == '\r'))
    t.remove_suffix(1);
  return t;
}

using simdjson::error_code;
namespace od = simdjson::ondemand;

error_code build(od::value v, Value& out, int depth);

error_code build_array(od::array a, Value& out, int depth) {
  out = Value::array();
  for (auto el : a) {
    od::value ev;
    if (auto e = el.get(ev)) return e;
    if (auto e = build(ev, out.push(Value()), depth + 1)) return e;
  }
  return simdjson::SUCCESS;
}

error_code build_object(od::object o, Value& out, int depth) {
  out = Value::object();
  for (auto field : o) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return e;
    out.members().emplace_back(std::string(key), Value());
    od::value fv;
    if (auto e = field.value().get(fv)) return e;
    if (auto e = build(fv, out.members().back().second, depth + 1)) return e;
  }
  return simdjson::SUCCESS;
}

error_code build(od::value v, Value& out, int depth) {
  if (depth > kMaxDepth) return simdjson::DEPTH_ERROR;
  od::json_type t;
  if (auto e = v.type().get(t)) return e;
  switch (t) {
    case od::json_type::array: {
      od::array a;
      if (auto e = v.get_array().get(a)) return e;
      return build_array(a, out, depth);
    }
    case od::json_type::object: {
      od::object o;
      if (auto e = v.get_object().get(o)) return e;
      return build_object(o, out, depth);
    }
    case od::json_type::number: {
      std::string_view raw = trim_token(v.raw_json_token());
      if (!valid_number(raw)) return simdjson::NUMBER_ERROR;
      out = Value::number_raw(std::string(raw));
      return simdjson::SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      if (auto e = v.get_string().get(s)) return e;
      out = Value::string(std::string(s));
      return simdjson::SUCCESS;
    }
    case od::json_type::boolean: {
      bool b;
      if (auto e = v.get_bool().get(b)) return e;
      out = Value::boolean(b);
      return simdjson::SUCCESS;
    }
    case od::json_type::null: {
      bool is_null = false;
      if (auto e = v.is_null().get(is_null)) return e;
      if (!is_null) return simdjson::N_ATOM_ERROR;
      out = Value();
      return simdjson::SUCCESS;
    }
  }
  return simdjson::TAPE_ERROR;
}

// A slow, exact validator used only after simdjson rejects a document, to say where and what.
class Locator {
 public:
  explicit Locator(std::string_view s) : s_(s) {}
  // Returns the 1-based byte column of the first error and what was expected there.
  std::optional<std::pair<size_t, std::string>> run() {
    ws();
    if (!value(0)) return err_;
    ws();
    if (i_ < s_.size()) fail("expected end of document, found trailing content");
    return err_;
  }

 private:
  bool fail(std::string what) {
    if (!err_) err_ = std::make_pair(i_ + 1, std::move(what));
    return false;
  }
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }
  bool lit(std::string_view w) {
    if (s_.substr(i_, w.size()) != w)
      return fail("invalid literal, expected '" + std::string(w) + "'");
    i_ += w.size();
    return true;
  }
  bool value(int depth) {
    if (depth > kMaxDepth) return fail("nesting deeper than 512 levels");
    if (i_ >= s_.size()) return fail("unexpected end of input, expected a value");
    char c = s_[i_];
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') return string();
    if (c == 't') return lit("true");
    if (c == 'f') return lit("false");
    if (c == 'n') return lit("null");
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    return fail(std::string("unexpected character '") + printable(c) + "', expected a value");
  }
  static std::string printable(char c) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) return std::string(1, c);
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", u);
    return buf;
  }
  bool number() {
    size_t st = i_;
    while (i_ < s_.size() && std::strchr("+-0123456789.eE", s_[i_]) && s_[i_] != '\0') ++i_;
    if (!valid_number(s_.substr(st, i_ - st))) {
      i_ = st;
      return fail("invalid number");
    }
    return true;
  }
  bool string() {
    ++i_;
    auto* p = reinterpret_cast<const unsigned char*>(s_.data());
    while (i_ < s_.size()) {
      unsigned char c = p[i_];
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) return fail("control character inside a string (must be escaped)");
      if (c == '\\') {
        if (i_ + 1 >= s_.size()) break;
        char e = s_[i_ + 1];
        if (e == 'u') {
          for (size_t k = 2; k < 6; ++k)
            if (i_ + k >= s_.size() || !std::isxdigit(p[i_ + k]))
              return fail("invalid \\u escape, expected 4 hex digits");
          i_ += 6;
        } else if (std::strchr("\"\\/bfnrt", e) && e != '\0') {
          i_ += 2;
        } else {
          return fail("invalid escape sequence");
        }
        continue;
      }
      if (c >= 0x80) {
        size_t k = utf8_seq(p + i_, s_.size() - i_);
        if (k == 0) return fail("invalid UTF-8 byte in string");
        i_ += k;
        continue;
      }
      ++i_;
    }
    return fail("unterminated string");
  }
  bool array(int depth) {
    ++i_;
    ws();
    if (i_ < s_.size() && s_[i_] == ']') return ++i_, true;
    for (;;) {
      ws();
      if (!value(depth + 1)) return false;
      ws();
      if (i_ >= s_.size()) return fail("unexpected end of input, expected ',' or ']'");
      if (s_[i_] == ']') return ++i_, true;
      if (s_[i_] != ',') return fail("expected ',' or ']' in array");
      ++i_;
    }
  }
  bool object(int depth) {
    ++i_;
    ws();
    if (i_ < s_.size() && s_[i_] == '}') return ++i_, true;
    for (;;) {
      ws();
      if (i_ >= s_.size() || s_[i_] != '"') return fail("expected a string key in object");
      if (!string()) return false;
      ws();
      if (i_ >= s_.size() || s_[i_] != ':') return fail("expected ':' after object key");
      ++i_;
      ws();
      if (!value(depth + 1)) return false;
      ws();
      if (i_ >= s_.size()) return fail("unexpected end of input, expected ',' or '}'");
      if (s_[i_] == '}') return ++i_, true;
      if (s_[i_] != ',') return fail("expected ',' or '}' in object");
      ++i_;
    }
  }

  std::string_view s_;
  size_t i_ = 0;
  std::optional<std::pair<size_t, std::string>> err_;
};

Error describe_failure(std::string_view text, error_code code) {
  Locator loc(text);
  if (auto found = loc.run())
    return Error{"col " + std::to_string(found->first) + ": " + found->second};
  return Error{std::string("invalid JSON: ") + simdjson::error_message(code)};
}

}  // namespace

Result<Value> parse(std::string_view text) {
  thread_local od::parser parser;
  thread_local std::string buf;
  if (buf.capacity() < text.size() + simdjson::SIMDJSON_PADDING)
    buf.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  buf.assign(text.data(), text.size());
  simdjson::padded_string_view padded(buf.data(), buf.size(), buf.capacity());

  od::document doc;
  if (auto e = parser.iterate(padded).get(doc)) return describe_failure(text, e);
  Value out;
  od::json_type t;
  error_code e = doc.type().get(t);
  if (!e) {
    if (t == od::json_type::object || t == od::json_type::array) {
      od::value root;
      e = doc.get_value().get(root);
      if (!e) e = build(root, out, 0);
    } else if (t == od::json_type::number) {
      std::string_view raw;
      e = doc.raw_json_token().get(raw);
      raw = trim_token(raw);
      if (!e && !valid_number(raw)) e = simdjson::NUMBER_ERROR;
      std::string_view whole = text;
      while (!whole.empty() && (whole.front() == ' ' || whole.front() == '\t' ||
                                whole.front() == '\n' || whole.front() == '\r'))
        whole.remove_prefix(1);
      if (!e && trim_token(whole) != raw) e = simdjson::TRAILING_CONTENT;
      if (!e) out = Value::number_raw(std::string(raw));
    } else if (t == od::json_type::string) {
      std::string_view s;
      e = doc.get_string().get(s);
      if (!e) out = Value::string(std::string(s));
    } else if (t == od::json_type::boolean) {
      bool b;
      e = doc.get_bool().get(b);
      if (!e) out = Value::boolean(b);
    } else {
      bool is_null = false;
      e = doc.is_null().get(is_null);
      if (!e && !is_null) e = simdjson::N_ATOM_ERROR;
    }
  }
  if (!e && (t == od::json_type::object || t == od::json_type::array) &&
      doc.current_location().error() != simdjson::OUT_OF_BOUNDS)
    e = simdjson::TRAILING_CONTENT;
  if (e) return describe_failure(text, e);
  return out;
}

}  // namespace stepwise::json
