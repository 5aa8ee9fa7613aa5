#include "app/run_summary.hpp"

#include "app/atomic_write.hpp"
#include "app/errors.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <fstream>

namespace deblur::app {
namespace {

bool is_json(const std::string& path) { return std::filesystem::path(path).extension() == ".json"; }

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string quoted = "\"";
  for (char ch : s) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return quoted + "\"";
}

std::string json_string(const std::string& s) {
  std::string quoted = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') quoted += '\\';
    if (static_cast<unsigned char>(ch) < 0x20) quoted += fmt::format("\\u{:04x}", ch);
    else quoted += ch;
  }
  return quoted + "\"";
}

// The columns, in order, each as text (numbers) or a string; absent values are empty (CSV) or null.
struct Column {
  const char* name;
  std::optional<std::string> text;  // nullopt: no value
  bool number;
};

std::vector<Column> columns(const PhotoOutcome& o) {
  const bool has_kernel = o.kernel_cols > 0;
  const auto number = [](bool present, auto v) { return present ? std::optional(fmt::format("{}", v)) : std::nullopt; };
  const auto& r = o.region;
  return {{"input", o.input, false},
          {"output", o.output, false},
          {"status", std::string(solvers::to_string(o.status)), false},
          {"kernel_width", number(has_kernel, o.kernel_cols), true},
          {"kernel_height", number(has_kernel, o.kernel_rows), true},
          {"kernel_support", number(has_kernel, o.kernel_support), true},
          {"region_x", number(r.has_value(), r ? r->col : 0), true},
          {"region_y", number(r.has_value(), r ? r->row : 0), true},
          {"region_width", number(r.has_value(), r ? r->cols : 0), true},
          {"region_height", number(r.has_value(), r ? r->rows : 0), true},
          {"seconds", fmt::format("{:.2f}", o.seconds), true},
          {"error", o.error, false}};
}

std::string csv(const std::vector<PhotoOutcome>& outcomes) {
  std::vector<std::string> header;
  for (const Column& c : columns(PhotoOutcome{})) header.push_back(c.name);
  std::string text = fmt::format("{}\n", fmt::join(header, ","));
  for (const PhotoOutcome& o : outcomes) {
    std::vector<std::string> row;
    for (const Column& c : columns(o)) row.push_back(csv_field(c.text.value_or("")));
    text += fmt::format("{}\n", fmt::join(row, ","));
  }
  return text;
}

std::string json(const std::vector<PhotoOutcome>& outcomes) {
  std::vector<std::string> records;
  for (const PhotoOutcome& o : outcomes) {
    std::vector<std::string> fields;
    for (const Column& c : columns(o))
      fields.push_back(fmt::format("\"{}\": {}", c.name, !c.text ? std::string("null") : c.number ? *c.text : json_string(*c.text)));
    records.push_back(fmt::format("  {{{}}}", fmt::join(fields, ", ")));
  }
  return fmt::format("[\n{}\n]\n", fmt::join(records, ",\n"));
}

}  // namespace

void check_summary_path(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext != ".csv" && ext != ".json")
    throw BadInput(fmt::format("{}: --summary writes .csv or .json, not '{}'", path, ext));
  check_writable_target(path);
}

void write_summary(const std::string& path, const std::vector<PhotoOutcome>& outcomes) {
  const std::string text = is_json(path) ? json(outcomes) : csv(outcomes);
  write_atomically(path, [&](const std::string& temporary) {
    std::ofstream out(temporary, std::ios::binary);
    out << text;
    return static_cast<bool>(out.flush());
  });
}

}  // namespace deblur::app
