#include "trace/show.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "trace/answer.h"
#include "trace/scan.h"
#include "trace/text_internal.h"

namespace stepwise::trace {
namespace {

struct Style {
  bool on;
  std::string wrap(std::string_view code, std::string_view s) const {
    if (!on) return std::string(s);
    return "\x1b[" + std::string(code) + "m" + std::string(s) + "\x1b[0m";
  }
  std::string bold(std::string_view s) const { return wrap("1", s); }
  std::string dim(std::string_view s) const { return wrap("2", s); }
  std::string red(std::string_view s) const { return wrap("31", s); }
  std::string green(std::string_view s) const { return wrap("32", s); }
  std::string yellow(std::string_view s) const { return wrap("33", s); }
  std::string cyan(std::string_view s) const { return wrap("1;36", s); }
};

// Display width of UTF-8 text: code points (no East Asian width table).
size_t columns(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Word-wraps `text` (its own newlines kept): the first line after `first` (already printed,
// `first_cols` wide), the others indented by `indent` spaces.
std::vector<std::string> wrap(std::string_view text, size_t first_cols, size_t indent,
                              size_t width) {
  std::vector<std::string> lines(1);
  size_t used = first_cols;
  for (size_t at = 0; at <= text.size();) {
    size_t nl = text.find('\n', at);
    std::string_view para = text.substr(at, nl == std::string_view::npos ? nl : nl - at);
    bool fresh = true;
    for (size_t w = 0; w < para.size();) {
      size_t sp = para.find(' ', w);
      std::string_view word = para.substr(w, sp == std::string_view::npos ? sp : sp - w);
      w = sp == std::string_view::npos ? para.size() : sp + 1;
      if (word.empty()) continue;
      size_t cols = columns(word);
      if (!fresh && width > 0 && used + 1 + cols > width) {
        lines.emplace_back(indent, ' ');
        used = indent;
        fresh = true;
      }
      if (!fresh) {
        lines.back() += ' ';
        ++used;
      }
      lines.back() += word;
      used += cols;
      fresh = false;
    }
    if (nl == std::string_view::npos) break;
    lines.emplace_back(indent, ' ');
    used = indent;
    at = nl + 1;
  }
  return lines;
}

// Dims GSM8K's <<expr=value>> annotations so the prose stands out.
std::string dim_annotations(const std::string& line, const Style& st) {
  if (!st.on) return line;
  std::string out;
  size_t at = 0;
  for (size_t open = line.find("<<"); open != std::string::npos; open = line.find("<<", at)) {
    size_t close = line.find(">>", open);
    if (close == std::string::npos) break;
    out += line.substr(at, open - at) + st.dim(line.substr(open, close + 2 - open));
    at = close + 2;
  }
  return out + line.substr(at);
}

void add_block(std::string& out, const std::string& label, std::string_view text, size_t indent,
               size_t width, const Style& st, bool annotations = false) {
  out += st.bold(label);
  size_t pad = indent > label.size() ? indent - label.size() : 1;
  out.append(pad, ' ');
  for (const std::string& line : wrap(text, label.size() + pad, indent, width))
    out += (annotations ? dim_annotations(line, st) : line) + "\n";
}

std::string finding_line(const Finding& f, const Style& st) {
  bool error = f.severity == "error";
  std::string tag = error ? st.red("error " + f.code) : st.yellow(f.severity + " " + f.code);
  return tag + (f.message.empty() ? "" : ": " + f.message);
}

void add_answer(std::string& out, const Trace& t, const Style& st) {
  if (t.answer || t.extraction) {
    std::string how;
    if (t.extraction) {
      how = outcome_name(t.extraction->outcome);
      if (!t.extraction->rule.empty()) how += " by " + t.extraction->rule;
    }
    out += st.bold("Answer") + "    " + (t.answer ? *t.answer : st.dim("(none)")) +
           (how.empty() ? "" : "  " + st.dim("[" + how + "]")) + "\n";
  }
  if (t.gold) {
    std::string cmp;
    if (t.answer) {
      bool same = answer_key(normalize_answer(*t.answer)) == answer_key(normalize_answer(*t.gold));
      cmp = same ? st.green("(agrees with the answer)") : st.red("(differs from the answer)");
    }
    out += st.bold("Gold") + "      " + *t.gold + (cmp.empty() ? "" : "  " + cmp) + "\n";
  }
}

void add_verdict(std::string& out, const Trace& t, const Style& st) {
  if (!t.verdict) return;
  const Verdict& v = *t.verdict;
  std::string line = v.ok ? st.green("ok") : st.red("not ok");
  line += v.answer_ok ? ", answer right" : ", answer wrong";
  if (v.first_error) line += ", first error at step " + std::to_string(*v.first_error + 1);
  out += st.bold("Verdict") + "   " + line + "\n";
  for (const Finding& f : v.findings)
    if (!f.step || *f.step < 0 || static_cast<size_t>(*f.step) >= t.steps.size())
      out += "          " + finding_line(f, st) + "\n";
}

void add_json(std::string& out, const std::string& label, const json::Value& v, size_t width,
              const Style& st) {
  std::string text = json::to_string(v);
  if (width > 0 && text.size() > width * 4) text = text.substr(0, width * 4) + " ...";
  add_block(out, label, text, 10, width, st);
}

}  // namespace

std::string render_trace(const Trace& t, const RenderOptions& opts) {
  Style st{opts.color};
  std::string out = st.cyan(t.id);
  if (!t.task.empty()) out += "  " + st.dim("task ") + t.task;
  if (t.source) out += "  " + st.dim("source ") + t.source->kind + "/" + t.source->name;
  if (t.source && !t.source->model.empty()) out += " (" + t.source->model + ")";
  if (!opts.location.empty()) out += "  " + st.dim(opts.location);
  out += "\n";
  add_block(out, "Question", t.question, 10, opts.width, st);
  out += st.bold("Steps") + (t.steps.empty() ? "     (none)" : "") + "\n";
  for (size_t i = 0; i < t.steps.size(); ++i) {
    std::string num = std::to_string(i + 1) + ".";
    std::string label(num.size() < 4 ? 4 - num.size() : 0, ' ');
    out += st.dim(label + num) + " ";
    for (const std::string& line : wrap(t.steps[i].text, 5, 5, opts.width))
      out += dim_annotations(line, st) + "\n";
    if (t.verdict)
      for (const Finding& f : t.verdict->findings)
        if (f.step && static_cast<size_t>(*f.step) == i)
          out += "     " + finding_line(f, st) + "\n";
  }
  add_answer(out, t, st);
  add_verdict(out, t, st);
  if (!t.program.is_null()) add_json(out, "Program", t.program, opts.width, st);
  if (!t.meta.is_null()) add_json(out, "Meta", t.meta, opts.width, st);
  for (const auto& [k, v] : t.extra.members()) add_json(out, k, v, opts.width, st);
  return out;
}

std::optional<ColorMode> parse_color_mode(std::string_view name) {
  if (name == "auto") return ColorMode::kAuto;
  if (name == "always") return ColorMode::kAlways;
  if (name == "never") return ColorMode::kNever;
  return std::nullopt;
}

Status show(const ShowOptions& opts, Diagnostics& diag, Summary& summary, std::FILE* out) {
  bool tty = ::isatty(::fileno(out)) != 0;
  const char* term = std::getenv("TERM");
  RenderOptions render;
  render.color = opts.color == ColorMode::kAlways ||
                 (opts.color == ColorMode::kAuto && tty && !std::getenv("NO_COLOR") &&
                  !(term && std::strcmp(term, "dumb") == 0));
  render.width = opts.width;
  if (render.width == 0) {
    struct winsize ws {};
    render.width =
        tty && ::ioctl(::fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20 ? ws.ws_col : 100;
  }
  uint64_t seen = 0, shown = 0;
  auto pick = [&](Trace& t, const JsonlReader& r) {
    uint64_t pos = seen++;
    if (!opts.id.empty() ? t.id != opts.id : (opts.index && pos < *opts.index)) return true;
    render.location = r.where();
    std::string text = (shown ? "\n" : "") + render_trace(t, render);
    std::fwrite(text.data(), 1, text.size(), out);
    ++shown;
    return opts.count == 0 || shown < opts.count;
  };
  auto scan = scan_records(opts.input, opts.import, opts.read, diag, pick, "show");
  if (!scan) return scan.error();
  std::fflush(out);
  std::string in = opts.input == "-" ? "<stdin>" : opts.input;
  summary.set("input", json::Value::string(in));
  summary.set("layout", json::Value::string(layout_name(scan->layout)));
  summary.set_int("shown", static_cast<int64_t>(shown));
  summary.set_int("scanned", static_cast<int64_t>(seen));
  summary.set_int("bad_lines", static_cast<int64_t>(diag.count()));
  summary.line("show: " + std::to_string(shown) + " shown of " + count_of(seen, "record") +
               " read from " + in + ", " + count_of(diag.count(), "bad line"));
  if (scan->stopped) return Error{"stopped at the first bad record (--strict): " + diag.first()};
  if (shown == 0 && !opts.id.empty())
    return Error{"no record with id \"" + opts.id + "\" in " + in + " (" + std::to_string(seen) +
                 " records)"};
  if (shown == 0 && opts.index)
    return Error{"no record at index " + std::to_string(*opts.index) + ": " + in + " has " +
                 std::to_string(seen) + " records"};
  return Status::Ok();
}

}  // namespace stepwise::trace
