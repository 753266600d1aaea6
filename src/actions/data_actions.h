// The data module's actions: import a user's CSV file, list, describe, show
// and remove stored datasets. All are Cost::Instant and run on the caller's
// thread; they touch only ctx.store and (for import) the file named by `path`,
// resolved inside ctx.env's file roots.
#pragma once

#include "actions/registry.h"

namespace mlt {

// Adds data.import_csv, data.list, data.describe, data.show and data.remove.
// Throws Error{Conflict} when one of them is already registered.
void register_data_actions(ActionRegistry& registry);

}  // namespace mlt
