#include "app/run.hpp"

#include "app/atomic_write.hpp"
#include "app/config.hpp"
#include "app/display_probe.hpp"
#include "app/errors.hpp"
#include "app/image_io.hpp"
#include "app/interrupt.hpp"
#include "app/kernel_io.hpp"
#include "app/photo.hpp"
#include "app/run_summary.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>
#include <tuple>

namespace deblur::app {
namespace {

namespace fs = std::filesystem;

Settings make_settings(const CommandLine& c) {
  Settings s;
  if (!c.config.empty()) load_config_file(c.config, s);
  for (const std::string& assignment : c.sets) apply_assignment(assignment, s);
  if (c.kernel_size) s.solver.kernel_size = *c.kernel_size;
  if (c.threads) s.solver.threads = *c.threads;
  const std::vector<std::string> problems = s.solver.validate();
  // A value the user typed as a flag is named by that flag ("--kernel-size 503: is outside [0, 501]").
  for (const std::string& p : problems)
    for (const auto& [typed, key, flag] : {std::tuple{c.kernel_size.has_value(), "kernel.size = ", "--kernel-size"},
                                           {c.threads.has_value(), "run.threads = ", "--threads"}})
      if (typed && p.rfind(key, 0) == 0) {
        const std::string rest = p.substr(std::strlen(key));  // "503 is outside [0, 501]"
        const std::size_t space = rest.find(' ');
        std::string what = rest.substr(space + 1);
        if (what.rfind("is ", 0) == 0) what.erase(0, 3);
        throw BadInput(fmt::format("{} {}: {}", flag, rest.substr(0, space), what));
      }
  if (!problems.empty()) throw BadInput(fmt::format("invalid configuration: {}", fmt::join(problems, "; ")));
  return s;
}

// Each input's output: -o, or DIR/<input stem><suffix><input extension>.
std::vector<std::string> output_paths(const CommandLine& c) {
  std::vector<std::string> outputs;
  for (const std::string& input : c.inputs) {
    const fs::path in(input);
    outputs.push_back(c.output_dir.empty() ? c.output
                                           : (fs::path(c.output_dir) / (in.stem().string() + c.suffix + in.extension().string())).string());
  }
  return outputs;
}

// Every check that can fail on the user's paths, before anything is computed or written: each output
// writable and no input, and the run's other files (--save-kernel, --trace, --summary) none of them.
void check_paths(const CommandLine& c, const std::vector<std::string>& outputs) {
  std::vector<std::string> files = c.inputs;  // inputs, then outputs, then what is written once
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    check_output_path(c.inputs[i], outputs[i]);
    for (const std::string& other : files)
      if (same_file(outputs[i], other))
        throw BadInput(fmt::format("{}: written twice, or over an input ({}); choose another --output-dir or --suffix",
                                   outputs[i], other));
    files.push_back(outputs[i]);
  }
  for (const std::string& read : {c.kernel, c.kernel_from})
    if (!read.empty()) files.push_back(read);
  const auto check_once = [&](const std::string& path, const char* flag) {
    if (path.empty()) return;
    for (const std::string& other : files)
      if (same_file(path, other)) throw BadInput(fmt::format("{}: {} would overwrite another file of this run", path, flag));
    files.push_back(path);
  };
  if (!c.save_kernel.empty()) check_kernel_output_path(c.save_kernel);
  check_once(c.save_kernel, "--save-kernel");
  if (!c.trace.empty()) check_writable_target(c.trace);
  check_once(c.trace, "--trace");
  if (!c.summary.empty()) check_summary_path(c.summary);
  check_once(c.summary, "--summary");
}

// Creates --output-dir and its missing parents, as `mkdir -p` would, then runs check_paths; if that
// refuses the run, the folders just created are removed again (empty), so a refused run leaves nothing.
void make_output_dir_and_check_paths(const CommandLine& c, const std::vector<std::string>& outputs) {
  std::vector<fs::path> created;  // deepest first
  std::error_code ec;
  for (fs::path p = fs::absolute(c.output_dir, ec); !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    created.push_back(p);
    if (p == p.parent_path()) break;
  }
  if (!c.output_dir.empty() && !fs::create_directories(c.output_dir, ec) && ec)
    throw BadInput(fmt::format("{}: cannot create the output folder: {}", c.output_dir,
                               ec == std::errc::not_a_directory ? "a file stands in its path" : in_plain_words(ec.value())));
  try {
    check_paths(c, outputs);
  } catch (...) {
    for (const fs::path& p : created) fs::remove(p, ec);
    throw;
  }
}

// Whether the preview can open (the probe forks: call it before any thread exists). --roi select
// cannot do without a window; the preview can.
bool probe_display(const CommandLine& c) {
  if (!c.preview && !c.select_roi) return false;
  const std::string problem = display_problem();
  if (c.select_roi && !problem.empty())
    throw BadInput(fmt::format("--roi select needs a window ({}); give the region as --roi X,Y,W,H", problem));
  if (!c.preview) return false;
  if (!problem.empty()) spdlog::warn("no preview window ({}); continuing without it", problem);
  if (!c.kernel.empty()) spdlog::warn("--preview shows the kernel estimation; with --kernel there is none");
  return problem.empty() && c.kernel.empty();
}

// Photos run on `jobs` workers sharing the threads; each bad photo is reported and skipped. No photo
// starts after Ctrl-C.
std::vector<PhotoOutcome> deblur_all(const std::vector<PhotoTask>& tasks, const Settings& settings, int jobs, bool quiet) {
  jobs = static_cast<int>(std::min<std::size_t>(jobs, tasks.size()));
  Settings shared = settings;
  if (jobs > 1) {
    const int threads = settings.solver.threads > 0 ? settings.solver.threads : static_cast<int>(std::thread::hardware_concurrency());
    shared.solver.threads = std::max(1, threads / jobs);
  }
  BatchProgress bar(tasks.size(), tasks.size() > 1 && !quiet);
  std::vector<PhotoOutcome> outcomes(tasks.size());
  std::atomic<std::size_t> next = 0;
  const auto worker = [&] {
    for (std::size_t i; (i = next++) < tasks.size();) {
      PhotoOutcome& o = outcomes[i];
      o.input = tasks[i].input;
      o.output = tasks[i].output;
      if (stop_requested()) {
        o.error = "not started: interrupted";
        continue;
      }
      const auto start = std::chrono::steady_clock::now();
      bar.started();
      try {
        o = deblur_photo(tasks[i], shared);
        if (!quiet) bar.print("deblur: " + o.line);
      } catch (const std::exception& e) {
        o.status = dynamic_cast<const BadInput*>(&e) ? PhotoStatus::BadInput : PhotoStatus::Failed;
        o.error = e.what();
        o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        bar.print(fmt::format("deblur: error: {}", e.what()));
      }
      bar.finished(o.error.empty());
    }
  };
  std::vector<std::thread> helpers;
  for (int j = 1; j < jobs; ++j) helpers.emplace_back(worker);
  worker();
  for (std::thread& t : helpers) t.join();
  return outcomes;
}

int exit_status(const std::vector<PhotoOutcome>& outcomes) {
  int status = kSuccess;
  for (const PhotoOutcome& o : outcomes) {
    if (o.status == PhotoStatus::Failed || o.status == PhotoStatus::NotRun) return kRunFailure;
    if (o.status == PhotoStatus::BadInput) status = kBadInput;
  }
  return status;
}

}  // namespace

