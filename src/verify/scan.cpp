// scan_step(): annotations, visible text, numbers, segments and chains of one step.
//
// The text between two consecutive numbers ("glue") decides how they relate: an operator joins
// them into one segment ("3 x $4"), '=' joins two segments into a chain ("... = $12"), anything
// else separates them. Up to two unit words may follow a number inside an expression
// ("5 hours * 60 minutes = 300 minutes"); words that read as operators are normalized
// ("times", "plus", "divided by", "20% of 50").
#include <string>

#include "verify/scan_internal.h"

namespace stepwise::verify::detail {

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

namespace {

// Leading '(' available before position `at` (only spaces between), and trailing ')' after.
int opens_before(std::string_view s, size_t at) {
  int n = 0;
  while (at > 0 && (s[at - 1] == ' ' || s[at - 1] == '(' || s[at - 1] == '[')) {
    if (s[at - 1] != ' ') ++n;
    --at;
  }
  return n;
}
int closes_after(std::string_view s, size_t at) {
  int n = 0;
  while (at < s.size() && (s[at] == ' ' || s[at] == ')' || s[at] == ']')) {
    if (s[at] != ' ') ++n;
    ++at;
  }
  return n;
}

// Moves `from` over `n` brackets in direction `dir`, skipping anything else (spaces, units).
size_t extend(std::string_view s, size_t from, int n, int dir) {
  size_t p = from;
  while (n > 0) {
    if (dir < 0) {
      --p;
      if (s[p] == '(' || s[p] == '[') --n;
    } else {
      if (s[p] == ')' || s[p] == ']') --n;
      ++p;
    }
  }
  return p;
}

// Appends the text of number `n` for calc::evaluate: as written when it is plain, otherwise in
// canonical form ("5 percent" -> "5%", "1.5 million" -> "1500000").
void append_number(std::string& out, std::string_view visible, const calc::Number& n) {
  std::string_view text = visible.substr(n.begin, n.end - n.begin);
  bool plain = true;
  for (char c : text)
    if (is_alpha(c) || is_space(c)) plain = false;
  if (plain) {
    out += text;
  } else if (n.percent) {
    calc::Rational hundred = n.value * 100;
    out += calc::to_text(hundred);
    out += '%';
  } else {
    out += calc::to_text(n.value);
  }
}

class Builder {
 public:
  explicit Builder(ScannedStep& s) : s_(s), inner_(s.scratch) {}

  void run() {
    const auto& nums = s_.numbers;
    std::string_view vis = s_.visible;
    for (uint32_t k = 0; k < nums.size(); ++k) {
      if (k == 0) {
        Glue first;
        break_flags(vis.substr(0, nums[0].begin), first);
        start(k, first);
        continue;
      }
      std::string_view g = vis.substr(nums[k - 1].end, nums[k].begin - nums[k - 1].end);
      bool of_ok = nums[k - 1].percent || (cur_.count == 2 && last_op_ == "/");
      Glue glue = classify(g, of_ok, nums[k].negative);
      if (glue.kind == GlueKind::kEquals && glue.word_eq && !cur_.has_op)
        glue = Glue{}, break_flags(g, glue);
      if (glue.kind == GlueKind::kConnect) {
        connect(k, glue, g == "/");
        continue;
      }
      cur_.unit = glue.unit;
      if (glue.kind == GlueKind::kBreak) cur_.incomplete_right = glue.starts_op;
      finish(glue.kind == GlueKind::kEquals ? glue.closes : -1);
      if (glue.kind == GlueKind::kEquals) link(glue);
      start(k, glue);
    }
    if (!nums.empty()) {
      std::string_view tail = vis.substr(nums.back().end);
      Glue last;
      break_flags(tail, last);
      cur_.incomplete_right = last.starts_op;
      std::string_view rest = trim(tail);
      cur_.unit = !rest.empty() && is_alpha(rest[0]) && tail.size() > 0 && tail[0] == ' ';
      finish(-1);
    }
  }

 private:
  void start(uint32_t k, const Glue& before) {
    cur_ = Segment{};
    cur_.first = k;
    cur_.count = 1;
    cur_.begin = s_.numbers[k].begin;
    cur_.incomplete_left = before.kind == GlueKind::kBreak && before.ends_op;
    cur_.word_eq = before.word_eq;
    opens_avail_ = before.kind == GlueKind::kEquals ? before.opens
                                                    : opens_before(s_.visible, s_.numbers[k].begin);
    inner_.clear();
    depth_ = min_depth_ = 0;
    last_op_ = {};
    append_number(inner_, s_.visible, s_.numbers[k]);
  }

