#include "trace/jsonl.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "base/rng.h"

namespace stepwise::trace {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "jsonl_test-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  std::string write(const std::string& name, std::string_view data) const {
    std::ofstream(path(name), std::ios::binary) << data;
    return path(name);
  }

 private:
  std::string dir_;
};

struct Read {
  std::vector<std::string> values;  // good values, re-serialized
  std::string messages;             // what Diagnostics printed
  std::map<std::string, uint64_t> kinds;
  bool stopped = false;
};

Read read_all(JsonlReader& r, bool strict = false) {
  Diagnostics diag(strict, 1000);
  Read out;
  json::Value v;
  ::testing::internal::CaptureStderr();
  while (r.next(v, diag)) out.values.push_back(json::to_string(v));
  out.messages = ::testing::internal::GetCapturedStderr();
  out.kinds = diag.by_kind();
  out.stopped = r.stopped();
  return out;
}

Read read_memory(std::string data, const ReadOptions& opts = {}, bool strict = false) {
  auto r = JsonlReader::from_memory(std::move(data), "t.jsonl", opts);
  return read_all(*r, strict);
}

TEST(JsonlReader, GoodLinesComeThroughUnchangedAroundBadOnes) {
  Read r = read_memory(
      "{\"id\":\"a\",\"n\":1.50}\n"
      "{\"question\" \"x\"}\n"
      "\n"
      "   \n"
      "{\"id\":\"b\",\"k\":[1,{\"z\":null}]}\r\n"
      "[1,2]\n"
      "{\"id\":\"c\"}\n");
  EXPECT_EQ(r.values,
            (std::vector<std::string>{R"({"id":"a","n":1.50})", R"({"id":"b","k":[1,{"z":null}]})",
                                      R"({"id":"c"})"}));
  EXPECT_EQ(r.messages,
            "t.jsonl:2:13: expected ':' after object key\n"
            "t.jsonl:6: expected a JSON object (one record per line), found array\n");
  EXPECT_EQ(r.kinds, (std::map<std::string, uint64_t>{{"json", 1}, {"not_object", 1}}));
}

TEST(JsonlReader, MalformedJsonGivesLineAndColumn) {
  Read r = read_memory("{}\n{}\n{\"a\": [1, 2,, 3]}\n");
  EXPECT_EQ(r.messages, "t.jsonl:3:13: unexpected character ',', expected a value\n");
}

TEST(JsonlReader, InvalidUtf8GivesTheColumnOfTheByte) {
  Read r = read_memory("{\"q\":\"caf\xc3\"}\n{\"q\":\"ok\"}\n");
  EXPECT_EQ(r.values.size(), 1u);
  EXPECT_EQ(r.messages, "t.jsonl:1:10: invalid UTF-8 (byte 0xc3), expected UTF-8 text\n");
  EXPECT_EQ(r.kinds["utf8"], 1u);
}

TEST(JsonlReader, EmptyInputHasNoRecordsAndNoErrors) {
  for (std::string data : {"", "\n\n", "\xEF\xBB\xBF", "  \r\n"}) {
    Read r = read_memory(data);
    EXPECT_TRUE(r.values.empty());
    EXPECT_TRUE(r.kinds.empty()) << r.messages;
  }
}

TEST(JsonlReader, ByteOrderMarkIsSkipped) {
  Read r = read_memory("\xEF\xBB\xBF{\"a\":1}\n");
  EXPECT_EQ(r.values, std::vector<std::string>{R"({"a":1})"});
}

TEST(JsonlReader, TruncatedLastLineIsReportedAsTruncated) {
  Read r = read_memory("{\"a\":1}\n{\"a\":2,\"b\":[1,2");
  EXPECT_EQ(r.values.size(), 1u);
  EXPECT_EQ(r.kinds["truncated"], 1u);
  EXPECT_NE(r.messages.find("t.jsonl:2:"), std::string::npos);
  EXPECT_NE(r.messages.find("no newline"), std::string::npos);
  // A complete last line without a newline is a good record.
  EXPECT_EQ(read_memory("{\"a\":1}\n{\"a\":2}").values.size(), 2u);
}

TEST(JsonlReader, BinaryFileIsReportedOnceAndSkipped) {
  std::string junk;
  Rng rng(7);
  for (int i = 0; i < 100000; ++i) junk.push_back(static_cast<char>(rng.below(256)));
  junk[10] = '\0';
  Read r = read_memory(junk);
  EXPECT_TRUE(r.values.empty());
  EXPECT_EQ(r.kinds, (std::map<std::string, uint64_t>{{"binary", 1}}));
  EXPECT_EQ(r.messages,
            "t.jsonl:1: binary data (NUL bytes), expected JSON Lines text; the file is skipped\n");
  Read zstd = read_memory(std::string("\x28\xB5\x2F\xFD\x00\x58", 6));
  EXPECT_NE(zstd.messages.find("zstd-compressed data: decompress it first"), std::string::npos);
  Read utf16 = read_memory(std::string("\xFF\xFE{\0\"\0q\0", 8));
  EXPECT_NE(utf16.messages.find("UTF-16 text: convert it to UTF-8 first"), std::string::npos);
}

