// mlt::Error — the one exception type that ends an operation.
//
// Inside a module, throw Error{kind, message, hint}. At each edge (CLI main,
// HTTP route wrapper, tool result, MCP) it is mapped once: exit_code() for the
// CLI, http_status() for HTTP. Expected outcomes (e.g. compliance denials) are
// values, not errors.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mlt {

enum class ErrorKind {
  InvalidArgument,  // caller sent something malformed or out of range
  NotFound,         // named thing does not exist
  Conflict,         // state does not allow this now (e.g. cancel a finished trial)
  DataError,        // input data is defective (bad CSV line, bad value)
  Denied,           // compliance or policy refused
  Unavailable,      // external service down, timed out or rate-limited
  Io,               // file system or database failure
  Cancelled,        // the user cancelled the work
  Internal,         // a bug in mlTrainer
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, std::string hint = {})
      : std::runtime_error(message), kind_(kind), message_(std::move(message)), hint_(std::move(hint)) {}

  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  const std::string& hint() const { return hint_; }

 private:
  ErrorKind kind_;
  std::string message_;
  std::string hint_;
};

// Stable lower_snake name used in JSON bodies ("invalid_argument", ...).
std::string_view kind_name(ErrorKind kind);
// Inverse of kind_name(); nullopt for an unknown name.
std::optional<ErrorKind> parse_kind(std::string_view name);
// Process exit code for the CLI: 0 is success, 1 internal, 2 usage, 3.. per kind.
int exit_code(ErrorKind kind);
// HTTP status for the API.
int http_status(ErrorKind kind);

}  // namespace mlt
