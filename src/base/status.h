// status.h: error values for everything that can fail because of the outside world.
//
// A bad input record, a missing file, a bad flag or an HTTP failure is an `Error` carried in a
// `Result<T>`; a broken invariant (our own bug) is an `SW_CHECK` that aborts (see check.h).
// Messages name the input: "traces.jsonl:1234:17: missing field \"steps\"".
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace stepwise {

// What went wrong, in words a user understands, with the location first when there is one.
struct Error {
  std::string message;
};

// Either a value or an Error. Thread-compatible (like any value type).
//
// Example:
//   Result<int> parse_port(std::string_view s);
//   auto r = parse_port("80");
//   if (!r) return r.error();
//   use(*r);
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& operator*() & { return std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }
  T&& operator*() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// A Result with no value: ok, or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design
  static Status Ok() { return Status(); }
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace stepwise
