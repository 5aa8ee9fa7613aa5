#include "app/atomic_write.hpp"

#include "app/errors.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>

namespace deblur::app {
namespace {

namespace fs = std::filesystem;

// The temporary file being written, for remove_partial_file() (called from signal handlers).
char g_temporary[4096];
volatile std::sig_atomic_t g_writing = 0;

fs::path folder_of(const std::string& target) {
  const fs::path parent = fs::path(target).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

// Creates an empty, unique file "<folder>/.<name>.deblur-XXXXXX<ext>"; returns its path or "" with errno.
std::string make_temporary(const std::string& target) {
  const fs::path t(target);
  const std::string ext = t.extension().string();
  std::string templ = (folder_of(target) / fmt::format(".{}.deblur-XXXXXX{}", t.stem().string(), ext)).string();
  const int fd = mkstemps(templ.data(), static_cast<int>(ext.size()));
  if (fd < 0) return "";
  close(fd);
  return templ;
}

}  // namespace

void remove_partial_file() noexcept {
  if (g_writing) unlink(g_temporary);
}

void check_writable_target(const std::string& target) {
  const fs::path folder = folder_of(target);
  std::error_code ec;
  if (!fs::exists(folder, ec)) throw BadInput(fmt::format("{}: output folder {} does not exist", target, folder.string()));
  if (!fs::is_directory(folder, ec)) throw BadInput(fmt::format("{}: {} is not a folder", target, folder.string()));
  if (fs::is_directory(target, ec)) throw BadInput(fmt::format("{}: is a folder, not a file name", target));
  const std::string probe = make_temporary(target);
  if (probe.empty())
    throw BadInput(fmt::format("{}: cannot write in folder {}: {}", target, folder.string(), std::strerror(errno)));
  unlink(probe.c_str());
}

void write_atomically(const std::string& target, const std::function<bool(const std::string&)>& write) {
  // One write at a time (photos of a batch finish together): the signal handler knows of one
  // temporary file, and umask is read by setting it.
  static std::mutex one_at_a_time;
  std::lock_guard lock(one_at_a_time);
  const std::string temporary = make_temporary(target);
  if (temporary.empty() || temporary.size() >= sizeof g_temporary)
    throw RunFailure(fmt::format("{}: cannot create a temporary file: {}", target, std::strerror(errno)));
  std::memcpy(g_temporary, temporary.c_str(), temporary.size() + 1);
  g_writing = 1;
  auto fail = [&](const std::string& why) {
    unlink(temporary.c_str());
    g_writing = 0;
    throw RunFailure(fmt::format("{}: {}", target, why));
  };
  bool written = false;
  try {
    written = write(temporary);
  } catch (const std::exception& e) {
    fail(fmt::format("write failed: {}", e.what()));
  }
  if (!written) fail("write failed");
  // Data on disk before the rename makes it visible; keep the permissions a new file would get.
  const int fd = open(temporary.c_str(), O_RDONLY);
  if (fd < 0 || fsync(fd) != 0) fail(fmt::format("cannot flush: {}", std::strerror(errno)));
  close(fd);
  const mode_t mask = umask(0);
  umask(mask);
  chmod(temporary.c_str(), 0666 & ~mask);
  if (std::rename(temporary.c_str(), target.c_str()) != 0) fail(fmt::format("cannot rename into place: {}", std::strerror(errno)));
  g_writing = 0;
}

}  // namespace deblur::app
