#include "cli/text_output.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>

namespace mlt::cli {

std::string scalar_text(const Json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) return fmt::format("{:.6g}", v.get<double>());
  if (v.is_primitive()) return v.dump();
  return v.dump();
}

void print_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width(headers.size());
  for (size_t c = 0; c < headers.size(); ++c) width[c] = headers[c].size();
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size() && c < width.size(); ++c) width[c] = std::max(width[c], row[c].size());
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t c = 0; c < headers.size(); ++c) {
      const std::string cell = c < cells.size() ? cells[c] : "";
      out += c + 1 == headers.size() ? cell : fmt::format("{:<{}}  ", cell, width[c]);
    }
    std::cout << out << '\n';
  };
  line(headers);
  std::vector<std::string> rule;
  for (size_t w : width) rule.emplace_back(w, '-');
  line(rule);
  for (const auto& row : rows) line(row);
  if (rows.empty()) std::cout << "(none)\n";
}

namespace {

bool is_table(const Json& v) {
  return v.is_array() && !v.empty() && std::all_of(v.begin(), v.end(), [](const Json& e) { return e.is_object(); });
}

void print_rows(const Json& arr) {
  std::vector<std::string> headers;
  for (const auto& e : arr)
    for (const auto& [k, val] : e.items())
      if (val.is_primitive() && std::find(headers.begin(), headers.end(), k) == headers.end()) headers.push_back(k);
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : arr) {
    std::vector<std::string> row;
    for (const auto& h : headers) row.push_back(e.contains(h) ? scalar_text(e[h]) : "");
    rows.push_back(std::move(row));
  }
  print_table(headers, rows);
}

void print_value(const Json& v, int indent) {
  const std::string pad(static_cast<size_t>(indent), ' ');
  for (const auto& [k, val] : v.items()) {
    if (val.is_object()) {
      std::cout << pad << k << ":\n";
      print_value(val, indent + 2);
    } else if (is_table(val)) {
      std::cout << pad << k << ":\n";
      print_rows(val);
    } else if (val.is_array()) {
      std::string items;
      for (const auto& e : val) items += (items.empty() ? "" : ", ") + scalar_text(e);
      std::cout << pad << k << ": [" << items << "]\n";
    } else {
      std::cout << pad << k << ": " << scalar_text(val) << '\n';
    }
  }
}

}  // namespace

void print_generic(const Json& value) {
  if (value.is_object()) print_value(value, 0);
  else if (is_table(value)) print_rows(value);
  else std::cout << scalar_text(value) << '\n';
}

std::string progress_bar(double fraction, const std::string& message, int width) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  const int bar = std::max(10, std::min(40, width - 20));
  const int filled = static_cast<int>(std::lround(fraction * bar));
  std::string text = fmt::format("[{}{}] {:3d}%  {}", std::string(static_cast<size_t>(filled), '#'),
                                 std::string(static_cast<size_t>(bar - filled), '-'),
                                 static_cast<int>(std::lround(fraction * 100)), message);
  if (static_cast<int>(text.size()) > width) text.resize(static_cast<size_t>(width));
  return text;
}

}  // namespace mlt::cli
