// The curate pipeline's files: the spill, the outputs, fraction paths.
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "curate/curate_internal.h"

namespace stepwise::curate::internal {
namespace {

constexpr size_t kIoChunk = size_t{1} << 20;

}  // namespace

Spill::~Spill() { ::close(fd_); }

Result<std::unique_ptr<Spill>> Spill::create(const std::string& dir) {
  std::string tmpl = (dir.empty() ? std::string(".") : dir) + "/.curate-spill-XXXXXX";
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0)
    return Error{"cannot create a temporary file in " + (dir.empty() ? "." : dir) + ": " +
                 std::strerror(errno) + " (set --tmp-dir)"};
  ::unlink(tmpl.c_str());
  return std::unique_ptr<Spill>(new Spill(fd));
}

uint32_t Spill::append(std::string_view where, const trace::Trace& t) {
  size_t start = buf_.size();
  buf_.append(where);
  buf_ += '\t';
  trace::append_jsonl(buf_, t);
  auto len = static_cast<uint32_t>(buf_.size() - start);
  if (buf_.size() >= kIoChunk) (void)flush();
  return len;
}

Status Spill::flush() {
  size_t done = 0;
  while (!failed_ && done < buf_.size()) {
    ssize_t n = ::write(fd_, buf_.data() + done, buf_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) failed_ = true;
    if (n > 0) done += static_cast<size_t>(n);
  }
  written_ += done;
  buf_.clear();
  if (failed_)
    return Error{std::string("writing the temporary file failed: ") + std::strerror(errno)};
  return {};
}

Status Spill::read_at(uint64_t offset, uint32_t len, std::string& line) const {
  line.resize(len);
  size_t done = 0;
  while (done < len) {
    ssize_t n = ::pread(fd_, line.data() + done, len - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Error{"reading the temporary file failed"};
    done += static_cast<size_t>(n);
  }
  if (!line.empty() && line.back() == '\n') line.pop_back();
  return {};
}

bool Spill::next(std::string& line, uint64_t& offset) {
  for (;;) {
    size_t nl = rbuf_.find('\n', rpos_);
    if (nl != std::string::npos) {
      offset = roff_ + rpos_;
      line.assign(rbuf_, rpos_, nl - rpos_);
      rpos_ = nl + 1;
      return true;
    }
    roff_ += rpos_;
    rbuf_.erase(0, rpos_);
    rpos_ = 0;
    size_t have = rbuf_.size();
    rbuf_.resize(have + kIoChunk);
    ssize_t n = ::pread(fd_, rbuf_.data() + have, kIoChunk, static_cast<off_t>(roff_ + have));
    rbuf_.resize(have + static_cast<size_t>(std::max<ssize_t>(n, 0)));
    if (n <= 0) return false;
  }
}

void split_line(std::string_view line, std::string_view& where, std::string_view& json) {
  // Record JSON never holds a raw tab, so the last tab separates the location.
  size_t tab = line.rfind('\t');
  where = tab == std::string_view::npos ? std::string_view() : line.substr(0, tab);
  json = tab == std::string_view::npos ? line : line.substr(tab + 1);
}

Status OutputFile::open(const std::string& path, const ExportOptions& opts) {
  opts_ = opts;
  if (opts.format == Format::kText) return text_.open(path);
  return jsonl_.open(path);
}

Status OutputFile::write(json::Value record, double difficulty, int stage) {
  ++records_;
  if (opts_.format == Format::kTrace) {
    auto c = json::Value::object();
    c.set("difficulty", json::Value::number(difficulty));
    c.set("stage", json::Value::number(static_cast<int64_t>(stage)));
    record.set("curate", std::move(c));
    jsonl_.write(record);
    return {};
  }
  auto t = trace::from_json(std::move(record));
  if (!t) return Error{"a kept record does not read back: " + t.error().message};
  if (opts_.format == Format::kText) {
    buf_.clear();
    append_text(buf_, *t, opts_);
    text_.write(buf_);
  } else {
    jsonl_.write(export_json(*t, opts_));
  }
  return {};
}

Status OutputFile::commit() {
  return opts_.format == Format::kText ? text_.commit() : jsonl_.commit();
}

std::string fraction_path(const std::string& path, int percent) {
  size_t slash = path.rfind('/');
  size_t base = slash == std::string::npos ? 0 : slash + 1;
  size_t dot = path.rfind('.');
  if (dot == std::string::npos || dot <= base) {
    dot = path.size();
  } else if (path.compare(dot, std::string::npos, ".gz") == 0) {
    size_t inner = path.rfind('.', dot - 1);
    if (inner != std::string::npos && inner > base) dot = inner;
  }
  return path.substr(0, dot) + ".f" + std::to_string(percent) + path.substr(dot);
}

uint64_t peak_rss_bytes() {
  struct rusage ru {};
  ::getrusage(RUSAGE_SELF, &ru);
  return static_cast<uint64_t>(ru.ru_maxrss) * 1024;
}

}  // namespace stepwise::curate::internal
