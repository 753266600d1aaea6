// The status page at "/status": self-contained (inline CSS and script, no
// external assets) so it works offline and under a strict CSP. The script
// polls /api/datasets and /api/trials every 2 s and builds the DOM with
// textContent only, so names and messages can never inject markup.
#include "server/routes.h"

namespace mlt {

namespace {
constexpr const char* kPage = R"MLTHTML(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mlTrainer</title>
<style>
  :root { --fg:#1b1f24; --muted:#5c6570; --line:#d9dee3; --bg:#f7f8fa; --accent:#2563eb;
          --ok:#15803d; --bad:#b91c1c; --warn:#b45309; }
  @media (prefers-color-scheme: dark) {
    :root { --fg:#e6e8eb; --muted:#9aa3ad; --line:#2f353c; --bg:#15181c; --accent:#60a5fa; }
  }
  * { box-sizing: border-box; }
  body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:var(--bg); }
  header { padding:12px 16px; border-bottom:1px solid var(--line); display:flex; gap:12px; align-items:baseline; flex-wrap:wrap; }
  header h1 { font-size:18px; margin:0; }
  header a { color:var(--accent); }
  #status { color:var(--muted); font-size:13px; }
  main { padding:8px 16px 32px; max-width:1100px; margin:0 auto; }
  h2 { font-size:16px; margin:20px 0 8px; }
  .wrap { overflow-x:auto; }
  table { border-collapse:collapse; width:100%; font-size:14px; }
  th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
  th { color:var(--muted); font-weight:600; white-space:nowrap; }
  td.num { text-align:right; font-variant-numeric: tabular-nums; }
  .state-succeeded { color:var(--ok); } .state-failed { color:var(--bad); }
  .state-running { color:var(--accent); } .state-cancelled { color:var(--warn); }
  .bar { width:110px; height:8px; background:var(--line); border-radius:4px; overflow:hidden; }
  .bar > div { height:100%; background:var(--accent); }
  .empty { color:var(--muted); font-style:italic; }
</style>
</head>
<body>
<header>
  <h1>mlTrainer</h1>
  <a href="/api/actions">actions (JSON)</a>
  <span id="status">loading…</span>
</header>
<main>
  <h2>Datasets</h2>
  <div class="wrap"><table>
    <thead><tr><th>name</th><th>kind</th><th>rows</th><th>range</th><th>source</th></tr></thead>
    <tbody id="datasets"></tbody>
  </table></div>
  <h2>Trials</h2>
  <div class="wrap"><table>
    <thead><tr><th>id</th><th>action</th><th>state</th><th>progress</th><th>message</th></tr></thead>
    <tbody id="trials"></tbody>
  </table></div>
</main>
<script>
"use strict";
// Builds a row from plain values; text goes through textContent only.
function cell(row, value, cls) {
  const td = document.createElement("td");
  if (value instanceof Node) td.appendChild(value); else td.textContent = value == null ? "" : String(value);
  if (cls) td.className = cls;
  row.appendChild(td);
}
function fill(tbody, rows, columns, emptyText) {
  const frag = document.createDocumentFragment();
  if (!rows.length) {
    const tr = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = columns; td.className = "empty"; td.textContent = emptyText;
    tr.appendChild(td); frag.appendChild(tr);
  }
  rows.forEach(r => frag.appendChild(r));
  tbody.replaceChildren(frag);
}
function pick(obj, names) {
  for (const n of names) if (obj && obj[n] != null) return obj[n];
  return null;
}
function datasetRow(d) {
  const tr = document.createElement("tr");
  const prov = d.provenance || {};
  const first = pick(d, ["first", "start", "from", "first_date"]);
  const last = pick(d, ["last", "end", "to", "last_date"]);
  const range = pick(d, ["range"]) || (first != null || last != null ? (first || "?") + " → " + (last || "?") : "");
  cell(tr, d.name);
  cell(tr, d.kind);
  cell(tr, pick(d, ["rows", "row_count"]), "num");
  cell(tr, typeof range === "object" ? JSON.stringify(range) : range);
  cell(tr, pick(d, ["source"]) || pick(prov, ["source"]) || "");
  return tr;
}
function trialRow(t) {
  const tr = document.createElement("tr");
  cell(tr, t.id, "num");
  cell(tr, t.action);
  cell(tr, t.state, "state-" + String(t.state));
  const bar = document.createElement("div"); bar.className = "bar";
  const fillDiv = document.createElement("div");
  const p = Math.max(0, Math.min(1, Number(t.progress) || 0));
  fillDiv.style.width = (p * 100).toFixed(0) + "%";
  bar.title = (p * 100).toFixed(0) + "%";
  bar.appendChild(fillDiv);
  cell(tr, bar);
  const parts = [t.message, t.error && t.error.message].filter(Boolean);
  cell(tr, parts.join(" — "));
  return tr;
}
async function getJson(url) {
  const r = await fetch(url, { headers: { "Accept": "application/json" } });
  const body = await r.json();
  if (!r.ok) throw new Error((body.error && body.error.message) || ("HTTP " + r.status));
  return body;
}
async function refresh() {
  const status = document.getElementById("status");
  try {
    const [ds, tr] = await Promise.all([getJson("/api/datasets"), getJson("/api/trials?limit=25")]);
    const datasets = Array.isArray(ds) ? ds : (ds.datasets || []);
    fill(document.getElementById("datasets"), datasets.map(datasetRow), 5, "no datasets yet");
    fill(document.getElementById("trials"), (tr.trials || []).map(trialRow), 5, "no trials yet");
    status.textContent = "updated " + new Date().toLocaleTimeString();
  } catch (e) {
    status.textContent = "cannot reach the server: " + e.message;
  }
}
refresh();
setInterval(refresh, 2000);
</script>
</body>
</html>
)MLTHTML";
}  // namespace

const std::string& status_page_html() {
  static const std::string page = kPage;
  return page;
}

}  // namespace mlt
