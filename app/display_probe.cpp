#include "app/display_probe.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <opencv2/highgui.hpp>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

namespace deblur::app {

std::string display_problem() {
  // Qt's uncategorised warnings (e.g. "XDG_RUNTIME_DIR not set") would break the one-line stderr.
  setenv("QT_LOGGING_RULES", "default.warning=false", 0);
  const char* display = std::getenv("DISPLAY");
  if ((!display || !*display) && !std::getenv("WAYLAND_DISPLAY") && !std::getenv("QT_QPA_PLATFORM"))
    return "DISPLAY is not set";
  const pid_t child = fork();
  if (child < 0) return "cannot start the display probe";
  if (child == 0) {  // Qt's complaints would be noise: the parent reports one line
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    cv::namedWindow("deblur display probe", cv::WINDOW_AUTOSIZE | cv::WINDOW_GUI_NORMAL);
    cv::destroyWindow("deblur display probe");
    _exit(0);
  }
  const std::string where = display ? std::string("display '") + display + "'" : std::string("the display");
  int status = 0;
  for (int waited_ms = 0;; waited_ms += 20) {
    const pid_t done = waitpid(child, &status, WNOHANG);
    if (done == child) break;
    if (done < 0) return "the display probe was lost";
    if (waited_ms > 10000) {
      kill(child, SIGKILL);
      waitpid(child, &status, 0);
      return where + " does not answer";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  return "cannot open a window on " + where;
}

}  // namespace deblur::app
