// test_util.h: records for the crosscheck tests (tests only).
#pragma once

#include <string>
#include <vector>

#include "trace/record.h"

namespace stepwise::crosscheck::test {

// A shopping_change problem (difficulty 2: two items) with these values, rendered by tasks/
// with its program and gold: "<person> buys n1 <item1> at $p1 each and n2 <item2> at $p2 each.
// ... pays with $pay ...".
trace::Trace shopping(long n1, long p1, long n2, long p2, long pay);

// `t` with these steps and this final answer (everything else kept).
trace::Trace with_steps(const trace::Trace& t, const std::vector<std::string>& steps,
                        const std::string& answer);

}  // namespace stepwise::crosscheck::test
