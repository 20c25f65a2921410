// The registry of built-in families, in `stepwise gen --list` order.
#include "tasks/families_internal.h"

namespace stepwise::tasks {

std::vector<const Family*> builtin_families() {
  return {&shopping_change_family(),
          &discount_percent_family(),
          &unit_rate_family(),
          &speed_distance_time_family(),
          &average_family(),
          &ratio_split_family(),
          &work_time_family(),
          &linear_equation_family(),
          &unit_conversion_family(),
          &compound_interest_family(),
          &addition_detailed_family(),
          &addition_terse_family(),
          &multiplication_detailed_family(),
          &multiplication_terse_family(),
          &expression_family()};
}

}  // namespace stepwise::tasks
