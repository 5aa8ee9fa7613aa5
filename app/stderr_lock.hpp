#pragma once
// The process's stderr, shared by the photos of a batch. A decoder's complaints are captured by
// pointing fd 2 at a file for a moment (image_io), so every line printed holds this lock, or it could
// land in that capture. In the form spdlog's console sinks take as their mutex.
#include <mutex>

namespace deblur::app {

struct StderrLock {
  using mutex_t = std::mutex;
  static std::mutex& mutex() {
    static std::mutex m;
    return m;
  }
};

}  // namespace deblur::app
