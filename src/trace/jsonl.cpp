// JsonlReader: line splitting in bounded memory over plain, gzip and in-memory inputs, and the
// classification of bad lines (see jsonl.h for the kinds).
#include "trace/jsonl.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "base/check.h"
#include "trace/record_internal.h"
#include "trace/text_internal.h"

namespace stepwise::trace {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `buf`: the count (0 at the end of input) or an Error.
  virtual Result<size_t> read(char* buf, size_t n) = 0;
  // Input consumed so far (compressed bytes for gzip), for progress.
  virtual uint64_t position() const = 0;
};

namespace {

class FdSource : public ByteSource {
 public:
  FdSource(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~FdSource() override {
    if (owned_) ::close(fd_);
  }
  Result<size_t> read(char* buf, size_t n) override {
    for (;;) {
      ssize_t r = ::read(fd_, buf, n);
      if (r >= 0) {
        pos_ += static_cast<uint64_t>(r);
        return static_cast<size_t>(r);
      }
      if (errno != EINTR) return Error{std::string("read error: ") + std::strerror(errno)};
    }
  }
  uint64_t position() const override { return pos_; }

 private:
  int fd_;
  bool owned_;
  uint64_t pos_ = 0;
};

class GzSource : public ByteSource {
 public:
  explicit GzSource(gzFile gz) : gz_(gz) { gzbuffer(gz_, 1 << 18); }
  ~GzSource() override { gzclose(gz_); }
  Result<size_t> read(char* buf, size_t n) override {
    int r = gzread(gz_, buf, static_cast<unsigned>(std::min<size_t>(n, INT_MAX)));
    if (r < 0) {
      int code = 0;
      const char* msg = gzerror(gz_, &code);
      return Error{std::string("gzip: ") + (msg ? msg : "read error")};
    }
    if (r == 0) {
      // zlib reports a stream cut short only through the error state, at the end.
      int code = Z_OK;
      gzerror(gz_, &code);
      if (code == Z_BUF_ERROR) return Error{"gzip: unexpected end of file (truncated .gz file?)"};
    }
    return static_cast<size_t>(r);
  }
  uint64_t position() const override { return static_cast<uint64_t>(gzoffset(gz_)); }

 private:
  gzFile gz_;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string data) : data_(std::move(data)) {}
  Result<size_t> read(char* buf, size_t n) override {
    size_t k = std::min(n, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  uint64_t position() const override { return pos_; }

 private:
  std::string data_;
  size_t pos_ = 0;
};

// Offset of the first byte that does not start a valid UTF-8 sequence, or npos.
size_t first_invalid_utf8(std::string_view s) {
  auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  for (size_t i = 0; i < n;) {
    unsigned char c = p[i];
    size_t len = c < 0x80                 ? 1
                 : c >= 0xC2 && c <= 0xDF ? 2
                 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4
                                          : 0;
    if (len == 0 || i + len > n) return i;
    for (size_t k = 1; k < len; ++k)
      if ((p[i + k] & 0xC0) != 0x80) return i;
    if ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] >= 0xA0) ||
        (c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] >= 0x90))
      return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string hex_byte(unsigned char c) {
  static const char* kHex = "0123456789abcdef";
  return std::string("0x") + kHex[c >> 4] + kHex[c & 0xf];
}

// A clear message for a binary file, naming the compression format when it is a known one.
std::string binary_message(std::string_view head) {
  auto starts = [&](std::string_view magic) { return head.starts_with(magic); };
  if (starts("\x28\xB5\x2F\xFD")) return "zstd-compressed data: decompress it first (zstd -d)";
  if (starts(std::string_view("\xFD"
                              "7zXZ\0",
                              6)))
    return "xz-compressed data: decompress it first (xz -d)";
  if (starts("BZh")) return "bzip2-compressed data: decompress it first (bzip2 -d)";
  if (starts("PK\x03\x04")) return "a zip archive: extract it first (unzip)";
  if (starts("\xFF\xFE") || starts("\xFE\xFF"))
    return "UTF-16 text: convert it to UTF-8 first (iconv -f UTF-16 -t UTF-8)";
  return "binary data (NUL bytes), expected JSON Lines text";
}

}  // namespace

