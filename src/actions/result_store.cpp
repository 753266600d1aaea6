#include "actions/result_store.h"

#include "store/store.h"

namespace mlt {

std::int64_t store_result(ActionContext& ctx, const std::string& kind, const std::string& dataset,
                          const Json& summary) {
  const std::string text = summary.dump();
  return ctx.store.write([&](SQLite::Database& db) {
    SQLite::Statement st(db, "INSERT INTO results (trial_id, kind, dataset, summary, created_at) VALUES (?, ?, ?, ?, ?)");
    if (ctx.trial_id) {
      st.bind(1, *ctx.trial_id);
    } else {
      st.bind(1);  // NULL: run outside a trial (e.g. from a test or `mltrainer run`)
    }
    st.bind(2, kind);
    st.bind(3, dataset);
    st.bind(4, text);
    st.bind(5, static_cast<std::int64_t>(ctx.env.now()));
    st.exec();
    return static_cast<std::int64_t>(db.getLastInsertRowid());
  });
}

}  // namespace mlt
