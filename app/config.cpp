#include "app/config.hpp"

#include "app/errors.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <sstream>

namespace deblur::app {
namespace {

using solvers::OptionField;

std::string full_name(const OptionField& f) { return f.section + "." + f.key; }

// Shortest text that reads back as the same double, always with a '.' or exponent (a TOML float).
std::string format_double(double v) {
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".eEni") == std::string::npos) s += ".0";
  return s;
}

// The visitors below take an OptionField's value: double*, int* or EnumValue.
std::string format_value(const OptionField& f) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, double*>) return format_double(*v);
        else if constexpr (std::is_same_v<T, int*>) return std::to_string(*v);
        else {
          std::ostringstream s;
          s << toml::value<std::string>(v.get());
          return s.str();
        }
      },
      f.value);
}

std::string allowed(const OptionField& f) {
  return std::visit(
      [&](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, double*>) return fmt::format("a number in [{}, {}]", f.min, f.max);
        else if constexpr (std::is_same_v<T, int*>)
          return fmt::format("an integer in [{}, {}]", static_cast<long long>(f.min), static_cast<long long>(f.max));
        else return fmt::format("one of \"{}\"", fmt::join(v.names, "\", \""));
      },
      f.value);
}

OptionField* find_field(std::vector<OptionField>& fields, const std::string& section, const std::string& key) {
  auto it = std::find_if(fields.begin(), fields.end(),
                         [&](const OptionField& f) { return f.section == section && f.key == key; });
  return it == fields.end() ? nullptr : &*it;
}

bool has_section(const std::vector<OptionField>& fields, const std::string& section) {
  return std::any_of(fields.begin(), fields.end(), [&](const OptionField& f) { return f.section == section; });
}

std::string section_list(const std::vector<OptionField>& fields) {
  std::vector<std::string> sections;
  for (const OptionField& f : fields)
    if (std::find(sections.begin(), sections.end(), f.section) == sections.end()) sections.push_back(f.section);
  return fmt::format("[{}]", fmt::join(sections, "], ["));
}

std::string key_list(const std::vector<OptionField>& fields, const std::string& section) {
  std::vector<std::string> keys;
  for (const OptionField& f : fields)
    if (f.section == section) keys.push_back(f.key);
  return fmt::format("{}", fmt::join(keys, ", "));
}

// A parsed value before it is checked against its field.
struct Value {
  std::optional<double> number;  // integers too
  bool is_integer = false;
  std::optional<std::string> text;
  std::string shown;  // as the user wrote it, for messages
};

// Checks `v` against field `f` and stores it; `where` prefixes every message ("file:3" or "--set").
void assign(OptionField& f, const Value& v, const std::string& where) {
  const std::string name = full_name(f);
  auto fail = [&](const std::string& what) {
    throw BadInput(fmt::format("{}: {} = {} {}; allowed: {}", where, name, v.shown, what, allowed(f)));
  };
  std::visit(
      [&](auto& field) {
        using T = std::decay_t<decltype(field)>;
        if constexpr (std::is_same_v<T, double*> || std::is_same_v<T, int*>) {
          if (!v.number) fail("is not a number");
          const double x = *v.number;
          if (!std::isfinite(x)) fail("is not finite");
          if (std::is_same_v<T, int*> && !v.is_integer) fail("is not an integer");
          if (x < f.min || x > f.max) fail("is out of range");
          *field = static_cast<std::remove_pointer_t<T>>(x);
        } else {
          if (!v.text) fail("is not a string");
          if (!field.set(*v.text)) fail("is not allowed");
        }
      },
      f.value);
}

Value from_toml(const toml::node& node) {
  Value v;
  std::ostringstream shown;
  if (auto i = node.as_integer()) {
    v.number = static_cast<double>(i->get());
    v.is_integer = true;
    shown << i->get();
  } else if (auto d = node.as_floating_point()) {
    v.number = d->get();
    shown << *d;
  } else if (auto s = node.as_string()) {
    v.text = s->get();
    shown << '"' << s->get() << '"';
  } else {
    shown << "(a " << node.type() << ")";
  }
  v.shown = shown.str();
  return v;
}

