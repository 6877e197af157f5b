// Fuzzes MsgpackWriter (common/redis/msgpack_writer.h), the MessagePack encoder under the atomic
// writes of every store. The write encoder itself (atomic_write.cc) is internal and its only
// public entry point, ApplyAtomicWrites, needs a Redis server, so this target checks the layer
// every encoded write goes through.
//
// The input describes a tree of values (arrays, strings of any bytes and any length up to 70,000,
// integers below 2^31) that is written with the writer and read back here by a strict decoder that
// knows only the forms the header names and the Lua side decodes (fixarray/array16/array32,
// fixstr/str8/str16/str32, positive fixint/uint32).
//
// Invariants:
//  - The bytes decode to exactly the tree that was written, with no byte left over, and every
//    header is the shortest of those forms for its size (fixstr below 32, str8 up to 255, ...).
//  - bytes() and Release() return the same buffer.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>

#include "common/redis/msgpack_writer.h"
#include "tests/fuzz/fuzz_check.h"

namespace skillbridge {
namespace {

struct Value {
  enum class Kind { kArray, kString, kInt };
  Kind kind = Kind::kInt;
  std::vector<Value> elements;
  std::string bytes;
  uint32_t number = 0;

  friend bool operator==(const Value&, const Value&) = default;
};

constexpr int kMaxDepth = 6;
constexpr size_t kMaxElements = 40;

Value Generate(FuzzedDataProvider& provider, int depth) {
  Value value;
  switch (provider.ConsumeIntegralInRange<int>(0, depth < kMaxDepth ? 3 : 2)) {
    case 0:
      value.kind = Value::Kind::kInt;
      value.number = provider.ConsumeIntegralInRange<uint32_t>(0, 0x7FFFFFFF);
      break;
    case 1:
      value.kind = Value::Kind::kString;
      value.bytes = provider.ConsumeRandomLengthString(300);
      break;
    case 2:
      // A long string, to reach the 16- and 32-bit length forms.
      value.kind = Value::Kind::kString;
      value.bytes.assign(provider.ConsumeIntegralInRange<size_t>(0, 70000), provider.ConsumeIntegral<char>());
      break;
    default: {
      value.kind = Value::Kind::kArray;
      const size_t count = provider.ConsumeIntegralInRange<size_t>(0, kMaxElements);
      for (size_t i = 0; i < count && provider.remaining_bytes() > 0; ++i) {
        value.elements.push_back(Generate(provider, depth + 1));
      }
      break;
    }
  }
  return value;
}

void Write(const Value& value, MsgpackWriter& writer) {
  switch (value.kind) {
    case Value::Kind::kInt:
      writer.SmallInt(value.number);
      break;
    case Value::Kind::kString:
      writer.String(value.bytes);
      break;
    case Value::Kind::kArray:
      writer.Array(static_cast<uint32_t>(value.elements.size()));
      for (const Value& element : value.elements) {
        Write(element, writer);
      }
      break;
  }
}

class Decoder final {
 public:
  explicit Decoder(std::string_view bytes) : bytes_(bytes) {}

  std::optional<Value> Next() {
    const std::optional<uint32_t> marker = Read(1);
    if (!marker) {
      return std::nullopt;
    }
    Value value;
    const uint32_t m = *marker;
    if (m < 0x80) {
      value.kind = Value::Kind::kInt;
      value.number = m;
      return value;
    }
    if (m == 0xce) {
      const std::optional<uint32_t> n = Read(4);
      FUZZ_CHECK(!n || *n >= 0x80, "uint32 used for a value that fits a fixint");
      if (!n) {
        return std::nullopt;
      }
      value.kind = Value::Kind::kInt;
      value.number = *n;
      return value;
    }
    std::optional<uint32_t> size;
    if ((m & 0xF0) == 0x90 || m == 0xdc || m == 0xdd) {
      value.kind = Value::Kind::kArray;
      size = (m & 0xF0) == 0x90 ? std::optional<uint32_t>(m & 0x0F) : Read(m == 0xdc ? 2 : 4);
      FUZZ_CHECK(!size || m == ArrayMarker(*size), "array header is not the shortest");
    } else if ((m & 0xE0) == 0xa0 || m == 0xd9 || m == 0xda || m == 0xdb) {
      value.kind = Value::Kind::kString;
      size = (m & 0xE0) == 0xa0 ? std::optional<uint32_t>(m & 0x1F) : Read(m == 0xd9 ? 1 : m == 0xda ? 2 : 4);
      FUZZ_CHECK(!size || m == StrMarker(*size), "str header is not the shortest");
    } else {
      FUZZ_CHECK(false, "a marker outside the documented forms");
    }
    if (!size) {
      return std::nullopt;
    }
    if (value.kind == Value::Kind::kString) {
      if (bytes_.size() - pos_ < *size) {
        return std::nullopt;
      }
      value.bytes.assign(bytes_.substr(pos_, *size));
      pos_ += *size;
      return value;
    }
    for (uint32_t i = 0; i < *size; ++i) {
      std::optional<Value> element = Next();
      if (!element) {
        return std::nullopt;
      }
      value.elements.push_back(std::move(*element));
    }
    return value;
  }

  bool AtEnd() const { return pos_ == bytes_.size(); }

 private:
  // The shortest header of each kind for `size`.
  static uint32_t ArrayMarker(uint32_t size) { return size < 16 ? 0x90 | size : size <= 0xFFFF ? 0xdc : 0xdd; }
  static uint32_t StrMarker(uint32_t size) {
    return size < 32 ? 0xa0 | size : size <= 0xFF ? 0xd9 : size <= 0xFFFF ? 0xda : 0xdb;
  }

  std::optional<uint32_t> Read(size_t count) {
    if (bytes_.size() - pos_ < count) {
      return std::nullopt;
    }
    uint32_t value = 0;
    for (size_t i = 0; i < count; ++i) {
      value = (value << 8) | static_cast<unsigned char>(bytes_[pos_ + i]);
    }
    pos_ += count;
    return value;
  }

  std::string_view bytes_;
  size_t pos_ = 0;
};

}  // namespace
}  // namespace skillbridge

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace skillbridge;  // NOLINT(build/namespaces): one function, all names from here
  FuzzedDataProvider provider(data, size);
  const Value tree = Generate(provider, 0);
  MsgpackWriter writer;
  Write(tree, writer);
  const std::string bytes = writer.bytes();
  Decoder decoder(bytes);
  const std::optional<Value> decoded = decoder.Next();
  FUZZ_CHECK(decoded.has_value(), "the written bytes are truncated");
  FUZZ_CHECK(decoder.AtEnd(), "bytes left over after the written value");
  FUZZ_CHECK(*decoded == tree, "the bytes decode to another value");
  FUZZ_CHECK(writer.Release() == bytes, "Release() differs from bytes()");
  return 0;
}
