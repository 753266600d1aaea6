#include "core/error.h"

namespace mlt {

std::string_view kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidArgument: return "invalid_argument";
    case ErrorKind::NotFound: return "not_found";
    case ErrorKind::Conflict: return "conflict";
    case ErrorKind::DataError: return "data_error";
    case ErrorKind::Denied: return "denied";
    case ErrorKind::Unavailable: return "unavailable";
    case ErrorKind::Io: return "io";
    case ErrorKind::Cancelled: return "cancelled";
    case ErrorKind::Internal: return "internal";
  }
  return "internal";
}

std::optional<ErrorKind> parse_kind(std::string_view name) {
  for (auto k : {ErrorKind::InvalidArgument, ErrorKind::NotFound, ErrorKind::Conflict, ErrorKind::DataError,
                 ErrorKind::Denied, ErrorKind::Unavailable, ErrorKind::Io, ErrorKind::Cancelled, ErrorKind::Internal})
    if (kind_name(k) == name) return k;
  return std::nullopt;
}

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidArgument: return 2;
    case ErrorKind::NotFound: return 3;
    case ErrorKind::Conflict: return 4;
    case ErrorKind::DataError: return 5;
    case ErrorKind::Denied: return 6;
    case ErrorKind::Unavailable: return 7;
    case ErrorKind::Io: return 8;
    case ErrorKind::Cancelled: return 9;
    case ErrorKind::Internal: return 1;
  }
  return 1;
}

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidArgument: return 400;
    case ErrorKind::NotFound: return 404;
    case ErrorKind::Conflict: return 409;
    case ErrorKind::DataError: return 422;
    case ErrorKind::Denied: return 403;
    case ErrorKind::Unavailable: return 503;
    case ErrorKind::Io: return 500;
    case ErrorKind::Cancelled: return 409;
    case ErrorKind::Internal: return 500;
  }
  return 500;
}

}  // namespace mlt
