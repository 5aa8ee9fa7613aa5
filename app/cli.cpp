#include "app/cli.hpp"

#include "app/build_info.hpp"
#include "app/errors.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>

namespace deblur::app {
namespace {

constexpr const char* kFooter = R"(Examples:
  deblur photo.png -o sharp.png
      estimate the blur and remove it (colour, 16-bit and alpha are kept)
  deblur photo.jpg -o sharp.png --kernel-size 31 --save-kernel kernel.png --preview
      31x31 kernel, saved for viewing, with a live window (space pauses, s saves, q stops)
  deblur --print-config > mine.toml
  deblur photo.png -o sharp.tif --config mine.toml --set section.key=value --trace run.csv
      tune the solver: edit the printed file, override single keys with --set

Precedence: defaults < --config file < --set < --kernel-size/--threads.
Ctrl-C once stops early and still writes the result; twice aborts (nothing written).

Exit status:
  0  success
  2  bad usage, bad configuration or bad input file (nothing is written)
  1  failure while running)";

int parse_kernel_size(const std::string& text) {
  if (text == "auto") return 0;
  std::size_t used = 0;
  int k = 0;
  try {
    k = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size()) throw BadInput(fmt::format("--kernel-size {}: expected an odd number of pixels or 'auto'", text));
  if (k < 1) throw BadInput(fmt::format("--kernel-size {}: must be positive (or 'auto')", text));
  if (k % 2 == 0) throw BadInput(fmt::format("--kernel-size {}: must be odd so the kernel has a centre pixel", text));
  return k;
}

}  // namespace

CommandLine parse_command_line(int argc, char** argv) {
  CommandLine c;
  CLI::App app{"deblur: removes camera-shake blur from a photo when the blur is unknown (blind deconvolution).",
               "deblur"};
  app.footer(kFooter);
  app.set_version_flag("--version", kVersionText);
  std::string kernel_size;
  int quiet = 0;
  app.add_option("INPUT", c.input, "blurred photo: PNG, JPEG, TIFF, BMP, WebP or PNM; 8/16-bit; grey, colour or with alpha");
  app.add_option("-o,--output", c.output, "deblurred result; the format follows the extension; never the input itself");
  app.add_option("--config", c.config, "TOML configuration file (see --print-config)")->option_text("FILE");
  app.add_option("--set", c.sets, "override one configuration key; repeatable")->option_text("SECTION.KEY=VALUE");
  app.add_flag("--print-config", c.print_config, "print the effective configuration as a TOML file and exit");
  app.add_option("--kernel-size", kernel_size, "kernel side in pixels (odd) or 'auto' (default)")->option_text("N|auto");
  app.add_option("--save-kernel", c.save_kernel, "save the kernel: .tiff float32 exact, .png scaled for viewing, .csv")
      ->option_text("FILE");
  app.add_option("--kernel", c.kernel, "skip estimation: deconvolve with this kernel (.tiff, .png or .csv)")
      ->option_text("FILE");
  app.add_flag("--preview", c.preview, "live window: input, estimate, kernel, objective (needs a display)");
  app.add_option("--snapshots", c.snapshots, "write estimate and kernel PNGs every snapshots.every iterations")
      ->option_text("DIR");
  app.add_option("--trace", c.trace, "write one CSV row per iteration")->option_text("FILE.csv");
  app.add_option("--threads", c.threads, "worker threads; 0 = all cores")->option_text("N");
  app.add_flag("-q,--quiet", quiet, "errors only");
  app.add_flag("-v,--verbose", c.verbosity, "more detail (-vv: debug)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    app.exit(e);
    c.finished = true;
    return c;
  } catch (const CLI::CallForVersion& e) {
    std::cout << kVersionText << "\n";
    c.finished = true;
    return c;
  } catch (const CLI::ParseError& e) {
    throw BadInput(fmt::format("{} (see deblur --help)", e.what()));
  }
  if (quiet) c.verbosity = -1;
  if (!kernel_size.empty()) c.kernel_size = parse_kernel_size(kernel_size);
  if (c.threads && *c.threads < 0) throw BadInput(fmt::format("--threads {}: must be 0 (all cores) or more", *c.threads));
  if (!c.print_config) {
    if (c.input.empty()) throw BadInput("missing INPUT image (see deblur --help)");
    if (c.output.empty()) throw BadInput("missing -o OUTPUT (see deblur --help)");
  }
  if (!c.kernel.empty() && c.kernel_size)
    throw BadInput("--kernel and --kernel-size exclude each other: the given kernel has its own size");
  return c;
}

}  // namespace deblur::app
