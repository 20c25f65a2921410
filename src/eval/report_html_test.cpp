// Tests of the HTML report: what a rich summary shows, robustness to missing/null/odd fields,
// escaping of hostile text, determinism, and the chart primitives.
#include "eval/report_html.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "base/atomic_file.h"
#include "base/json.h"
#include "eval/report_html_internal.h"

namespace stepwise::eval {
namespace {

json::Value parse_or_die(const std::string& text) {
  auto v = json::parse(text);
  EXPECT_TRUE(v.ok()) << (v ? "" : v.error().message);
  return v ? std::move(*v) : json::Value();
}

json::Value load(const std::string& rel) {
  auto text = read_file(std::string(STEPWISE_SOURCE_DIR) + "/" + rel);
  EXPECT_TRUE(text.ok()) << (text ? "" : text.error().message);
  return text ? parse_or_die(*text) : json::Value();
}

json::Value sample() { return load("tests/data/eval_summary_sample.json"); }

std::size_t occurrences(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// A page must be one whole document.
void expect_whole_page(const std::string& html) {
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.substr(html.size() - 8), "</html>\n");
  EXPECT_TRUE(json::valid_utf8(html));
}

TEST(RenderHtml, RichSummaryHasTablesPlotsAndExamples) {
  ReportOptions opts;
  opts.title = "three models";
  opts.extra = load("tests/data/eval_report_extra_sample.json");
  const std::string html = render_html(sample(), opts);
  expect_whole_page(html);
  EXPECT_NE(html.find("<title>three models</title>"), std::string::npos);
  // Headline: one row per model, held-out metrics and robustness mean ± std with the delta.
  EXPECT_NE(html.find("<table class=\"headline\">"), std::string::npos);
  EXPECT_NE(html.find("maj@4"), std::string::npos);
  EXPECT_NE(html.find("68.4%"), std::string::npos);
  EXPECT_NE(html.find("65.2%<span class=\"pm\"> \xC2\xB1 1.7</span>"), std::string::npos);
  EXPECT_NE(html.find("\xE2\x88\x92"
                      "3.2 pp"),
            std::string::npos);
  EXPECT_NE(html.find("<table class=\"splits\">"), std::string::npos);
  // Every plot, as inline SVG with axes and legends.
  EXPECT_EQ(occurrences(html, "<svg class=\"chart\""), 6u);
  for (const char* title : {"Learning curves", "Accuracy during training", "Accuracy by difficulty",
                            "Where the first error falls",
                            "Robustness: accuracy change vs held-out", "Accuracy by family"}) {
    EXPECT_NE(html.find(std::string("<h3>") + title + "</h3>"), std::string::npos) << title;
  }
  EXPECT_NE(html.find("<polyline"), std::string::npos);
  EXPECT_NE(html.find("<path class=\"err\""), std::string::npos);  // ± std error bars
  EXPECT_NE(html.find("class=\"lg\""), std::string::npos);         // legend entries
  // Model colours are shared by cards, tables and plots.
  for (const char* color : {"#4e79a7", "#f28e2b", "#59a14f"}) {
    EXPECT_GT(occurrences(html, color), 10u) << color;
  }
  // Examples: a's three wrong traces and c's two with steps have a highlighted first error; c's
  // correct example with sound steps is not shown.
  EXPECT_EQ(occurrences(html, "<li class=\"step first\">"), 5u);
  EXPECT_NE(html.find("<code>arith_mismatch</code> 20-14.45 = 5.55, not 6.55"), std::string::npos);
  EXPECT_NE(html.find("right answer, wrong process"), std::string::npos);
  EXPECT_EQ(html.find("shopping_change-2-0040"), std::string::npos);
  // The extra claim table.
  EXPECT_NE(html.find("<h2>Claims</h2>"), std::string::npos);
  EXPECT_EQ(occurrences(html, "\xE2\x9C\x93 yes"), 3u);
  EXPECT_EQ(occurrences(html, "\xE2\x9C\x97 no"), 1u);
}

TEST(RenderHtml, FirstWrongStepIsHighlightedWithItsFinding) {
  const std::string html = render_html(sample());
  const auto at = html.find("<li class=\"step first\"><span class=\"idx\">2</span>");
  ASSERT_NE(at, std::string::npos);
  const auto end = html.find("</li>", at);
  const std::string li = html.substr(at, end - at);
  EXPECT_NE(li.find("Change: 20 - 14.45 = &lt;&lt;20-14.45=6.55&gt;&gt;6.55 dollars."),
            std::string::npos);
  EXPECT_NE(li.find("<b>first error</b> <code>arith_mismatch</code>"), std::string::npos);
  // Steps before it are marked sound; the later wrong step is marked wrong, not first.
  EXPECT_NE(html.find("<li class=\"step ok\"><span class=\"idx\">0</span>"), std::string::npos);
  EXPECT_NE(html.find("<li class=\"step bad\"><span class=\"idx\">3</span>"), std::string::npos);
}

TEST(RenderHtml, AnswerOnlyModelShowsMissingStepMetrics) {
  const std::string html = render_html(sample());
  // b has no step metrics and no first-error histogram; it is named in the plot's caption.
  EXPECT_NE(html.find("No data for b.</span>"), std::string::npos);
  const auto row = html.find("answer</td>");
  ASSERT_NE(row, std::string::npos);
  const std::string tr = html.substr(row, html.find("</tr>", row) - row);
  // Best-of-k verified, step validity, right-answer-wrong-process, and the OOD split it lacks;
  // its sampled accuracy is there (it needs no verifier).
  EXPECT_EQ(occurrences(tr, "<td class=\"num na\">\xE2\x80\x94</td>"), 4u);
  EXPECT_NE(tr.find("33.6%</td><td class=\"num na\">"), std::string::npos);
  EXPECT_NE(html.find("29.7%"), std::string::npos);
  // Its examples have no steps: the raw completion is shown instead.
  EXPECT_NE(html.find("<pre class=\"raw\">The answer is 420</pre>"), std::string::npos);
}

TEST(RenderHtml, PageRequestsNothingFromTheNetwork) {
  ReportOptions opts;
  opts.extra = load("tests/data/eval_report_extra_sample.json");
  const std::string html = lower(render_html(sample(), opts));
  for (const char* bad : {"http://", "https://", "<script", "<link", "<img", "<iframe",
                          "src=", "url(", "@import", "@font-face"}) {
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
  }
}

TEST(RenderHtml, HostileTextIsEscaped) {
  const json::Value s = parse_or_die(R"({"problems": "<b>p</b>", "models": [{
      "label": "\"><img src=x onerror=alert(1)>",
      "info": {"mode": "<script>m</script>", "note<i>": "x"},
      "checkpoint": "a&b",
      "splits": {"heldout": {"accuracy": 0.5, "by_family": {"<svg onload=alert(1)>": {"n": 1, "accuracy": 1}}},
                 "<script>split</script>": {"accuracy": 0.4}},
      "examples": [{"question": "<script>alert(1)</script>", "gold": "</b>", "answer": "'1'",
                    "correct": false, "completion": "</pre><script>x</script>",
                    "steps": [{"text": "<script>s</script>", "ok": false, "code": "<c>",
                               "message": "m & <m>"}]}]}]})");
  ReportOptions opts;
  opts.title = "<script>title</script>";
  opts.extra = parse_or_die(R"({"table_title": "<script>t</script>", "columns": ["<th>"],
                                "rows": [["<script>cell</script>"]], "notes": "<script>n</script>"})");
  const std::string html = render_html(s, opts);
  expect_whole_page(html);
  const std::string low = lower(html);
  EXPECT_EQ(low.find("<script"), std::string::npos);
  EXPECT_EQ(low.find("<img"), std::string::npos);
  EXPECT_EQ(low.find("<svg onload"), std::string::npos);
  EXPECT_EQ(low.find("<c>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(html.find("m &amp; &lt;m&gt;"), std::string::npos);
  EXPECT_NE(html.find("&#39;1&#39;"), std::string::npos);
  EXPECT_NE(html.find("<code>a&amp;b</code>"), std::string::npos);
}

TEST(RenderHtml, InvalidUtf8AndControlBytesBecomeReplacementCharacters) {
  json::Value s = json::Value::object();
  json::Value m = json::Value::object();
  m.set("label", json::Value::string("bad\xff\xc3(\x01"));
  s.set("models", json::Value::array()).push(std::move(m));
  const std::string html = render_html(s);
  expect_whole_page(html);
  EXPECT_NE(html.find("bad\xEF\xBF\xBD\xEF\xBF\xBD(\xEF\xBF\xBD"), std::string::npos);
}

TEST(RenderHtml, IsDeterministic) {
  ReportOptions opts;
  opts.extra = load("tests/data/eval_report_extra_sample.json");
  const json::Value s = sample();
  const std::string first = render_html(s, opts);
  EXPECT_EQ(first, render_html(s, opts));
  // A summary written out and read back renders to the same bytes.
  EXPECT_EQ(first, render_html(parse_or_die(json::to_string(s)), opts));
}

TEST(RenderHtml, EmptyOrMissingModelsSaySo) {
  for (const char* text : {R"({"models": []})", R"({})", R"({"models": null})", R"({"models": 3})",
                           "null", "[1, 2]", R"("text")"}) {
    const std::string html = render_html(parse_or_die(text));
    expect_whole_page(html);
    EXPECT_NE(html.find("This summary has no models: nothing was evaluated."), std::string::npos)
        << text;
    EXPECT_EQ(html.find("<svg"), std::string::npos) << text;
  }
}

TEST(RenderHtml, MissingNullAndOddFieldsRenderWithoutCrashing) {
  const json::Value s = parse_or_die(R"({"k": null, "seed": "x", "n_problems": "many", "models": [
      {},
      null,
      7,
      {"label": null, "info": null, "curve": null, "evals": null, "splits": null, "examples": null},
      {"label": "odd", "info": {"params": "big", "mode": 3},
       "curve": [null, {"step": 1}, {"loss": 2}, {"step": "x", "loss": 1}, {"step": 5, "loss": 0.5}],
       "evals": [{"step": 2, "accuracy": null, "held_out_loss": -1}],
       "splits": {"heldout": {"accuracy": null, "first_error_hist": {"0": "x", "a": 2, "-1": 1},
                              "by_difficulty": {"x": null, "2": {"n": null}, "1": {"accuracy": 2}},
                              "by_family": []},
                  "numbers": {"sets": {"mean": null, "std": "big", "per_set": null}},
                  "ood": null},
       "examples": [null, 3, {"correct": false}, {"first_error": 99, "steps": [null, "plain", 4]},
                    {"first_error": -2, "steps": [{"ok": "no"}]},
                    {"correct": true, "first_error": null, "steps": [{"text": "t", "ok": true}]}]}]})");
  const std::string html = render_html(s);
  expect_whole_page(html);
  EXPECT_NE(html.find("model 1"), std::string::npos);  // a model without a label gets one
  EXPECT_NE(html.find("<h3>Learning curves</h3>"), std::string::npos);
  EXPECT_NE(html.find("<h3>Where the first error falls</h3>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"txt\">plain</span>"), std::string::npos);
  EXPECT_NE(html.find("No wrong traces among the stored examples."), std::string::npos);
}

