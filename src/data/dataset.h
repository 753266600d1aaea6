// Market and economic data types, and Dataset, the only thing training,
// validation and backtests accept.
//
// Times are ms since the epoch (UTC), strictly increasing. Missing values are
// NaN. A Dataset can only be constructed with an ApprovedSourceKey, which only
// the approved sources' loaders can create (user files, Polygon, FRED, and the
// store's loader that re-reads them) — so generated data cannot pass as data.
#pragma once

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "core/time.h"
#include "data/provenance.h"

namespace mlt {

// Daily or intraday OHLCV bars of one instrument.
struct Bars {
  std::vector<TimestampMs> ts;
  std::vector<double> open, high, low, close, volume;
  std::size_t size() const { return ts.size(); }
};

// One named series (a FRED series, one column of a panel).
struct Series {
  std::string name;
  std::vector<TimestampMs> ts;
  std::vector<double> values;
  std::size_t size() const { return ts.size(); }
};

// Many aligned columns over one time index, e.g. the Dow-30 closes, or FRED
// series in long format pivoted wide. values[c][r] is column c at ts[r].
struct Panel {
  std::vector<TimestampMs> ts;
  std::vector<std::string> columns;
  std::vector<std::vector<double>> values;
  std::size_t size() const { return ts.size(); }
  // Index of a column, or -1.
  int column_index(std::string_view name) const;
  // The column as a Series (NaN rows kept). Throws Error{NotFound}.
  Series series(std::string_view name) const;
};

enum class DatasetKind { Bars, Panel };
std::string_view kind_name(DatasetKind kind);

class ApprovedSourceKey {
 private:
  ApprovedSourceKey() = default;
  friend class CsvImporter;     // data/csv_import.h: user files
  friend class DatasetRepository;  // data/dataset_repository.h: re-reads stored, verified bytes
  friend class PolygonSource;   // data/polygon.h (data-sources work)
  friend class FredSource;      // data/fred.h (data-sources work)
};

class Dataset {
 public:
  Dataset(ApprovedSourceKey, std::string name, Provenance provenance, Bars bars);
  Dataset(ApprovedSourceKey, std::string name, Provenance provenance, Panel panel);

  const std::string& name() const { return name_; }
  const Provenance& provenance() const { return provenance_; }
  DatasetKind kind() const { return std::holds_alternative<Bars>(data_) ? DatasetKind::Bars : DatasetKind::Panel; }
  // Throws Error{InvalidArgument} naming the dataset when the kind differs.
  const Bars& bars() const;
  const Panel& panel() const;
  const std::vector<TimestampMs>& timestamps() const;
  std::size_t rows() const { return timestamps().size(); }
  // Column names: open/high/low/close/volume for bars, the panel's columns otherwise.
  std::vector<std::string> columns() const;

 private:
  std::string name_;
  Provenance provenance_;
  std::variant<Bars, Panel> data_;
};

}  // namespace mlt
