#pragma once
// Ctrl-C: the first asks the solver to stop with its current estimate (the result is still written,
// as with the preview's q key); a second one, or SIGTERM/SIGHUP, ends the process at once. A file
// being written when the process ends is removed, so no half-written file is left behind.

namespace deblur::app {

void install_interrupt_handlers();

// True once Ctrl-C was pressed; the iteration callback then returns Stop.
bool stop_requested();

}  // namespace deblur::app