TEST(RenderHtml, ExtraSectionForms) {
  ReportOptions opts;
  opts.extra = parse_or_die(R"({"title": "Claims", "rows": [{"claim": "x", "holds": true, "v": 1.5},
                                                            {"claim": "y", "holds": null}],
                                "notes": ["one", "two"],
                                "sections": [{"title": "Sub", "columns": ["a"], "rows": [[{"o": 1}]]}]})");
  const std::string html = render_html(parse_or_die(R"({"models": []})"), opts);
  EXPECT_NE(html.find("<h2>Claims</h2>"), std::string::npos);
  EXPECT_NE(html.find("<th>claim</th><th>holds</th><th>v</th>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">1.5</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"na\">\xE2\x80\x94</td>"), std::string::npos);
  EXPECT_NE(html.find("<p class=\"note\">two</p>"), std::string::npos);
  EXPECT_NE(html.find("<h3>Sub</h3>"), std::string::npos);
  EXPECT_NE(html.find("<code>{&quot;o&quot;:1}</code>"), std::string::npos);
  // A null or non-object extra adds nothing.
  opts.extra = parse_or_die("[1]");
  EXPECT_EQ(render_html(json::Value(), opts).find("id=\"extra\""), std::string::npos);
}

TEST(ReportText, NumberFormats) {
  using namespace report;
  EXPECT_EQ(percent(0.9134), "91.3%");
  EXPECT_EQ(percent(std::nullopt), "\xE2\x80\x94");
  EXPECT_EQ(percent(-0.0001), "0.0%");
  EXPECT_EQ(points(-0.031),
            "\xE2\x88\x92"
            "3.1 pp");
  EXPECT_EQ(points(0.02), "+2.0 pp");
  EXPECT_EQ(points(0),
            "\xC2\xB1"
            "0.0 pp");
  EXPECT_EQ(count(118848), "119k");
  EXPECT_EQ(count(2400000), "2.4M");
  EXPECT_EQ(count(1500), "1.5k");
  EXPECT_EQ(count(950), "950");
  EXPECT_EQ(escaped("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
}

TEST(ReportSvg, ChartsDrawOnlyWhatExists) {
  using namespace report;
  LineChart empty("t", "x", "y");
  EXPECT_EQ(render_line_chart(empty), "");
  BarChart no_bars("t", "x", "y");
  no_bars.categories = {"a"};
  no_bars.series.emplace_back("s", "#000");
  no_bars.series.back().values = {std::nullopt};
  EXPECT_EQ(render_bar_chart(no_bars), "");
  // A log-scale request with a zero value falls back to a linear axis; one point is a marker.
  LineChart line("t", "x", "y");
  line.log_y = true;
  line.series.emplace_back("s", "#123456");
  line.series.back().points = {{0, 0}, {10, 1}};
  line.series.emplace_back("one", "#654321");
  line.series.back().points = {{5, 0.5}};
  const std::string svg = render_line_chart(line);
  EXPECT_NE(svg.find("<polyline"), std::string::npos);
  EXPECT_NE(svg.find("<circle"), std::string::npos);
  EXPECT_NE(svg.find(">0.6</text>"), std::string::npos);  // linear ticks 0.0, 0.2, ... 1.0
  // Degenerate ranges (one value, a range narrower than the magnitude's precision, extremes)
  // still give a finite chart.
  for (double v : {0.0, 1e300, -1e300, 1e-320, 4503599627370496.0}) {
    LineChart flat("t", "x", "y");
    flat.log_y = true;
    flat.series.emplace_back("s", "#000");
    flat.series.back().points = {{v, v}, {std::nextafter(v, 1e308), std::nextafter(v, 1e308)}};
    EXPECT_NE(render_line_chart(flat).find("<polyline"), std::string::npos) << v;
  }
  // Negative bars get a zero line and error bars.
  BarChart bars("t", "x", "y");
  bars.y_format = YFormat::kPoints;
  bars.categories = {"numbers", "ood"};
  bars.series.emplace_back("a", "#4e79a7");
  bars.series.back().values = {-0.03, -0.2};
  bars.series.back().errors = {0.02};
  const std::string b = render_bar_chart(bars);
  EXPECT_NE(b.find("class=\"zero\""), std::string::npos);
  EXPECT_EQ(occurrences(b, "<path class=\"err\""), 1u);
  EXPECT_EQ(occurrences(b, "<rect"), 3u);  // legend swatch + two bars
}

}  // namespace
}  // namespace stepwise::eval
