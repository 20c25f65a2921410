// run_program, value text and parsing.
#include <gtest/gtest.h>

#include "calc/calc.h"
#include "tasks/tasks.h"

namespace stepwise::tasks {
namespace {

json::Value parse(const char* text) {
  auto v = json::parse(text);
  EXPECT_TRUE(v.ok()) << text;
  return *v;
}

const char* kShop = R"({"vars":[{"name":"n","value":"3"},{"name":"p","value":"4.5"},
  {"name":"pay","value":"20"}],
  "ops":[{"id":"t1","op":"mul","args":["n","p"]},{"id":"t2","op":"sub","args":["pay","t1"]}],
  "answer":"t2"})";

TEST(RunProgram, ComputesWithRecordedValues) {
  auto r = run_program(parse(kShop));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(value_text(*r), "6.5");
}

TEST(RunProgram, SubstitutesNewValues) {
  VarValues v{{"n", Rational(2)}, {"pay", Rational(10)}};
  auto r = run_program_full(parse(kShop), v);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(value_text(r->answer), "1");
  ASSERT_EQ(r->ops.size(), 2u);
  EXPECT_EQ(r->ops[0].first, "t1");
  EXPECT_EQ(value_text(r->ops[0].second), "9");
}

TEST(RunProgram, ConstantsRoundFloorDivAndPow) {
  auto r = run_program(parse(R"({"vars":[{"name":"x","value":"1000"}],"ops":[
    {"id":"a","op":"div","args":["x","3"]},{"id":"b","op":"round","args":["a","2"]},
    {"id":"c","op":"fdiv","args":["x","7"]},{"id":"d","op":"pow","args":["1.05","2"]},
    {"id":"e","op":"add","args":["b","c","d"]}],"answer":"e"})"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(value_text(*r), "476.4325");  // 333.33 + 142 + 1.1025
  auto half = run_program(parse(R"({"vars":[],"ops":[{"id":"a","op":"round",
    "args":["-2.345","2"]}],"answer":"a"})"));
  ASSERT_TRUE(half.ok());
  EXPECT_EQ(value_text(*half), "-2.35");  // half away from zero
}

TEST(RunProgram, ErrorsNameTheProblem) {
  struct Case {
    const char* program;
    const char* message;
  } cases[] = {
      {R"([])", "not an object"},
      {R"({"ops":[],"answer":"x"})", "missing field \"vars\""},
      {R"({"vars":[{"name":"x","value":"abc"}],"ops":[],"answer":"x"})", "is not a number"},
      {R"({"vars":[{"name":"x","value":"1"}],"ops":[{"id":"t","op":"add","args":["x","y"]}],
          "answer":"t"})",
       "unknown reference \"y\""},
      {R"({"vars":[{"name":"x","value":"1"}],"ops":[{"id":"t","op":"div","args":["x","0"]}],
          "answer":"t"})",
       "division by zero"},
      {R"({"vars":[{"name":"x","value":"1"}],"ops":[{"id":"t","op":"cube","args":["x","x"]}],
          "answer":"t"})",
       "unknown op"},
      {R"({"vars":[{"name":"x","value":"1"}],"ops":[],"answer":"t9"})", "is not defined"},
      {R"({"vars":[{"name":"x","value":"99"}],"ops":[{"id":"t","op":"pow","args":["x","4000"]}],
          "answer":"t"})",
       "too large"},
      {R"({"vars":[{"name":"x","value":"2"}],"ops":[{"id":"t","op":"pow","args":["x","1/2"]}],
          "answer":"t"})",
       "exponent"},
      {R"({"vars":[{"name":"x","value":"1"},{"name":"x","value":"2"}],"ops":[],"answer":"x"})",
       "defined twice"},
  };
  for (const Case& c : cases) {
    auto r = run_program(parse(c.program));
    ASSERT_FALSE(r.ok()) << c.program;
    EXPECT_NE(r.error().message.find(c.message), std::string::npos)
        << r.error().message << " / " << c.message;
  }
  VarValues unknown{{"zz", Rational(1)}};
  auto r = run_program(parse(kShop), unknown);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("unknown variable \"zz\""), std::string::npos);
}

TEST(ValueText, MatchesCalcToText) {
  const char* values[] = {"0",
                          "12",
                          "-7",
                          "5/2",
                          "-3/4",
                          "1/3",
                          "1/8",
                          "7/20",
                          "22/7",
                          "1/1024",
                          "123456789012345678901234567890",
                          "1/1099511627776",
                          "-1000001/1000"};
  for (const char* v : values) {
    Rational r(v);
    r.canonicalize();
    EXPECT_EQ(value_text(r), calc::to_text(r)) << v;
  }
  for (long n = -300; n <= 300; n += 7)
    for (long d = 1; d <= 64; ++d) {
      Rational r(n, d);
      r.canonicalize();
      EXPECT_EQ(value_text(r), calc::to_text(r)) << n << "/" << d;
    }
}

TEST(ParseValue, ReadsWhatValueTextWrites) {
  for (const char* s : {"12", "-4.5", "0.05", "0.51", "1/3", "-7/3", "1000000000000000000000"}) {
    auto v = parse_value(s);
    ASSERT_TRUE(v.ok()) << s;
    EXPECT_EQ(value_text(*v), s);
  }
  EXPECT_EQ(value_text(*parse_value("3/4")), "0.75");
  EXPECT_EQ(value_text(*parse_value("051")), "51");  // never octal
  for (const char* s : {"", "-", "1.2.3", "1/0", "a", "1e3", " 1", "1/", "/2", "--1"})
    EXPECT_FALSE(parse_value(s).ok()) << s;
}

TEST(ProgramFromRecord, ReadsBackTheProblem) {
  const Family* f = find_family("ratio_split");
  Rng rng(9);
  auto t = generate(*f, 2, rng);
  ASSERT_TRUE(t.ok());
  auto p = problem_from_program(t->program);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->family, "ratio_split");
  EXPECT_EQ(p->difficulty, 2);
  EXPECT_EQ(p->vars.size(), 4u);
  json::Value bad = t->program;
  bad.set("family", json::Value::string("nope"));
  auto e = problem_from_program(bad);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("unknown family \"nope\""), std::string::npos);
  bad = t->program;
  bad.set("difficulty", json::Value::number(int64_t{8}));
  EXPECT_FALSE(problem_from_program(bad).ok());
  bad = t->program;
  bad.set("entities", json::Value::object());
  EXPECT_FALSE(problem_from_program(bad).ok());
}

}  // namespace
}  // namespace stepwise::tasks
