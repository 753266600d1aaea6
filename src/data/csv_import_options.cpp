// CsvImportOptions as JSON (stored with each dataset), dataset names, and file reading.
#include <fmt/format.h>

#include <cctype>
#include <fstream>

#include "core/error.h"
#include "data/csv_import.h"

namespace mlt {

Json CsvImportOptions::to_json() const {
  Json j{{"name", name},
         {"layout", layout},
         {"date_column", date_column},
         {"columns", columns},
         {"description", description},
         {"delimiter", delimiter},
         {"series_column", series_column},
         {"value_column", value_column}};
  return j;
}

CsvImportOptions CsvImportOptions::from_json(const Json& j) {
  if (!j.is_object()) throw Error(ErrorKind::InvalidArgument, "CSV import options must be a JSON object");
  CsvImportOptions o;
  try {
    o.name = j.value("name", "");
    o.layout = j.value("layout", "auto");
    o.date_column = j.value("date_column", "");
    o.description = j.value("description", "");
    o.delimiter = j.value("delimiter", "");
    o.series_column = j.value("series_column", "");
    o.value_column = j.value("value_column", "");
    if (j.contains("columns")) o.columns = j.at("columns").get<std::map<std::string, std::string>>();
  } catch (const Json::exception& e) {
    throw Error(ErrorKind::InvalidArgument, fmt::format("CSV import options are malformed: {}", e.what()));
  }
  return o;
}

void check_dataset_name(const std::string& name) {
  const auto ok_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  };
  bool ok = !name.empty() && name.size() <= 64 && std::isalnum(static_cast<unsigned char>(name[0]));
  for (char c : name) ok = ok && ok_char(c);
  if (!ok)
    throw Error(ErrorKind::InvalidArgument, fmt::format("'{}' is not a valid dataset name", name),
                "use 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit, e.g. aapl_daily");
}

std::string dataset_name_from_file(const std::string& file_label) {
  const std::string stem = std::filesystem::path(file_label).stem().string();
  std::string name;
  for (char c : stem) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
    if (keep)
      name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    else if (!name.empty() && name.back() != '_')
      name.push_back('_');
  }
  while (!name.empty() && (name.back() == '_' || name.back() == '.' || name.back() == '-')) name.pop_back();
  if (name.size() > 64) name.resize(64);
  return name.empty() ? "dataset" : name;
}

std::string CsvImporter::read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!in || ec)
    throw Error(ErrorKind::Io, fmt::format("cannot open '{}'", path.string()),
                "check that the file exists and is readable");
  std::string content(static_cast<std::size_t>(size), '\0');
  in.read(content.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size))
    throw Error(ErrorKind::Io, fmt::format("cannot read '{}' (the file changed while it was read)", path.string()),
                "try again once nothing else writes to the file");
  return content;
}

}  // namespace mlt
