// deblur: removes camera-shake blur from a photo. Exit status: 0 success; 2 bad usage, configuration
// or input file (nothing written); 1 failure while running.
#include "app/cli.hpp"
#include "app/errors.hpp"
#include "app/run.hpp"
#include "app/stderr_lock.hpp"
#include "core/allocator.hpp"

#include <fmt/format.h>
// The compiled spdlog instantiates its sinks for its own mutexes only: this one needs the definitions.
#include <spdlog/sinks/ansicolor_sink-inl.h>
#include <spdlog/sinks/ansicolor_sink.h>
#include <spdlog/spdlog.h>

#include <exception>

using namespace deblur::app;

namespace {

// Quiet by default: warnings and errors only; -v adds progress details.
void set_up_logging(int verbosity) {
  auto logger = std::make_shared<spdlog::logger>("deblur", std::make_shared<spdlog::sinks::ansicolor_stderr_sink<StderrLock>>());
  logger->set_pattern("deblur: %^%l%$: %v");
  logger->set_level(verbosity < 0 ? spdlog::level::err : verbosity == 0 ? spdlog::level::warn : spdlog::level::info);
  spdlog::set_default_logger(logger);
}

int fail(ExitCode code, const char* message) {
  std::lock_guard lock(StderrLock::mutex());
  fmt::print(stderr, "deblur: error: {}\n", message);
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  deblur::reuse_freed_memory();
  try {
    const CommandLine command_line = parse_command_line(argc, argv);
    if (command_line.finished) return kSuccess;
    set_up_logging(command_line.verbosity);
    return run(command_line);
  } catch (const BadInput& e) {
    return fail(kBadInput, e.what());
  } catch (const RunFailure& e) {
    return fail(kRunFailure, e.what());
  } catch (const std::exception& e) {
    return fail(kRunFailure, e.what());
  }
}