  // `tight`: a '/' written with no spaces ("2/3"), kept so in the expression (see
  // tight_fractions()).
  void connect(uint32_t k, const Glue& g, bool tight) {
    for (int i = 0; i < g.closes; ++i) inner_ += ')';
    depth_ -= g.closes;
    min_depth_ = std::min(min_depth_, depth_);
    if (tight) {
      inner_ += '/';
    } else if (!g.op.empty()) {
      inner_ += ' ';
      inner_ += g.op;
      inner_ += ' ';
    }
    for (int i = 0; i < g.opens; ++i) inner_ += '(';
    depth_ += g.opens;
    append_number(inner_, s_.visible, s_.numbers[k]);
    cur_.count++;
    cur_.has_op = true;
    last_op_ = g.op.empty() ? std::string_view("-") : g.op;
  }

  // Closes the current segment; `closes_avail` is the ')' count of a following '=' glue, or -1
  // to look in the text after it.
  void finish(int closes_avail) {
    const auto& last = s_.numbers[cur_.first + cur_.count - 1];
    int leading = -min_depth_, trailing = depth_ + leading;
    int avail = closes_avail >= 0 ? closes_avail : closes_after(s_.visible, last.end);
    cur_.end = last.end;
    if (leading > opens_avail_ || trailing > avail) {
      cur_.balanced = false;
    } else {
      cur_.begin = extend(s_.visible, cur_.begin, leading, -1);
      cur_.end = extend(s_.visible, cur_.end, trailing, +1);
    }
    cur_.eval_off = static_cast<uint32_t>(s_.eval_buf.size());
    s_.eval_buf.append(static_cast<size_t>(std::max(leading, 0)), '(');
    s_.eval_buf += inner_;
    s_.eval_buf.append(static_cast<size_t>(std::max(trailing, 0)), ')');
    cur_.eval_len = static_cast<uint32_t>(s_.eval_buf.size() - cur_.eval_off);
    s_.segments.push_back(cur_);
  }

  void link(const Glue& g) {
    uint32_t left = static_cast<uint32_t>(s_.segments.size() - 1);
    if (!s_.chains.empty() && s_.chains.back().first + s_.chains.back().count - 1 == left) {
      s_.chains.back().count++;
      s_.chains.back().approx |= g.approx;
    } else {
      s_.chains.push_back(Chain{left, 2, g.approx});
    }
  }

  ScannedStep& s_;
  Segment cur_;
  std::string& inner_;
  int depth_ = 0, min_depth_ = 0, opens_avail_ = 0;
  std::string_view last_op_;
};

}  // namespace

void strip_annotations(std::string_view text, ScannedStep& out) {
  out.visible.clear();
  out.annotations.clear();
  out.unclosed = false;
  size_t i = 0;
  for (;;) {
    size_t p = text.find("<<", i);
    if (p == std::string_view::npos) {
      out.visible.append(text.substr(i));
      return;
    }
    size_t q = text.find(">>", p + 2);
    out.visible.append(text.substr(i, p - i));
    if (q == std::string_view::npos) {
      out.unclosed = true;
      return;
    }
    std::string_view inner = text.substr(p + 2, q - p - 2);
    size_t eq = inner.rfind('=');
    Annotation a;
    a.begin = p;
    a.end = q + 2;
    a.expr = trim(eq == std::string_view::npos ? inner : inner.substr(0, eq));
    if (eq != std::string_view::npos) a.written = trim(inner.substr(eq + 1));
    a.visible_pos = out.visible.size();
    out.annotations.push_back(a);
    i = q + 2;
  }
}

void scan_step(std::string_view text, ScannedStep& out) {
  strip_annotations(text, out);
  blank_markup(out.visible);
  out.marker = out.visible.find("####");
  out.segments.clear();
  out.chains.clear();
  out.eval_buf.clear();
  calc::FindOptions fo;
  fo.fractions = false;
  fo.mixed = false;
  calc::find_numbers_into(out.visible, out.numbers, fo);
  Builder(out).run();
}

}  // namespace stepwise::verify::detail
