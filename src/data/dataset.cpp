#include "data/dataset.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"

namespace mlt {

int Panel::column_index(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  return -1;
}

Series Panel::series(std::string_view name) const {
  const int c = column_index(name);
  if (c < 0) throw Error(ErrorKind::NotFound, fmt::format("column '{}' is not in this panel", name));
  return Series{std::string(name), ts, values[static_cast<size_t>(c)]};
}

std::string_view kind_name(DatasetKind kind) { return kind == DatasetKind::Bars ? "bars" : "panel"; }

Dataset::Dataset(ApprovedSourceKey, std::string name, Provenance provenance, Bars bars)
    : name_(std::move(name)), provenance_(std::move(provenance)), data_(std::move(bars)) {}

Dataset::Dataset(ApprovedSourceKey, std::string name, Provenance provenance, Panel panel)
    : name_(std::move(name)), provenance_(std::move(provenance)), data_(std::move(panel)) {}

const Bars& Dataset::bars() const {
  if (const auto* b = std::get_if<Bars>(&data_)) return *b;
  throw Error(ErrorKind::InvalidArgument, fmt::format("dataset '{}' is a panel, not OHLCV bars", name_),
              "pick one column of the panel with the 'column' argument, or use a bars dataset");
}

const Panel& Dataset::panel() const {
  if (const auto* p = std::get_if<Panel>(&data_)) return *p;
  throw Error(ErrorKind::InvalidArgument, fmt::format("dataset '{}' holds OHLCV bars, not a panel", name_));
}

const std::vector<TimestampMs>& Dataset::timestamps() const {
  return std::visit([](const auto& d) -> const std::vector<TimestampMs>& { return d.ts; }, data_);
}

std::vector<std::string> Dataset::columns() const {
  if (kind() == DatasetKind::Bars) return {"open", "high", "low", "close", "volume"};
  return panel().columns;
}

}  // namespace mlt