TEST(JsonlReader, StrayNulInATextFileIsReportedForItsLine) {
  std::string data =
      std::string(5000, ' ') + "{\"a\":1}\n{\"a\":\"x" + std::string(1, '\0') + "\"}\n{\"a\":3}\n";
  Read r = read_memory(data);
  EXPECT_EQ(r.values.size(), 2u);
  EXPECT_EQ(r.messages, "t.jsonl:2:8: NUL byte in the line, expected JSON text\n");
}

TEST(JsonlReader, LongLineIsSkippedWithoutHoldingIt) {
  ReadOptions opts;
  opts.max_line_bytes = 100;
  opts.chunk_bytes = 16;
  std::string big = "{\"q\":\"" + std::string(1000, 'x') + "\"}";
  Read r = read_memory("{\"a\":1}\n" + big + "\n{\"a\":2}\n" + big, opts);
  EXPECT_EQ(r.values, (std::vector<std::string>{R"({"a":1})", R"({"a":2})"}));
  EXPECT_EQ(r.messages,
            "t.jsonl:2: line is 1008 bytes, over the limit of 100 bytes (--max-line-bytes); "
            "skipped\n"
            "t.jsonl:4: line is 1008 bytes, over the limit of 100 bytes (--max-line-bytes); "
            "skipped\n");
}

long max_rss_kib() {
  struct rusage ru {};
  ::getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

// Writes a file whose second line is `mib` MiB long, without holding it in memory.
std::string write_huge_line_file(const TempDir& dir, size_t mib) {
  std::string path = dir.path("huge.jsonl");
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::string chunk(size_t{1} << 20, 'a');
  std::fputs("{\"id\":\"first\"}\n{\"question\":\"", f);
  for (size_t i = 0; i < mib; ++i) std::fwrite(chunk.data(), 1, chunk.size(), f);
  std::fputs("\"}\n{\"id\":\"last\"}\n", f);
  std::fclose(f);
  return path;
}

TEST(JsonlReader, HundredMegabyteLineIsStreamedPast) {
  TempDir dir;
  std::string path = write_huge_line_file(dir, 100);
  ReadOptions opts;
  opts.max_line_bytes = size_t{1} << 20;
  auto r = JsonlReader::open(path, opts);
  ASSERT_TRUE(r.ok());
  Read got = read_all(**r);
  EXPECT_EQ(got.values, (std::vector<std::string>{R"({"id":"first"})", R"({"id":"last"})"}));
  EXPECT_EQ(got.kinds["too_long"], 1u);
  EXPECT_NE(got.messages.find("huge.jsonl:2: line is 104857615 bytes"), std::string::npos);
  EXPECT_EQ((*r)->line(), 3u);
  EXPECT_LT(max_rss_kib(), 64 * 1024) << "the long line was buffered";
}

TEST(JsonlReader, HundredMegabyteLineOverTheDefaultLimitIsSkipped) {
  TempDir dir;
  std::string path = write_huge_line_file(dir, 100);
  auto r = JsonlReader::open(path);
  ASSERT_TRUE(r.ok());
  Read got = read_all(**r);
  EXPECT_EQ(got.values.size(), 2u);
  EXPECT_NE(got.messages.find("over the limit of 67108864 bytes"), std::string::npos);
#if !defined(__SANITIZE_ADDRESS__)
  // At most one limit-sized line and a chunk are held, never the whole 100 MiB line.
  EXPECT_LT(max_rss_kib(), 96 * 1024);
#endif
}

TEST(JsonlReader, ChunkBoundariesDoNotChangeWhatIsRead) {
  std::string data;
  Rng rng(3);
  for (int i = 0; i < 300; ++i) {
    data += "{\"i\":" + std::to_string(i) + ",\"s\":\"" + std::string(rng.below(90), 'x') + "\"}";
    data += rng.chance(0.1) ? "\r\n" : "\n";
    if (rng.chance(0.05)) data += "{broken\n";
    if (rng.chance(0.05)) data += "\n";
  }
  Read whole = read_memory(data);
  EXPECT_EQ(whole.values.size(), 300u);
  for (size_t chunk : {1, 2, 3, 7, 64, 4096}) {
    ReadOptions opts;
    opts.chunk_bytes = chunk;
    Read r = read_memory(data, opts);
    EXPECT_EQ(r.values, whole.values) << "chunk " << chunk;
    EXPECT_EQ(r.messages, whole.messages) << "chunk " << chunk;
  }
}

TEST(JsonlReader, StrictStopsAtTheFirstBadLine) {
  auto r = JsonlReader::from_memory("{\"a\":1}\nnope\n{\"a\":2}\n", "t.jsonl");
  Read got = read_all(*r, /*strict=*/true);
  EXPECT_EQ(got.values.size(), 1u);
  EXPECT_TRUE(got.stopped);
  EXPECT_EQ(r->line(), 2u);
  json::Value v;
  Diagnostics diag(true);
  EXPECT_FALSE(r->next(v, diag));  // stays stopped
}

TEST(JsonlReader, NextTraceReportsBadRecordsWithTheirLine) {
  auto r = JsonlReader::from_memory(
      "{\"question\":\"q1\"}\n{\"steps\":[]}\n{\"question\":\"q\",\"steps\":3}\n"
      "{\"question\":\"q4\"}\n",
      "traces.jsonl");
  Diagnostics diag(false, 100);
  Trace t;
  std::vector<std::string> questions;
  ::testing::internal::CaptureStderr();
  while (r->next_trace(t, diag)) questions.push_back(t.question);
  std::string messages = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(questions, (std::vector<std::string>{"q1", "q4"}));
  EXPECT_EQ(messages,
            "traces.jsonl:2: missing field \"question\"\n"
            "traces.jsonl:3: field \"steps\": expected an array of strings or objects, found "
            "number\n");
  EXPECT_EQ(diag.by_kind()["bad_record"], 2u);
  EXPECT_EQ(r->good(), 2u);
}

TEST(JsonlReader, MissingFileAndDirectoryAreErrors) {
  auto r = JsonlReader::open("/nonexistent/x.jsonl");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "/nonexistent/x.jsonl: cannot open: No such file or directory");
  auto d = JsonlReader::open("/tmp");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().message, "/tmp: cannot read: is a directory");
}