Result<std::unique_ptr<JsonlReader>> JsonlReader::open(const std::string& path,
                                                       const ReadOptions& opts) {
  if (path == "-") {
    struct stat st {};
    uint64_t size = (::fstat(0, &st) == 0 && S_ISREG(st.st_mode)) ? st.st_size : 0;
    int fd = ::dup(0);
    gzFile gz = fd >= 0 ? gzdopen(fd, "rb") : nullptr;  // reads plain input transparently
    if (!gz) return Error{"-: cannot read standard input"};
    std::unique_ptr<JsonlReader> r(new JsonlReader(std::make_unique<GzSource>(gz), path, opts));
    r->size_hint_ = size;
    return r;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{path + ": cannot open: " + std::strerror(errno)};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Error{path + ": cannot read: is a directory"};
  }
  unsigned char magic[2] = {0, 0};
  bool gzip = path.ends_with(".gz") ||
              (::pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b);
  std::unique_ptr<ByteSource> src;
  if (gzip) {
    gzFile gz = gzdopen(fd, "rb");
    if (!gz) {
      ::close(fd);
      return Error{path + ": cannot open gzip stream"};
    }
    src = std::make_unique<GzSource>(gz);
  } else {
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    src = std::make_unique<FdSource>(fd, true);
  }
  std::unique_ptr<JsonlReader> r(new JsonlReader(std::move(src), path, opts));
  r->size_hint_ = S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
  return r;
}

std::unique_ptr<JsonlReader> JsonlReader::from_memory(std::string data, std::string name,
                                                      const ReadOptions& opts) {
  uint64_t size = data.size();
  std::unique_ptr<JsonlReader> r(
      new JsonlReader(std::make_unique<MemorySource>(std::move(data)), std::move(name), opts));
  r->size_hint_ = size;
  return r;
}

JsonlReader::JsonlReader(std::unique_ptr<ByteSource> src, std::string path, const ReadOptions& opts)
    : src_(std::move(src)), path_(std::move(path)), opts_(opts) {
  name_ = path_ == "-" ? "<stdin>" : path_;
  opts_.chunk_bytes = std::max<size_t>(opts_.chunk_bytes, 1);
}

JsonlReader::~JsonlReader() = default;

void JsonlReader::Free::operator()(char* p) const { std::free(p); }

uint64_t JsonlReader::bytes() const { return src_->position(); }

std::string JsonlReader::where() const { return name_ + ":" + std::to_string(line_); }

bool JsonlReader::report(Diagnostics& diag, const char* kind, const std::string& where,
                         const std::string& message) {
  if (diag.report(kind, where, message)) return true;
  stopped_ = true;
  return false;
}

