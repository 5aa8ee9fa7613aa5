// Test helper: asks the window titled argv[1] to close, as a window manager's close button does
// (a WM_PROTOCOLS/WM_DELETE_WINDOW message; Xvfb runs no window manager and xdotool 3.2016 cannot).
// Exit 0 when sent, 1 if no such window, 3 without a display.
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <cstdio>
#include <cstring>

static Window find(Display* d, Window w, const char* title) {
  char* name = nullptr;
  if (XFetchName(d, w, &name) && name) {
    const bool match = std::strcmp(name, title) == 0;
    XFree(name);
    if (match) return w;
  }
  Window root, parent, *children = nullptr;
  unsigned n = 0;
  if (!XQueryTree(d, w, &root, &parent, &children, &n)) return 0;
  Window found = 0;
  for (unsigned i = 0; i < n && !found; ++i) found = find(d, children[i], title);
  if (children) XFree(children);
  return found;
}

int main(int argc, char** argv) {
  Display* d = XOpenDisplay(nullptr);
  if (!d || argc != 2) return 3;
  const Window w = find(d, DefaultRootWindow(d), argv[1]);
  if (!w) { std::fprintf(stderr, "no window '%s'\n", argv[1]); return 1; }
  XEvent e{};
  e.xclient.type = ClientMessage;
  e.xclient.window = w;
  e.xclient.message_type = XInternAtom(d, "WM_PROTOCOLS", False);
  e.xclient.format = 32;
  e.xclient.data.l[0] = static_cast<long>(XInternAtom(d, "WM_DELETE_WINDOW", False));
  e.xclient.data.l[1] = CurrentTime;
  XSendEvent(d, w, False, NoEventMask, &e);
  XCloseDisplay(d);
  return 0;
}
