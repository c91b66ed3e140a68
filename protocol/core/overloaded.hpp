#pragma once
// The usual std::visit helper: one callable made of several lambdas.

namespace icn {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace icn
