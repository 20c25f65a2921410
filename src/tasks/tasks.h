// tasks: programmatic problem families, the traces they generate, and their perturbations.
//
// Each family (shopping and change, compound interest as a lesson, column addition, ...) is a
// parametric template with typed variables, constraints, several phrasings, a difficulty knob
// 1..5 and a step program; a drawn Problem renders to a trace record whose steps carry
// GSM8K-style <<expr=value>> annotations, whose gold is exact and whose `program` field holds
// the symbolic program, re-runnable on new values. Generated traces verify with no finding.
//
// Entry points:
//   families(), find_family(name)            the built-in families        (problem.h)
//   sample_problem, render, generate         one problem / one trace      (problem.h)
//   problem_from_program                     the Problem behind a record  (problem.h)
//   run_program, run_program_full            re-run a program on values   (program.h)
//   resample, scale, add_distractor, rename  perturbations                (perturb.h)
//   generate_many, run_gen, list_families_text   `stepwise gen`           (gen.h)
//
// Not here: checking traces (verify/), teacher candidates (teach/). Depends on base, trace,
// calc. docs/gen.md describes the families, knobs and the program format.
#pragma once

#include "tasks/gen.h"
#include "tasks/perturb.h"
#include "tasks/problem.h"
#include "tasks/program.h"
