// The real sample data shipped in the project's data/ folder, listed in
// data/manifest.json. On first start the runtime imports each file with
// data.import_csv under its dataset name. Sample data for research and tests:
// none of the vendors licenses it for trading (see data/README.md).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mlt {

struct BundledFile {
  std::string file;         // relative to the data folder, e.g. "market/sp500_daily_2000-2020.csv"
  std::string name;         // dataset name, e.g. "sp500_daily"
  std::string description;  // what it is, origin and licence (goes into the provenance)
  std::string sha256;       // of the file's bytes, as published in data/README.md
};

// Reads DATA_FOLDER/manifest.json: {"files": [{file, name, description, sha256}, ...]}.
// Throws Error{Io} when it cannot be read, Error{DataError} when an entry is
// malformed, names a file outside the folder, or repeats a name.
std::vector<BundledFile> read_bundled_manifest(const std::filesystem::path& data_folder);

// nullopt when DATA_FOLDER/file exists and its SHA-256 matches the manifest, else the reason.
std::optional<std::string> bundled_file_problem(const std::filesystem::path& data_folder, const BundledFile& file);

}  // namespace mlt
