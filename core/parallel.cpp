#include "core/parallel.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace deblur::detail {
namespace {

thread_local bool in_chunk = false;  // this thread is running a chunk: loops inside it run here alone

struct Job {
  const std::function<void(int)>* body;
  int chunks;
  std::atomic<int> next{0}, done{0};

  void run(int c) {
    (*body)(c);
    done.fetch_add(1, std::memory_order_release);
  }

  // Claims and runs chunks until none is left.
  void work() {
    for (int c = next.fetch_add(1); c < chunks; c = next.fetch_add(1)) run(c);
  }
};

class Pool {
 public:
  ~Pool() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : helpers_) t.join();
  }

  void run(int chunks, int helpers, const std::function<void(int)>& body) {
    if (chunks <= 0) return;  // body(0) below is run unconditionally
    if (in_chunk) {  // nested: the pool is this loop's own caller's
      for (int c = 0; c < chunks; ++c) body(c);
      return;
    }
    std::unique_lock busy(busy_, std::try_to_lock);
    if (!busy.owns_lock()) {  // another caller is using the pool: no helpers for this loop
      for (int c = 0; c < chunks; ++c) body(c);
      return;
    }
    std::shared_ptr<Job> job;
    {
      std::lock_guard lock(mutex_);
      while (static_cast<int>(helpers_.size()) < helpers) helpers_.emplace_back([this] { helper(); });
      // Reuse the last job unless a late helper still holds it (helpers copy job_ under this lock),
      // so that repeated loops do not allocate.
      if (!job_ || job_.use_count() > 1) job_ = std::make_shared<Job>();
      job_->body = &body;
      job_->chunks = chunks;
      job_->next.store(1);  // chunk 0 is the caller's (below): helpers start at 1
      job_->done.store(0);
      job = job_;
      ++generation_;
    }
    wake_.notify_all();
    in_chunk = true;
    // Chunk 0 runs here, never on a helper: parallel_invoke's first task must stay on the calling
    // thread. estimate_kernel's first hypothesis feeds the --preview window, and Qt serves a window
    // only from the thread that made it: when a helper that was still spinning after the last loop
    // claimed chunk 0 first, its imshow waited for the main thread, which was running the other
    // hypothesis and then waiting for that helper here (the frozen app_preview_close run, 2026-12-03).
    job->run(0);
    job->work();
    in_chunk = false;
    // Only chunks a running helper has claimed are waited for; they are short.
    while (job->done.load(std::memory_order_acquire) < chunks) std::this_thread::yield();
  }

 private:
  void helper() {
    in_chunk = true;
    unsigned long seen = 0;
    for (;;) {
      // Loops come in quick succession (a transform's passes, one CG iteration's steps): look for
      // the next one for a moment before sleeping, as waking a sleeping thread takes longer.
      const auto give_up = std::chrono::steady_clock::now() + kSpin;
      while (generation_.load(std::memory_order_acquire) == seen && std::chrono::steady_clock::now() < give_up)
        std::this_thread::yield();
      std::shared_ptr<Job> job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        job = job_;
      }
      job->work();  // a stale job has no chunks left, so its body is never touched
    }
  }

  static constexpr std::chrono::microseconds kSpin{200};

  std::mutex busy_;   // held by the caller whose loop is running
  std::mutex mutex_;  // guards the fields below
  std::condition_variable wake_;
  std::vector<std::thread> helpers_;
  std::shared_ptr<Job> job_;
  std::atomic<unsigned long> generation_{0};  // changed under mutex_, read without it while spinning
  bool stop_ = false;
};

}  // namespace

void run_chunks(int chunks, int helpers, const std::function<void(int)>& body) {
  static Pool pool;
  pool.run(chunks, helpers, body);
}

}  // namespace deblur::detail
