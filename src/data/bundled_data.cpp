#include "data/bundled_data.h"

#include <fmt/format.h>

#include <set>

#include "core/error.h"
#include "core/json.h"
#include "core/sha256.h"
#include "data/csv_import.h"

namespace mlt {

namespace fs = std::filesystem;

std::vector<BundledFile> read_bundled_manifest(const fs::path& data_folder) {
  const fs::path path = data_folder / "manifest.json";
  if (!fs::exists(path))
    throw Error(ErrorKind::Io, fmt::format("the bundled data manifest '{}' is missing", path.string()),
                "run mltrainer from the project folder, or restore data/manifest.json");
  const Json manifest = parse_json(CsvImporter::read_bytes(path), path.string());
  const auto bad = [&](const std::string& why) {
    return Error(ErrorKind::DataError, fmt::format("bundled data manifest '{}': {}", path.string(), why),
                 "restore data/manifest.json from the repository");
  };
  if (!manifest.is_object() || !manifest.contains("files") || !manifest["files"].is_array())
    throw bad("expected an object with a 'files' array");
  std::vector<BundledFile> out;
  std::set<std::string> names;
  for (const Json& entry : manifest["files"]) {
    BundledFile f;
    try {
      f.file = entry.at("file").get<std::string>();
      f.name = entry.at("name").get<std::string>();
      f.description = entry.value("description", "");
      f.sha256 = entry.at("sha256").get<std::string>();
    } catch (const Json::exception& e) {
      throw bad(fmt::format("entry {} is incomplete: {}", out.size() + 1, e.what()));
    }
    const fs::path rel(f.file);
    if (rel.is_absolute() || rel.lexically_normal().string().rfind("..", 0) == 0)
      throw bad(fmt::format("file '{}' is outside the data folder", f.file));
    if (f.sha256.size() != 64) throw bad(fmt::format("file '{}' has no valid sha256", f.file));
    try {
      check_dataset_name(f.name);
    } catch (const Error& e) {
      throw bad(e.message());
    }
    if (!names.insert(f.name).second) throw bad(fmt::format("dataset name '{}' appears twice", f.name));
    out.push_back(std::move(f));
  }
  return out;
}

std::optional<std::string> bundled_file_problem(const fs::path& data_folder, const BundledFile& file) {
  const fs::path path = data_folder / file.file;
  if (!fs::is_regular_file(path)) return fmt::format("bundled file '{}' is missing", path.string());
  const std::string actual = sha256_hex(CsvImporter::read_bytes(path));
  if (actual != file.sha256)
    return fmt::format("bundled file '{}' has SHA-256 {}, but the manifest records {}", path.string(), actual,
                       file.sha256);
  return std::nullopt;
}

}  // namespace mlt
