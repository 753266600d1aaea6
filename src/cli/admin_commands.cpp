// `mltrainer db status`, `audit verify|export`, `docs actions`, `config show`.
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "actions/actions_doc.h"
#include "cli/cli_app.h"
#include "cli/text_output.h"
#include "core/error.h"

namespace mlt::cli {

void add_admin_commands(CLI::App& cli, App& app) {
  auto* db = cli.add_subcommand("db", "The store");
  db->require_subcommand(1);
  db->add_subcommand("status", "File, size, schema version and row counts")->callback([&app] {
    app.print(run_action(app, "db.status", Json::object(), true), print_generic);
  });

  auto* audit = cli.add_subcommand("audit", "The tamper-evident audit log");
  audit->require_subcommand(1);
  audit->add_subcommand("verify", "Check the hash chain; exit 0 only when intact")->callback([&app] {
    const Json report = run_action(app, "audit.verify", Json::object(), true);
    app.print(report, [](const Json& r) {
      if (r["ok"].get<bool>()) {
        std::cout << fmt::format("OK: {} audit records, hash chain intact\n", r["records"].get<std::int64_t>());
      } else {
        std::cout << fmt::format("BROKEN at record {}: {}\n", r["first_bad_seq"].get<std::int64_t>(),
                                 r["problem"].get<std::string>());
      }
    });
    if (!report["ok"].get<bool>())
      throw Error(ErrorKind::DataError, fmt::format("audit log broken at record {}", report["first_bad_seq"].dump()),
                  "the store was modified outside mltrainer; keep a copy for investigation");
  });
  static bool jsonl = true;
  static std::string output;
  auto* exp = audit->add_subcommand("export", "Every record with its hashes, one JSON object per line");
  exp->add_flag("--jsonl", jsonl, "JSON Lines (the only format)");
  exp->add_option("--output", output, "Write to a file instead of stdout");
  exp->callback([&app] {
    Runtime& rt = app.runtime();
    if (output.empty()) {
      rt.audit().export_jsonl(std::cout);
      return;
    }
    std::ofstream out(output);
    if (!out) throw Error(ErrorKind::Io, fmt::format("cannot write '{}'", output));
    rt.audit().export_jsonl(out);
  });

  auto* docs = cli.add_subcommand("docs", "Generated reference documentation");
  docs->require_subcommand(1);
  static std::string doc_output;
  static bool check = false;
  auto* actions_doc = docs->add_subcommand("actions", "Markdown reference of every action");
  actions_doc->add_option("--output", doc_output, "Write to this file (default stdout)");
  actions_doc->add_flag("--check", check, "Exit non-zero if --output differs from the generated text");
  actions_doc->callback([&app] {
    const std::string text = render_actions_markdown(app.runtime().registry());
    if (doc_output.empty()) {
      std::cout << text;
      return;
    }
    if (check) {
      std::ifstream in(doc_output);
      const std::string current((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (current != text)
        throw Error(ErrorKind::Conflict, fmt::format("{} is stale", doc_output),
                    fmt::format("run 'mltrainer docs actions --output {}'", doc_output));
      return;
    }
    std::ofstream out(doc_output);
    if (!out) throw Error(ErrorKind::Io, fmt::format("cannot write '{}'", doc_output));
    out << text;
  });

  auto* config = cli.add_subcommand("config", "Configuration");
  config->require_subcommand(1);
  config->add_subcommand("show", "Effective configuration (secrets shown as ***)")->callback([&app] {
    app.print(app.runtime().config().to_redacted_json(), print_generic);
  });
}

}  // namespace mlt::cli
