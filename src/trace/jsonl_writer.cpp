// JsonlWriter: buffered, atomic JSON Lines output, gzip-compressed for "*.gz" paths.
#include <zlib.h>

#include "base/check.h"
#include "trace/jsonl.h"

namespace stepwise::trace {
namespace {
constexpr size_t kFlushBytes = size_t{1} << 20;
constexpr size_t kOutChunk = size_t{1} << 18;
}  // namespace

struct JsonlWriter::Gzip {
  z_stream zs{};
  std::string out = std::string(kOutChunk, '\0');
  Gzip() {
    // windowBits 15 + 16: a gzip header and trailer, so gzip(1) and zcat read the file.
    SW_CHECK(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  }
  ~Gzip() { deflateEnd(&zs); }
};

JsonlWriter::JsonlWriter() = default;
JsonlWriter::~JsonlWriter() = default;

Status JsonlWriter::open(const std::string& path) {
  buf_.reserve(kFlushBytes + (kFlushBytes >> 2));
  if (path != "-" && path.ends_with(".gz")) gz_ = std::make_unique<Gzip>();
  return file_.open(path);
}

void JsonlWriter::flush(bool finish) {
  if (!gz_) {
    file_.write(buf_);
    buf_.clear();
    return;
  }
  z_stream& zs = gz_->zs;
  zs.next_in = reinterpret_cast<Bytef*>(buf_.data());
  zs.avail_in = static_cast<uInt>(buf_.size());
  do {
    zs.next_out = reinterpret_cast<Bytef*>(gz_->out.data());
    zs.avail_out = static_cast<uInt>(kOutChunk);
    int rc = deflate(&zs, finish ? Z_FINISH : Z_NO_FLUSH);
    SW_CHECK(rc != Z_STREAM_ERROR);
    file_.write(std::string_view(gz_->out.data(), kOutChunk - zs.avail_out));
  } while (zs.avail_out == 0);
  buf_.clear();
}

void JsonlWriter::write(const Trace& t) {
  size_t before = buf_.size();
  append_jsonl(buf_, t);
  bytes_ += buf_.size() - before;
  ++records_;
  if (buf_.size() >= kFlushBytes) flush(false);
}

void JsonlWriter::write(const json::Value& v) {
  size_t before = buf_.size();
  json::append(buf_, v);
  buf_.push_back('\n');
  bytes_ += buf_.size() - before;
  ++records_;
  if (buf_.size() >= kFlushBytes) flush(false);
}

Status JsonlWriter::commit() {
  flush(true);
  return file_.commit();
}

}  // namespace stepwise::trace
