#include "trace/scan.h"

#include "base/progress.h"

namespace stepwise::trace {

Result<ScanResult> scan_records(const std::string& path, const ImportOptions& import,
                                const ReadOptions& read, Diagnostics& diag, const RecordFn& fn,
                                const std::string& label) {
  auto reader = JsonlReader::open(path, read);
  if (!reader) return reader.error();
  JsonlReader& r = **reader;
  Importer importer(import);
  ScanResult out;
  Progress progress(label, r.size_hint(), "bytes");
  json::Value v;
  while (r.next(v, diag)) {
    auto t = importer.convert(std::move(v));
    if (!t) {
      if (!diag.report("bad_record", r.where(), t.error().message)) {
        out.stopped = true;
        break;
      }
      continue;
    }
    ++out.records;
    if ((out.records & 1023) == 0)
      progress.set(r.bytes(), human_count(static_cast<double>(out.records)) + " records");
    if (!fn(*t, r)) {
      out.ended_early = true;
      break;
    }
  }
  progress.set(r.bytes(), human_count(static_cast<double>(out.records)) + " records");
  progress.finish();
  out.stopped = out.stopped || r.stopped();
  out.lines = r.line();
  out.layout = importer.layout();
  out.detected = importer.detected();
  return out;
}

}  // namespace stepwise::trace
