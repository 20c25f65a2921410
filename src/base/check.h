// check.h: invariant checks. A failed SW_CHECK is a bug in stepwise, never bad input: it prints
// file:line and the condition and aborts. Bad input is reported through Result (status.h).
#pragma once

#include <cstdio>
#include <cstdlib>

#define SW_CHECK(cond)                                                                      \
  do {                                                                                      \
    if (!(cond)) {                                                                          \
      std::fprintf(stderr, "%s:%d: internal error: check failed: %s\n", __FILE__, __LINE__, \
                   #cond);                                                                  \
      std::abort();                                                                         \
    }                                                                                       \
  } while (0)
