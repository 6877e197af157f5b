#include "common/util/json_line.h"

#include <cmath>
#include <cstdio>

#include "absl/strings/str_format.h"
#include "common/util/utf8.h"

namespace skillbridge {

std::string JsonString(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  while (!text.empty()) {
    const char c = text.front();
    const size_t length = Utf8SequenceLength(text);
    if (length == 0) {
      out += "\\ufffd";
      text.remove_prefix(1);
      continue;
    }
    if (length > 1) {
      out.append(text.substr(0, length));
      text.remove_prefix(length);
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          out += absl::StrFormat("\\u%04x", static_cast<unsigned char>(c));
        } else {
          out.push_back(c);
        }
    }
    text.remove_prefix(1);
  }
  out.push_back('"');
  return out;
}

void JsonLine::Key(std::string_view key) {
  if (body_.size() > 1) {
    body_.push_back(',');
  }
  body_.push_back('"');
  body_.append(key);
  body_ += "\":";
}

JsonLine& JsonLine::Add(std::string_view key, std::string_view value) {
  Key(key);
  body_ += JsonString(value);
  return *this;
}

JsonLine& JsonLine::Add(std::string_view key, int64_t value) {
  Key(key);
  body_ += std::to_string(value);
  return *this;
}

JsonLine& JsonLine::Add(std::string_view key, uint64_t value) {
  Key(key);
  body_ += std::to_string(value);
  return *this;
}

JsonLine& JsonLine::Add(std::string_view key, double value) {
  Key(key);
  // JSON has no NaN or infinity; "nan" or "inf" would make the whole line unparseable.
  body_ += std::isfinite(value) ? absl::StrFormat("%.3f", value) : std::string("null");
  return *this;
}

JsonLine& JsonLine::Add(std::string_view key, bool value) {
  Key(key);
  body_ += value ? "true" : "false";
  return *this;
}

JsonLine& JsonLine::Add(std::string_view key, const absl::Status& status) {
  return Add(key, std::string_view(status.message().data(), status.message().size()));
}

JsonLine& JsonLine::AddRaw(std::string_view key, std::string_view json) {
  Key(key);
  body_.append(json);
  return *this;
}

void JsonLine::Write() const {
  const std::string line = str() + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace skillbridge
