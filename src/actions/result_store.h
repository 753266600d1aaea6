// Stored results: every action that computes something worth keeping (a
// training run, a backtest, a portfolio, a risk report) writes one row.
#pragma once

#include <cstdint>
#include <string>

#include "actions/action.h"

namespace mlt {

// Inserts one row into `results` (trial_id from ctx, NULL outside a trial;
// created_at from ctx.env) and returns its id.
std::int64_t store_result(ActionContext& ctx, const std::string& kind, const std::string& dataset,
                          const Json& summary);

}  // namespace mlt
