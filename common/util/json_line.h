#pragma once
// JSON for log lines and small JSON bodies, escaped in one place:
//  - JsonString: a JSON string literal (quotes included). Control characters are escaped,
//    invalid UTF-8 bytes become U+FFFD, so whatever a caller sent can never break a line or the
//    JSON around it;
//  - JsonLine: one object built field by field, written as a single line:
//      JsonLine().Add("level", "warning").Add("msg", "waiting for redis").Add("error", status).Write();
//    Numbers and booleans are written bare (a double with three decimals; NaN and infinities,
//    which JSON cannot hold, as null); absl::Status as its message. Keys are the caller's
//    literals (not escaped). Write() appends "\n" and writes the line to stderr with one call, so
//    lines from several threads do not interleave.
// Not thread-safe per JsonLine object; JsonString is pure.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace skillbridge {

std::string JsonString(std::string_view text);

class JsonLine final {
 public:
  JsonLine() = default;

  JsonLine& Add(std::string_view key, std::string_view value);
  JsonLine& Add(std::string_view key, const char* value) { return Add(key, std::string_view(value)); }
  JsonLine& Add(std::string_view key, const std::string& value) { return Add(key, std::string_view(value)); }
  JsonLine& Add(std::string_view key, int64_t value);
  JsonLine& Add(std::string_view key, int value) { return Add(key, static_cast<int64_t>(value)); }
  JsonLine& Add(std::string_view key, uint64_t value);
  JsonLine& Add(std::string_view key, double value);
  JsonLine& Add(std::string_view key, bool value);
  // The status's message (its code is the caller's to add when wanted).
  JsonLine& Add(std::string_view key, const absl::Status& status);
  // `json` is written as it is (an already encoded value, e.g. a nested object).
  JsonLine& AddRaw(std::string_view key, std::string_view json);

  // "{...}" without a line end.
  std::string str() const { return body_ + "}"; }
  // Writes str() + "\n" to stderr.
  void Write() const;

 private:
  void Key(std::string_view key);
  std::string body_ = "{";
};

}  // namespace skillbridge
