#pragma once
// The two kinds of failure the app reports, each with its exit status (documented in --help/README).
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace deblur::app {

enum ExitCode : int { kSuccess = 0, kRunFailure = 1, kBadInput = 2 };

// Bad usage, bad configuration or a bad input file: exit 2, nothing written.
struct BadInput : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Something failed while running (solver error, write failure): exit 1.
struct RunFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What an errno from creating or writing a file means to the user.
inline std::string in_plain_words(int error) {
  switch (error) {
    case ENOSPC: case EDQUOT: return "the disk is full";
    case EROFS: return "the file system is read-only";
    case EACCES: case EPERM: return "no permission to create files there";
    case ENOENT: return "the folder takes no new files";  // e.g. /proc
    default: return std::strerror(error);
  }
}

}  // namespace deblur::app