Value from_text(const std::string& text) {
  Value v;
  v.shown = text;
  if (!text.empty()) {
    char* end = nullptr;
    errno = 0;
    const long long i = std::strtoll(text.c_str(), &end, 10);
    if (*end == '\0' && errno == 0) {
      v.number = static_cast<double>(i);
      v.is_integer = true;
    } else {
      const double d = std::strtod(text.c_str(), &end);
      if (*end == '\0') v.number = d;
    }
  }
  std::string s = text;
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) s = s.substr(1, s.size() - 2);
  v.text = s;
  return v;
}

}  // namespace

void load_config_file(const std::string& path, Settings& settings) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    if (!where) throw BadInput(fmt::format("{}: cannot read config: {}", path, e.description()));
    throw BadInput(fmt::format("{}:{}:{}: malformed TOML: {}", path, where.line, where.column, e.description()));
  }
  std::vector<OptionField> fields = describe(settings);
  for (const auto& [section, node] : root) {
    const std::string here = fmt::format("{}:{}", path, node.source().begin.line);
    const toml::table* table = node.as_table();
    if (!table)
      throw BadInput(fmt::format("{}: key '{}' must be inside a section; sections: {}", here, section.str(),
                                 section_list(fields)));
    if (!has_section(fields, std::string(section.str())))
      throw BadInput(fmt::format("{}: unknown section [{}]; sections: {}", here, section.str(), section_list(fields)));
    for (const auto& [key, value] : *table) {
      const std::string at = fmt::format("{}:{}", path, value.source().begin.line);
      OptionField* f = find_field(fields, std::string(section.str()), std::string(key.str()));
      if (!f)
        throw BadInput(fmt::format("{}: unknown key {}.{}; keys of [{}]: {}", at, section.str(), key.str(),
                                   section.str(), key_list(fields, std::string(section.str()))));
      assign(*f, from_toml(value), at);
    }
  }
}

void apply_assignment(const std::string& assignment, Settings& settings) {
  const auto eq = assignment.find('=');
  const auto dot = assignment.find('.');
  std::vector<OptionField> fields = describe(settings);
  if (eq == std::string::npos || dot == std::string::npos || dot > eq)
    throw BadInput(fmt::format("--set {}: expected section.key=value, e.g. --set {}={}", assignment,
                               full_name(fields.front()), format_value(fields.front())));
  const std::string section = assignment.substr(0, dot), key = assignment.substr(dot + 1, eq - dot - 1);
  OptionField* f = find_field(fields, section, key);
  if (!f) {
    if (!has_section(fields, section))
      throw BadInput(fmt::format("--set {}: unknown section [{}]; sections: {}", assignment, section,
                                 section_list(fields)));
    throw BadInput(fmt::format("--set {}: unknown key {}.{}; keys of [{}]: {}", assignment, section, key, section,
                               key_list(fields, section)));
  }
  assign(*f, from_text(assignment.substr(eq + 1)), "--set");
}

std::string print_config(Settings& settings) {
  Settings defaults;
  const std::vector<OptionField> fields = describe(settings), default_fields = describe(defaults);
  std::string out =
      "# deblur configuration (TOML), as printed by `deblur --print-config`.\n"
      "# Every key is optional: a missing key keeps its default. Use it with `deblur --config FILE`;\n"
      "# `--set section.key=value` overrides a key for one run.\n";
  std::vector<std::string> done;
  for (const OptionField& first : fields) {
    if (std::find(done.begin(), done.end(), first.section) != done.end()) continue;
    done.push_back(first.section);
    out += fmt::format("\n[{}]\n", first.section);
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const OptionField& f = fields[i];
      if (f.section != first.section) continue;
      out += fmt::format("# {}\n# allowed: {}; default: {}\n{} = {}\n", f.doc, allowed(f), format_value(default_fields[i]),
                         f.key, format_value(f));
    }
  }
  return out;
}

}  // namespace deblur::app
