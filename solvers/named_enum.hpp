#pragma once
// Choices are enum classes; their names exist only at the edges (TOML, --set, --print-config, the
// report table). Each enum has one table of {value, name} pairs, `names(E)`, found by
// argument-dependent lookup, and one to_string/parse pair serves them all.
#include <array>
#include <optional>
#include <string_view>
#include <type_traits>

namespace deblur::solvers {

template <class E>
struct Named {
  E value;
  std::string_view name;
};

template <class E>
concept NamedEnum = std::is_enum_v<E> && requires { names(E{}); };

// e's name; empty for a value outside the table.
template <NamedEnum E>
constexpr std::string_view to_string(E e) {
  for (const Named<E>& n : names(E{}))
    if (n.value == e) return n.name;
  return {};
}

// The value named `name`, if one is.
template <NamedEnum E>
constexpr std::optional<E> parse(std::string_view name) {
  for (const Named<E>& n : names(E{}))
    if (n.name == name) return n.value;
  return std::nullopt;
}

}  // namespace deblur::solvers
