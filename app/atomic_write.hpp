#pragma once
// Files appear whole or not at all: each is written to a temporary file in the target's folder and
// renamed into place (rename is atomic within a filesystem), so a crash or Ctrl-C never leaves a
// half-written file where the user expects a result.
#include <functional>
#include <string>

namespace deblur::app {

// Throws BadInput if no file can be created in the folder of `target` (missing, not a folder, not
// writable) or if `target` is itself a folder. Creates and removes a probe file.
void check_writable_target(const std::string& target);

// Calls write(temporary_path) — a path in target's folder ending in target's extension — then moves
// the result onto `target`. `write` returns false on failure. Throws RunFailure (the temporary file
// is removed), saying so when the disk is full. First removes the temporary files of `target` that
// killed processes left (named with their pid).
void write_atomically(const std::string& target, const std::function<bool(const std::string&)>& write);

// Removes the temporary file of a write in progress, if any. Async-signal-safe: for signal handlers
// that end the process (see interrupt.hpp).
void remove_partial_file() noexcept;

}  // namespace deblur::app
