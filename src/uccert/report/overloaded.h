// std::visit over a Report's alternatives with one lambda each (the C++ idiom, in one place).
#pragma once

namespace uccert::report {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace uccert::report
