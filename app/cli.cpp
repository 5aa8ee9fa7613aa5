#include "app/cli.hpp"

#include "app/build_info.hpp"
#include "app/errors.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <charconv>
#include <iostream>

namespace deblur::app {
namespace {

constexpr const char* kFooter = R"(Examples:
  deblur photo.png -o sharp.png
      estimate the blur and remove it (colour, 16-bit and alpha are kept)
  deblur photo.png -o sharp.png --roi 800,600,700,500
      estimate the blur on that region (X,Y,W,H in pixels; --roi select: drag it in a window),
      deblur the whole photo with it
  deblur burst/*.jpg --output-dir sharp --kernel-from burst/001.jpg --jobs 2 --summary run.csv
      one kernel for a whole burst, two photos at a time, a row per photo in run.csv
  deblur photo.jpg -o sharp.png --kernel-size 31 --save-kernel kernel.png --preview
      31x31 kernel, saved for viewing, with a live window (space pauses, s saves, q stops)
  deblur --print-config > mine.toml
      every configuration key with its meaning, range and default
  deblur photo.png -o sharp.tif --config mine.toml --set section.key=value --trace run.csv
      tune the solver: edit the printed file, override single keys with --set

Precedence: defaults < --config file < --set < --kernel-size/--threads.
Ctrl-C once stops early and still writes the result; twice aborts (nothing written).

Exit status:
  0  success
  2  bad usage, bad configuration or bad input file (nothing is written; in a
     batch, the bad photo is skipped and the others are written)
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

// "X,Y,W,H" in pixels: four whole numbers, the size positive.
solvers::Region parse_roi(const std::string& text) {
  if (text.empty()) throw BadInput("--roi is empty: expected X,Y,W,H in pixels (e.g. 100,80,600,400) or 'select'");
  long v[4];
  const char *p = text.data(), *end = text.data() + text.size();
  for (int i = 0; i < 4; ++i) {
    const auto [next, error] = std::from_chars(p, end, v[i]);
    if (error != std::errc() || (i < 3 ? next == end || *next != ',' : next != end))
      throw BadInput(fmt::format("--roi {}: expected X,Y,W,H in pixels (e.g. 100,80,600,400) or 'select'", text));
    p = next + 1;
  }
  if (v[0] < 0 || v[1] < 0) throw BadInput(fmt::format("--roi {}: X and Y must not be negative", text));
  if (v[2] < 1 || v[3] < 1) throw BadInput(fmt::format("--roi {}: W and H must be positive", text));
  return {v[0], v[1], v[2], v[3]};
}

// The combinations that cannot mean anything, each named in one line.
void check_combinations(const CommandLine& c) {
  if (c.inputs.empty()) throw BadInput("missing INPUT image (see deblur --help)");
  if (!c.output.empty() && !c.output_dir.empty()) throw BadInput("-o and --output-dir exclude each other");
  if (c.output.empty() && c.output_dir.empty()) throw BadInput("missing -o OUTPUT or --output-dir DIR (see deblur --help)");
  if (!c.output.empty() && c.inputs.size() > 1)
    throw BadInput(fmt::format("-o names one output but {} inputs were given; use --output-dir DIR", c.inputs.size()));
  if (!c.suffix.empty() && c.output_dir.empty()) throw BadInput("--suffix needs --output-dir");
  if (!c.kernel.empty() && c.kernel_size)
    throw BadInput("--kernel and --kernel-size exclude each other: the given kernel has its own size");
  if (!c.kernel.empty() && !c.kernel_from.empty()) throw BadInput("--kernel and --kernel-from exclude each other");
  if (!c.kernel.empty() && (c.roi || c.select_roi))
    throw BadInput("--roi chooses where the kernel is estimated; with --kernel there is no estimation");
  // Each of these follows one estimation: with several inputs, that of --kernel-from.
  const bool one_estimation = c.inputs.size() == 1 || !c.kernel_from.empty();
  if (!one_estimation && c.select_roi)
    throw BadInput("--roi select picks the region on one photo: with several inputs, add --kernel-from PHOTO");
  if (!one_estimation) {
    for (const auto& [used, flag] : {std::pair{c.preview, "--preview"}, {!c.save_kernel.empty(), "--save-kernel"},
                                     {!c.trace.empty(), "--trace"}, {!c.snapshots.empty(), "--snapshots"}})
      if (used)
        throw BadInput(fmt::format("{} follows one kernel estimation; with several inputs, that of --kernel-from PHOTO", flag));
  }
}

}  // namespace

CommandLine parse_command_line(int argc, char** argv) {
  CommandLine c;
  CLI::App app{"deblur: removes camera-shake blur from a photo when the blur is unknown (blind deconvolution).",
               "deblur"};
  app.footer(kFooter);
  app.set_version_flag("--version", kVersionText);
  std::string kernel_size, roi;
  int quiet = 0;
  app.add_option("INPUT", c.inputs, "blurred photos: PNG, JPEG, TIFF, BMP, WebP or PNM; 8/16-bit; grey, colour or with alpha");
  app.add_option("-o,--output", c.output, "deblurred result (one INPUT); the format follows the extension; never the input itself");
  app.add_option("--output-dir", c.output_dir, "write each result as DIR/<input name>, in the input's format; DIR is created if missing")
      ->option_text("DIR");
  app.add_option("--suffix", c.suffix, "with --output-dir: DIR/<input stem><suffix>.<ext>, e.g. _sharp")->option_text("TEXT");
  app.add_option("--config", c.config, "TOML configuration file (see --print-config)")->option_text("FILE");
  app.add_option("--set", c.sets, "override one configuration key; repeatable")->option_text("SECTION.KEY=VALUE");
  app.add_flag("--print-config", c.print_config, "print the effective configuration as a TOML file and exit");
  app.add_option("--kernel-size", kernel_size, "kernel side in pixels (odd) or 'auto' (default)")->option_text("N|auto");
  app.add_option("--save-kernel", c.save_kernel, "save the kernel: .tiff float32 exact, .png scaled for viewing, .csv")
      ->option_text("FILE");
  app.add_option("--kernel", c.kernel, "skip estimation: deconvolve with this kernel (.tiff, .png or .csv)")
      ->option_text("FILE");
  app.add_option("--kernel-from", c.kernel_from, "estimate one kernel on PHOTO (e.g. the first of a burst) and deblur every input with it")
      ->option_text("PHOTO");
  app.add_option("--roi", roi, "estimate the kernel on this region of the photo (pixels), or drag it in a window")
      ->option_text("X,Y,W,H|select");
  app.add_option("--jobs", c.jobs, "photos deblurred at once, sharing the threads (default 1: in turn, all threads each)")
      ->option_text("N");
  app.add_option("--summary", c.summary, "write one row per photo: input, output, kernel, region, seconds, status")
      ->option_text("FILE.csv|FILE.json");
  app.add_flag("--preview", c.preview, "live window: input, estimate, kernel, objective (needs a display)");
  app.add_option("--snapshots", c.snapshots, "write estimate and kernel PNGs every snapshots.every iterations")
      ->option_text("DIR");
  app.add_option("--trace", c.trace, "write one CSV row per iteration")->option_text("FILE.csv");
  app.add_option("--threads", c.threads, "worker threads; 0 = all cores (the result is the same for every N)")->option_text("N");
  app.add_flag("-q,--quiet", quiet, "errors only");
  app.add_flag("-v,--verbose", c.verbosity, "more detail: the input read, and the solver's report per scale with timings");
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
  if (c.verbosity > 1)
    throw BadInput("-vv: there is no level above -v; --trace FILE.csv records every iteration (see deblur --help)");
  if (quiet) c.verbosity = -1;
  if (!kernel_size.empty()) c.kernel_size = parse_kernel_size(kernel_size);
  if (c.threads && *c.threads < 0) throw BadInput(fmt::format("--threads {}: must be 0 (all cores) or more", *c.threads));
  if (c.jobs < 1) throw BadInput(fmt::format("--jobs {}: must be 1 or more", c.jobs));
  if (roi == "select") c.select_roi = true;
  else if (app.count("--roi")) c.roi = parse_roi(roi);
  if (!c.print_config) check_combinations(c);
  return c;
}

}  // namespace deblur::app
