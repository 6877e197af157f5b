#pragma once
// Concat: joins std::string_view-convertible text and integers into one std::string. Exists
// because Debian's Abseil (20220623) has its own absl::string_view, so absl::StrCat does not
// take std::string_view. Header-only, pure.

#include <concepts>
#include <string>
#include <string_view>

namespace skillbridge {

namespace concat_internal {

inline void Append(std::string& out, std::string_view part) { out.append(part); }
inline void Append(std::string& out, char part) { out.push_back(part); }
template <std::integral Integer>
requires(!std::same_as<Integer, char> && !std::same_as<Integer, bool>) void Append(std::string& out, Integer value) {
  out.append(std::to_string(value));
}

}  // namespace concat_internal

template <typename... Parts>
std::string Concat(const Parts&... parts) {
  std::string out;
  (concat_internal::Append(out, parts), ...);
  return out;
}

}  // namespace skillbridge