// Reads one more chunk after the pending bytes. False once the input is exhausted (or failed).
bool JsonlReader::fill(Diagnostics& diag) {
  if (begin_ > 0) {
    std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (cap_ - end_ < opts_.chunk_bytes) {
    // Doubling, but never past one longest line plus one chunk: the memory bound.
    size_t cap = std::max(std::min(cap_ * 2, opts_.max_line_bytes + opts_.chunk_bytes),
                          end_ + opts_.chunk_bytes);
    // realloc: large blocks grow in place (mremap), so the old and new buffers never both
    // occupy memory, and new pages are touched only when read into.
    char* bigger = static_cast<char*>(std::realloc(buf_.get(), cap + kParsePadding));
    SW_CHECK(bigger != nullptr);
    (void)buf_.release();  // realloc already freed or kept it
    buf_.reset(bigger);
    cap_ = cap;
  }
  auto r = src_->read(buf_.get() + end_, opts_.chunk_bytes);
  if (!r) {
    eof_ = true;
    report(diag, "io", where(), r.error().message);
    return false;
  }
  if (*r == 0) eof_ = true;
  end_ += *r;
  return *r > 0;
}

// At the first bytes of the input: skips a UTF-8 byte-order mark; reports a binary file once
// and skips all of it. False when the input is done.
bool JsonlReader::check_file_start(Diagnostics& diag) {
  started_ = true;
  while (!eof_ && end_ < 4096)
    if (!fill(diag)) break;
  std::string_view head(buf_.get(), std::min<size_t>(end_, 4096));
  if (head.starts_with("\xEF\xBB\xBF")) begin_ = 3;
  if (head.find('\0') == std::string_view::npos) return true;
  eof_ = true;
  begin_ = end_ = scanned_ = 0;
  line_ = 1;
  report(diag, "binary", where(), binary_message(head) + "; the file is skipped");
  return false;
}

// Streams past a line longer than max_line_bytes without keeping it, then reports it.
bool JsonlReader::skip_long_line(Diagnostics& diag) {
  uint64_t len = end_ - begin_;
  begin_ = end_ = scanned_ = 0;
  ++line_;
  while (!eof_) {
    fill(diag);
    const void* nl = std::memchr(buf_.get(), '\n', end_);
    if (nl) {
      size_t at = static_cast<size_t>(static_cast<const char*>(nl) - buf_.get());
      len += at;
      begin_ = at + 1;
      break;
    }
    len += end_;
    end_ = 0;
  }
  return report_too_long(diag, len);
}

bool JsonlReader::report_too_long(Diagnostics& diag, uint64_t len) {
  return report(diag, "too_long", where(),
                "line is " + std::to_string(len) + " bytes, over the limit of " +
                    std::to_string(opts_.max_line_bytes) + " bytes (--max-line-bytes); skipped");
}

bool JsonlReader::next_line(std::string_view& line, bool& has_newline, Diagnostics& diag) {
  if (!started_ && !check_file_start(diag)) return false;
  for (;;) {
    size_t avail = end_ - begin_;
    if (avail > scanned_) {
      const char* from = buf_.get() + begin_;
      const void* nl = std::memchr(from + scanned_, '\n', avail - scanned_);
      if (nl) {
        size_t len = static_cast<size_t>(static_cast<const char*>(nl) - from);
        line = std::string_view(from, len);
        begin_ += len + 1;
        scanned_ = 0;
        ++line_;
        has_newline = true;
        if (len <= opts_.max_line_bytes) return true;
        if (!report_too_long(diag, len)) return false;
        continue;
      }
      scanned_ = avail;
    }
    if (avail > opts_.max_line_bytes) {
      if (!skip_long_line(diag)) return false;
      continue;
    }
    if (eof_) {
      if (avail == 0) return false;
      line = std::string_view(buf_.get() + begin_, avail);
      begin_ = end_;
      scanned_ = 0;
      ++line_;
      has_newline = false;
      return true;
    }
    fill(diag);
    if (stopped_) return false;
  }
}

bool JsonlReader::bad_json(std::string_view line, bool has_newline, const Error& e,
                           Diagnostics& diag) {
  size_t bad = first_invalid_utf8(line);
  if (bad != std::string_view::npos)
    return report(diag, "utf8", where() + ":" + std::to_string(bad + 1),
                  "invalid UTF-8 (byte " + hex_byte(static_cast<unsigned char>(line[bad])) +
                      "), expected UTF-8 text");
  std::string where = this->where(), msg = e.message;
  if (msg.starts_with("col ")) {
    size_t colon = msg.find(": ");
    if (colon != std::string::npos) {
      where += ":" + msg.substr(4, colon - 4);
      msg = msg.substr(colon + 2);
    }
  }
  if (has_newline) return report(diag, "json", where, msg);
  return report(diag, "truncated", where,
                msg + " (the last line has no newline: was the file cut short?)");
}

bool JsonlReader::next_text_line(std::string_view& line, bool& has_newline, Diagnostics& diag) {
  while (!stopped_ && next_line(line, has_newline, diag)) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    const void* nul = std::memchr(line.data(), '\0', line.size());
    if (!nul) return true;
    size_t col = static_cast<size_t>(static_cast<const char*>(nul) - line.data()) + 1;
    if (!report(diag, "binary", where() + ":" + std::to_string(col),
                "NUL byte in the line, expected JSON text"))
      return false;
  }
  return false;
}

bool JsonlReader::parse_line(std::string_view line, bool has_newline, json::Value& out,
                             Diagnostics& diag) {
  auto v = json::parse(line);
  if (!v) {
    bad_json(line, has_newline, v.error(), diag);
    return false;
  }
  if (!v->is_object()) {
    report(diag, "not_object", where(),
           std::string("expected a JSON object (one record per line), found ") + type_name(*v));
    return false;
  }
  out = std::move(*v);
  return true;
}

bool JsonlReader::next(json::Value& out, Diagnostics& diag) {
  std::string_view line;
  bool has_newline = false;
  while (next_text_line(line, has_newline, diag)) {
    if (parse_line(line, has_newline, out, diag)) {
      ++good_;
      return true;
    }
  }
  return false;
}

bool JsonlReader::next_trace(Trace& out, Diagnostics& diag) {
  std::string_view line;
  bool has_newline = false;
  json::Value v;
  while (next_text_line(line, has_newline, diag)) {
    // The buffer always holds kParsePadding readable bytes past the end of any line.
    if (parse_trace_fast(line, out)) {
      ++good_;
      return true;
    }
    if (!parse_line(line, has_newline, v, diag)) continue;
    auto t = from_json(std::move(v));
    if (t) {
      out = std::move(*t);
      ++good_;
      return true;
    }
    if (!report(diag, "bad_record", where(), t.error().message)) return false;
  }
  return false;
}

}  // namespace stepwise::trace
