#include "ml/splits.h"

#include <fmt/format.h>

#include "core/error.h"

namespace mlt {

std::vector<Split> walk_forward_splits(std::size_t n_rows, int folds, std::size_t min_train, std::size_t horizon_gap) {
  if (folds < 1) throw Error(ErrorKind::InvalidArgument, fmt::format("folds must be >= 1, got {}", folds));
  if (min_train < 1) throw Error(ErrorKind::InvalidArgument, "min_train must be >= 1");
  const auto k = static_cast<std::size_t>(folds);
  if (n_rows < min_train + k || min_train <= horizon_gap)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("{} rows cannot hold a {}-row training block, a purge gap of {} and {} test blocks", n_rows,
                            min_train, horizon_gap, folds),
                "use fewer folds, a shorter horizon, or a longer date range");
  const std::size_t test_size = (n_rows - min_train) / k;
  const std::size_t first_test = n_rows - test_size * k;  // the remainder joins the initial training block
  std::vector<Split> out;
  for (std::size_t i = 0; i < k; ++i) {
    Split s;
    s.test_begin = first_test + i * test_size;
    s.test_end = s.test_begin + test_size;
    s.train_end = s.test_begin - horizon_gap;
    out.push_back(s);
  }
  return out;
}

}  // namespace mlt
