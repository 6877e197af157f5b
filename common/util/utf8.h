#pragma once
// UTF-8 hygiene for text that came from a caller and goes back out (error messages, log lines,
// JSON bodies): protobuf refuses to serialize a string field holding invalid UTF-8, and a JSON
// consumer may reject it. Pure functions; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace skillbridge {

// Length of the well-formed UTF-8 sequence at the start of `text` (1..4), or 0 when it does not
// start with one (stray continuation byte, truncated, overlong, surrogate, above U+10FFFF).
// `text` must not be empty.
size_t Utf8SequenceLength(std::string_view text);

// `text` with every byte that does not start a well-formed sequence replaced by U+FFFD.
std::string ToValidUtf8(std::string_view text);

}  // namespace skillbridge