TEST(JsonlGzip, WriterAndReaderRoundTripAndMagicIsDetected) {
  TempDir dir;
  JsonlWriter w;
  ASSERT_TRUE(w.open(dir.path("out.jsonl.gz")).ok());
  for (int i = 0; i < 5000; ++i) {
    Trace t;
    t.id = "t" + std::to_string(i);
    t.question = "question " + std::to_string(i);
    t.steps = {Step{"step"}};
    w.write(t);
  }
  ASSERT_TRUE(w.commit().ok());
  EXPECT_LT(fs::file_size(dir.path("out.jsonl.gz")), w.bytes() / 4);
  auto r = JsonlReader::open(dir.path("out.jsonl.gz"));
  ASSERT_TRUE(r.ok());
  Read got = read_all(**r);
  ASSERT_EQ(got.values.size(), 5000u);
  EXPECT_EQ(got.values[4999],
            R"({"id":"t4999","question":"question 4999","steps":[{"text":"step"}]})");
  fs::copy_file(dir.path("out.jsonl.gz"), dir.path("renamed.jsonl"));  // no .gz: magic bytes
  auto r2 = JsonlReader::open(dir.path("renamed.jsonl"));
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(read_all(**r2).values.size(), 5000u);
}

TEST(JsonlGzip, TruncatedGzipIsAnIoReport) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "{\"i\":" + std::to_string(i * 7919 % 10007) + "}\n";
  gzFile gz = gzopen(dir.path("full.gz").c_str(), "wb");
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  std::ifstream in(dir.path("full.gz"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  dir.write("cut.jsonl.gz", bytes.substr(0, bytes.size() / 2));
  auto r = JsonlReader::open(dir.path("cut.jsonl.gz"));
  ASSERT_TRUE(r.ok());
  Read got = read_all(**r);
  EXPECT_GT(got.values.size(), 100u);
  EXPECT_LT(got.values.size(), 20000u);
  EXPECT_EQ(got.kinds["io"], 1u);
  EXPECT_NE(got.messages.find("gzip: unexpected end of file"), std::string::npos) << got.messages;
}

TEST(JsonlReader, DashReadsStandardInput) {
  TempDir dir;
  std::string path = dir.write("in.jsonl", "{\"a\":1}\n{bad\n{\"a\":2}\n");
  int saved = ::dup(0);
  int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ::dup2(fd, 0);
  ::close(fd);
  auto r = JsonlReader::open("-");
  ASSERT_TRUE(r.ok());
  Read got = read_all(**r);
  ::dup2(saved, 0);
  ::close(saved);
  EXPECT_EQ(got.values.size(), 2u);
  EXPECT_EQ((*r)->size_hint(), 21u);
  EXPECT_EQ(got.messages.substr(0, 10), "<stdin>:2:");
}

TEST(JsonlWriter, NothingIsVisibleBeforeCommit) {
  TempDir dir;
  std::string path = dir.path("out.jsonl");
  {
    JsonlWriter w;
    ASSERT_TRUE(w.open(path).ok());
    w.write(json::Value::object());
    EXPECT_FALSE(fs::exists(path));
  }  // abandoned: no file, no temporary left behind
  EXPECT_TRUE(fs::is_empty(fs::path(path).parent_path()));
  JsonlWriter w;
  ASSERT_TRUE(w.open(path).ok());
  w.write(*json::parse(R"({"b":1,"a":"\u00e9\n"})"));
  ASSERT_TRUE(w.commit().ok());
  std::ifstream in(path);
  std::string all((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(all, "{\"b\":1,\"a\":\"\xC3\xA9\\n\"}\n");
  EXPECT_EQ(w.records(), 1u);
}

TEST(JsonlWriter, UnwritableDirectoryIsAnError) {
  JsonlWriter w;
  Status st = w.open("/nonexistent-dir/out.jsonl");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("/nonexistent-dir/out.jsonl"), std::string::npos);
}

}  // namespace
}  // namespace stepwise::trace
