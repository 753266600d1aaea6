// data/manifest.json lists every bundled file with the SHA-256 published in
// data/README.md, and each one imports.
#include "data/bundled_data.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "data/csv_import.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

TEST(BundledData, ManifestListsTheSevenFilesAndTheirHashesMatch) {
  const auto folder = test::source_dir() / "data";
  const auto files = read_bundled_manifest(folder);
  ASSERT_EQ(files.size(), 7u);
  std::vector<std::string> names;
  for (const auto& f : files) {
    names.push_back(f.name);
    EXPECT_EQ(bundled_file_problem(folder, f), std::nullopt) << f.file;
    EXPECT_NE(f.description.find("research and tests"), std::string::npos) << f.file;
    CsvImportOptions options;
    options.name = f.name;
    const Dataset ds = CsvImporter::parse(CsvImporter::read_bytes(folder / f.file), f.file, options, 0);
    EXPECT_EQ(ds.provenance().sha256, f.sha256);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"sp500_daily", "aapl_daily", "goog_daily", "dow30_close", "fred_core",
                                             "us_macro_quarterly", "usdchf_30min"}));
}

TEST(BundledData, AChangedFileIsReported) {
  test::TempDir dir;
  std::ofstream(dir.path() / "manifest.json")
      << R"({"files":[{"file":"a.csv","name":"a","description":"","sha256":")" << std::string(64, '0') << R"("}]})";
  std::ofstream(dir.path() / "a.csv") << "date,x\n2020-01-01,1\n";
  const auto files = read_bundled_manifest(dir.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_NE(bundled_file_problem(dir.path(), files[0]), std::nullopt);
}

TEST(BundledData, ManifestEscapingTheFolderIsRefused) {
  test::TempDir dir;
  std::ofstream(dir.path() / "manifest.json")
      << R"({"files":[{"file":"../../etc/passwd","name":"p","sha256":")" << std::string(64, '0') << R"("}]})";
  EXPECT_THROW(read_bundled_manifest(dir.path()), Error);
  EXPECT_THROW(read_bundled_manifest(dir.path() / "missing"), Error);
}

}  // namespace
}  // namespace mlt
