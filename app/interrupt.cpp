#include "app/interrupt.hpp"

#include "app/atomic_write.hpp"

#include <unistd.h>

#include <csignal>

namespace deblur::app {
namespace {

volatile std::sig_atomic_t g_interrupts = 0;

// Only async-signal-safe calls here: write, unlink, signal, raise.
extern "C" void on_signal(int sig) {
  if (sig == SIGINT && g_interrupts == 0) {
    g_interrupts = 1;
    static const char message[] = "\ndeblur: interrupted: finishing with the current estimate (Ctrl-C again to abort)\n";
    [[maybe_unused]] const auto written = write(STDERR_FILENO, message, sizeof message - 1);
    return;
  }
  remove_partial_file();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

}  // namespace

void install_interrupt_handlers() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, on_signal);
}

bool stop_requested() { return g_interrupts != 0; }

}  // namespace deblur::app
