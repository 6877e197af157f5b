#pragma once
// MsgpackWriter: the few MessagePack forms the store scripts decode with Redis's built-in
// cmsgpack (arrays, binary-safe strings, small non-negative integers), appended to one buffer.
// Numbers the scripts pass on to Redis commands (amounts, scores, TTLs, limits) travel as
// decimal strings: Lua 5.1 would print a large number in exponent form. Not thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

namespace skillbridge {

class MsgpackWriter final {
 public:
  // Starts an array of `size` elements (the next `size` values written are its elements).
  void Array(uint32_t size);
  // A string of any bytes (msgpack str; cmsgpack gives a Lua string).
  void String(std::string_view bytes);
  // A non-negative integer below 2^31.
  void SmallInt(uint32_t value);

  const std::string& bytes() const { return out_; }
  std::string Release() { return std::move(out_); }

 private:
  void Header(uint8_t fixed_base, uint32_t fixed_limit, uint8_t marker8, uint8_t marker16, uint8_t marker32,
              uint32_t size);
  std::string out_;
};

}  // namespace skillbridge
