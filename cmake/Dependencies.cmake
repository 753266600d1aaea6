# Third-party libraries, all from Debian packages (scripts/install-deps.sh).
# Their headers are SYSTEM so our warnings-as-errors never fire on them.
find_package(Threads REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(valijson REQUIRED)
find_package(SQLiteCpp REQUIRED)
find_package(CLI11 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(Eigen3 REQUIRED NO_MODULE)
find_package(OpenMP REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)

find_library(LIBLINEAR_LIBRARY NAMES linear REQUIRED)
find_path(LIBLINEAR_INCLUDE_DIR NAMES linear.h REQUIRED)
add_library(mlt_liblinear INTERFACE)
target_link_libraries(mlt_liblinear INTERFACE ${LIBLINEAR_LIBRARY})
target_include_directories(mlt_liblinear SYSTEM INTERFACE ${LIBLINEAR_INCLUDE_DIR})

# Debian's cpp-httplib is the compiled split build: the header declares, the
# shared library defines, and both must agree on the feature macros.
add_library(mlt_httplib INTERFACE)
target_link_libraries(mlt_httplib INTERFACE PkgConfig::HTTPLIB)
target_compile_definitions(mlt_httplib INTERFACE
  CPPHTTPLIB_OPENSSL_SUPPORT CPPHTTPLIB_ZLIB_SUPPORT CPPHTTPLIB_BROTLI_SUPPORT)

# XGBoost's own CMake config also demands the CLI binary of another package,
# so the C API library is found directly.
find_library(XGBOOST_LIBRARY NAMES xgboost REQUIRED)
find_path(XGBOOST_INCLUDE_DIR NAMES xgboost/c_api.h REQUIRED)
add_library(mlt_xgboost INTERFACE)
target_link_libraries(mlt_xgboost INTERFACE ${XGBOOST_LIBRARY})
target_include_directories(mlt_xgboost SYSTEM INTERFACE ${XGBOOST_INCLUDE_DIR})
