// The short result summary written to the audit log when a trial ends:
// state, error, and the headline metrics — never bulk data.
#pragma once

#include "core/json.h"
#include "trials/trial.h"

namespace mlt {
Json summarize_trial_outcome(const TrialRecord& record);
// Keeps scalars and small objects (e.g. "metrics") of a result; drops arrays
// and large nested values.
Json summarize_result(const Json& result);
}  // namespace mlt
