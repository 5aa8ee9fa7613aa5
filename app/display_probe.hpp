#pragma once
// Whether a highgui window can be opened. Debian's OpenCV draws with Qt, which aborts the whole
// process (no exception) when the display cannot be reached, so the test runs in a child process.
#include <string>

namespace deblur::app {

// "" when a window can be opened; otherwise the reason, e.g. "DISPLAY is not set". Call it before
// any thread is started (it forks).
std::string display_problem();

}  // namespace deblur::app
