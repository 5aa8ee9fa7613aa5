#include "app/atomic_write.hpp"

#include "app/errors.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
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

// Temporary files of `target` are named "<folder>/.<name>.deblur-<pid>-XXXXXX<ext>", with the pid of
// the process writing them, so that a later run can tell those of a killed process.
std::string temporary_prefix(const std::string& target) {
  return fmt::format(".{}.deblur-", fs::path(target).stem().string());
}

// Creates an empty, unique temporary file for `target`; returns its path or "" with errno.
std::string make_temporary(const std::string& target) {
  const std::string ext = fs::path(target).extension().string();
  std::string templ = (folder_of(target) / fmt::format("{}{}-XXXXXX{}", temporary_prefix(target), getpid(), ext)).string();
  const int fd = mkstemps(templ.data(), static_cast<int>(ext.size()));
  if (fd < 0) return "";
  close(fd);
  return templ;
}

// Removes the temporary files of `target` left by processes that no longer run (kill -9, power cut).
void remove_stale_temporaries(const std::string& target) {
  const std::string prefix = temporary_prefix(target), ext = fs::path(target).extension().string();
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(folder_of(target), ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || name.size() < prefix.size() + ext.size() ||
        name.compare(name.size() - ext.size(), ext.size(), ext) != 0)
      continue;
    char* end = nullptr;
    const long pid = std::strtol(name.c_str() + prefix.size(), &end, 10);
    if (pid <= 0 || *end != '-' || pid == getpid()) continue;
    if (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove(e.path(), ec);
  }
}

// Why a write into `folder` failed when the writer said only that it did: a full disk shows as free
// space below one block, whatever errno the encoder left.
std::string write_failure(const fs::path& folder, int error) {
  struct statvfs fs_info {};
  const bool full = error == ENOSPC || error == EDQUOT ||
                    (statvfs(folder.c_str(), &fs_info) == 0 && fs_info.f_bavail == 0);
  return full ? fmt::format("cannot write: the disk is full (folder {})", folder.string()) : "write failed";
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
    throw BadInput(fmt::format("{}: cannot write in folder {}: {}", target, folder.string(), in_plain_words(errno)));
  unlink(probe.c_str());
}

void write_atomically(const std::string& target, const std::function<bool(const std::string&)>& write) {
  // One write at a time (photos of a batch finish together): the signal handler knows of one
  // temporary file, and umask is read by setting it.
  static std::mutex one_at_a_time;
  std::lock_guard lock(one_at_a_time);
  remove_stale_temporaries(target);
  const std::string temporary = make_temporary(target);
  if (temporary.empty() || temporary.size() >= sizeof g_temporary)
    throw RunFailure(fmt::format("{}: cannot create a temporary file: {}", target, in_plain_words(errno)));
  std::memcpy(g_temporary, temporary.c_str(), temporary.size() + 1);
  g_writing = 1;
  auto fail = [&](const std::string& why) {
    unlink(temporary.c_str());
    g_writing = 0;
    throw RunFailure(fmt::format("{}: {}", target, why));
  };
  bool written = false;
  errno = 0;
  try {
    written = write(temporary);
  } catch (const std::exception& e) {
    fail(fmt::format("{}: {}", write_failure(folder_of(target), errno), e.what()));
  }
  if (!written) fail(write_failure(folder_of(target), errno));
  // Data on disk before the rename makes it visible; keep the permissions a new file would get.
  const int fd = open(temporary.c_str(), O_RDONLY);
  if (fd < 0 || fsync(fd) != 0) fail(fmt::format("cannot flush: {}", in_plain_words(errno)));
  close(fd);
  const mode_t mask = umask(0);
  umask(mask);
  chmod(temporary.c_str(), 0666 & ~mask);
  if (std::rename(temporary.c_str(), target.c_str()) != 0) fail(fmt::format("cannot rename into place: {}", in_plain_words(errno)));
  g_writing = 0;
}

}  // namespace deblur::app