int run(const CommandLine& c) {
  install_interrupt_handlers();
  Settings settings = make_settings(c);
  if (c.print_config) {
    std::cout << print_config(settings) << std::flush;
    return kSuccess;
  }
  const std::vector<std::string> outputs = output_paths(c);
  make_output_dir_and_check_paths(c, outputs);
  const bool preview = probe_display(c);

  // One watched estimation: that of --kernel-from, or of the only photo.
  const bool one_estimation = c.kernel.empty() && (!c.kernel_from.empty() || c.inputs.size() == 1);
  const fs::path watched = c.kernel_from.empty() ? fs::path(outputs.front())
                                                 : fs::path(outputs.front()).parent_path() / fs::path(c.kernel_from).filename();
  std::unique_ptr<Monitor> monitor;
  if (one_estimation)
    monitor = std::make_unique<Monitor>(c, settings, preview, (watched.parent_path() / watched.stem()).string() + ".preview");
  const RegionRequest region{c.roi, c.select_roi};

  std::optional<Image> kernel;
  std::string origin;
  if (!c.kernel.empty()) {
    kernel = read_kernel(c.kernel);
    origin = "given";
  } else if (!c.kernel_from.empty()) {
    const auto start = std::chrono::steady_clock::now();
    const solvers::KernelEstimate e =
        estimate_photo_kernel(load_photo(c.kernel_from, settings, nullptr), settings.solver, region, monitor.get());
    monitor->progress().finish();
    if (!c.save_kernel.empty()) write_kernel(c.save_kernel, e.h);
    if (c.verbosity >= 0)
      fmt::print(stderr, "deblur: kernel {}x{} estimated on {} of {}{}; {:.1f} s\n", e.h.cols(), e.h.rows(),
                 e.summary.region.describe(), c.kernel_from, e.summary.stopped_by_callback ? " (stopped early)" : "",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    kernel = e.h;
    origin = "from " + c.kernel_from;
  }

  std::vector<PhotoTask> tasks;
  for (std::size_t i = 0; i < c.inputs.size(); ++i)
    tasks.push_back({c.inputs[i], outputs[i], kernel ? &*kernel : nullptr, origin,
                     c.kernel.empty() ? solvers::KernelSource::Estimated : solvers::KernelSource::Given, region,
                     c.kernel_from.empty() ? c.save_kernel : std::string(), kernel ? nullptr : monitor.get()});
  const std::vector<PhotoOutcome> outcomes = deblur_all(tasks, settings, c.jobs, c.verbosity < 0);
  if (!c.summary.empty()) write_summary(c.summary, outcomes);
  if (monitor) monitor->linger();
  return exit_status(outcomes);
}

}  // namespace deblur::app
