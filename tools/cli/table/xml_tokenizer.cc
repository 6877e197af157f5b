#include "tools/cli/table/xml_tokenizer.h"

#include <cstdint>
#include <cstring>

#include "common/util/concat.h"

namespace skillbridge::cli {
namespace {

// Deeper nesting than any spreadsheet part has: refused so a hostile part cannot grow the stack.
constexpr size_t kMaxDepth = 256;

// Ends a name: whitespace, '/', '>', '=' (and '<', never part of one).
bool EndsName(char c) { return IsXmlSpace(c) || c == '/' || c == '>' || c == '=' || c == '<'; }

std::string_view LocalName(std::string_view qualified) {
  const size_t colon = qualified.find(':');
  return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

bool IsNamespaceDeclaration(std::string_view qualified) {
  return qualified == "xmlns" || qualified.substr(0, 6) == "xmlns:";
}

void AppendUtf8(uint32_t code, std::string& out) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// The character of a reference body such as "#65" or "#x41" (without '&' and ';').
bool DecodeCharacterReference(std::string_view body, uint32_t& code) {
  if (body.size() < 2 || body[0] != '#') {
    return false;
  }
  const bool hex = body[1] == 'x';
  std::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 8) {
    return false;
  }
  code = 0;
  for (char c : digits) {
    uint32_t digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<uint32_t>(c - '0');
    } else if (hex && c >= 'a' && c <= 'f') {
      digit = static_cast<uint32_t>(c - 'a' + 10);
    } else if (hex && c >= 'A' && c <= 'F') {
      digit = static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return false;
    }
    code = code * (hex ? 16 : 10) + digit;
  }
  return code != 0 && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
}

}  // namespace

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view TrimXmlSpace(std::string_view text) {
  while (!text.empty() && IsXmlSpace(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && IsXmlSpace(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) {
      return false;
    }
  }
  return true;
}

XmlTokenizer::XmlTokenizer(std::string_view xml) : xml_(xml) {
  if (xml_.substr(0, 3) == "\xEF\xBB\xBF") {
    pos_ = 3;
  }
  attributes_.reserve(8);
}

bool XmlTokenizer::Fail(std::string_view what) {
  if (status_.ok()) {
    status_ = absl::InvalidArgumentError(Concat("malformed XML at byte ", pos_, ": ", what));
  }
  pos_ = xml_.size();
  return false;
}

bool XmlTokenizer::Skip(std::string_view terminator, std::string_view what) {
  const size_t end = xml_.find(terminator, pos_);
  if (end == std::string_view::npos) {
    return Fail(Concat("unterminated ", what));
  }
  pos_ = end + terminator.size();
  return true;
}

bool XmlTokenizer::Next() {
  if (!status_.ok()) {
    return false;
  }
  if (pending_end_) {
    pending_end_ = false;
    token_ = Token::kEndTag;
    open_.pop_back();
    return true;
  }
  while (pos_ < xml_.size()) {
    if (xml_[pos_] != '<') {
      const char* start = xml_.data() + pos_;
      const void* lt = std::memchr(start, '<', xml_.size() - pos_);
      const size_t end = lt == nullptr ? xml_.size() : static_cast<size_t>(static_cast<const char*>(lt) - xml_.data());
      text_ = xml_.substr(pos_, end - pos_);
      text_is_cdata_ = false;
      pos_ = end;
      token_ = Token::kText;
      return true;
    }
    std::string_view rest = xml_.substr(pos_);
    if (rest.substr(0, 4) == "<!--") {
      pos_ += 4;
      if (!Skip("-->", "comment")) {
        return false;
      }
    } else if (rest.substr(0, 9) == "<![CDATA[") {
      pos_ += 9;
      const size_t end = xml_.find("]]>", pos_);
      if (end == std::string_view::npos) {
        return Fail("unterminated CDATA section");
      }
      text_ = xml_.substr(pos_, end - pos_);
      text_is_cdata_ = true;
      pos_ = end + 3;
      token_ = Token::kText;
      return true;
    } else if (rest.substr(0, 2) == "<?") {
      pos_ += 2;
      if (!Skip("?>", "processing instruction")) {
        return false;
      }
    } else if (rest.substr(0, 2) == "<!") {
      return Fail("document type declarations are not allowed");
    } else if (rest.substr(0, 2) == "</") {
      return ReadEndTag();
    } else {
      return ReadStartTag();
    }
  }
  if (!open_.empty()) {
    return Fail(Concat("the document ends inside <", open_.back(), "> (truncated?)"));
  }
  return false;
}

bool XmlTokenizer::ReadStartTag() {
  ++pos_;  // '<'
  const size_t name_start = pos_;
  while (pos_ < xml_.size() && !EndsName(xml_[pos_])) {
    ++pos_;
  }
  if (pos_ == name_start) {
    return Fail("a '<' that starts no tag");
  }
  const std::string_view qualified = xml_.substr(name_start, pos_ - name_start);
  attributes_.clear();
  while (true) {
    while (pos_ < xml_.size() && IsXmlSpace(xml_[pos_])) {
      ++pos_;
    }
    if (pos_ >= xml_.size()) {
      return Fail(Concat("unterminated tag <", qualified, ">"));
    }
    const char c = xml_[pos_];
    if (c == '>' || (c == '/' && pos_ + 1 < xml_.size() && xml_[pos_ + 1] == '>')) {
      pos_ += c == '>' ? 1 : 2;
      pending_end_ = c == '/';
      break;
    }
    const size_t attribute_start = pos_;
    while (pos_ < xml_.size() && !EndsName(xml_[pos_])) {
      ++pos_;
    }
    if (pos_ == attribute_start) {
      return Fail(Concat("unexpected '", std::string_view(&xml_[pos_], 1), "' in tag <", qualified, ">"));
    }
    const std::string_view attribute = xml_.substr(attribute_start, pos_ - attribute_start);
    while (pos_ < xml_.size() && IsXmlSpace(xml_[pos_])) {
      ++pos_;
    }
    if (pos_ >= xml_.size() || xml_[pos_] != '=') {
      return Fail(Concat("attribute ", attribute, " of <", qualified, "> has no value"));
    }
    ++pos_;
    while (pos_ < xml_.size() && IsXmlSpace(xml_[pos_])) {
      ++pos_;
    }
    if (pos_ >= xml_.size() || (xml_[pos_] != '"' && xml_[pos_] != '\'')) {
      return Fail(Concat("the value of attribute ", attribute, " of <", qualified, "> is not quoted"));
    }
    const char quote = xml_[pos_++];
    const size_t close = xml_.find(quote, pos_);
    if (close == std::string_view::npos) {
      return Fail(Concat("the value of attribute ", attribute, " of <", qualified, "> is not closed"));
    }
    attributes_.emplace_back(attribute, xml_.substr(pos_, close - pos_));
    pos_ = close + 1;
  }
  if (open_.size() >= kMaxDepth) {
    return Fail(Concat("elements nested deeper than ", kMaxDepth));
  }
  open_.push_back(qualified);
  name_ = LocalName(qualified);
  token_ = Token::kStartTag;
  return true;
}

bool XmlTokenizer::ReadEndTag() {
  pos_ += 2;  // "</"
  const size_t name_start = pos_;
  while (pos_ < xml_.size() && !EndsName(xml_[pos_])) {
    ++pos_;
  }
  const std::string_view qualified = xml_.substr(name_start, pos_ - name_start);
  while (pos_ < xml_.size() && IsXmlSpace(xml_[pos_])) {
    ++pos_;
  }
  if (pos_ >= xml_.size() || xml_[pos_] != '>') {
    return Fail(Concat("unterminated end tag </", qualified, ">"));
  }
  ++pos_;
  if (open_.empty()) {
    return Fail(Concat("end tag </", qualified, "> without a start tag"));
  }
  if (open_.back() != qualified) {
    return Fail(Concat("end tag </", qualified, "> closes <", open_.back(), ">"));
  }
  open_.pop_back();
  name_ = LocalName(qualified);
  token_ = Token::kEndTag;
  return true;
}

std::optional<std::string_view> XmlTokenizer::RawAttribute(std::string_view local_name) const {
  for (const auto& [qualified, value] : attributes_) {
    if (LocalName(qualified) == local_name && !IsNamespaceDeclaration(qualified)) {
      return value;
    }
  }
  return std::nullopt;
}

absl::Status XmlTokenizer::Attribute(std::string_view local_name, std::optional<std::string>& value) const {
  value.reset();
  std::optional<std::string_view> raw = RawAttribute(local_name);
  if (!raw.has_value()) {
    return absl::OkStatus();
  }
  std::string decoded;
  if (absl::Status status = DecodeInto(*raw, decoded); !status.ok()) {
    return status;
  }
  value = std::move(decoded);
  return absl::OkStatus();
}

absl::Status XmlTokenizer::AppendText(std::string& out) const {
  if (text_is_cdata_) {
    out.append(text_);
    return absl::OkStatus();
  }
  return DecodeInto(text_, out);
}

absl::Status XmlTokenizer::DecodeInto(std::string_view raw, std::string& out) {
  size_t i = 0;
  while (i < raw.size()) {
    // Copy the run up to the next character that needs work.
    size_t run = i;
    while (run < raw.size() && raw[run] != '&' && raw[run] != '\r') {
      ++run;
    }
    out.append(raw.substr(i, run - i));
    i = run;
    if (i >= raw.size()) {
      break;
    }
    if (raw[i] == '\r') {
      out.push_back('\n');
      i += (i + 1 < raw.size() && raw[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    const size_t semicolon = raw.find(';', i + 1);
    if (semicolon == std::string_view::npos || semicolon - i > 12) {
      return absl::InvalidArgumentError("malformed XML: a '&' that starts no reference (write &amp;)");
    }
    const std::string_view body = raw.substr(i + 1, semicolon - i - 1);
    uint32_t code = 0;
    if (body == "amp") {
      out.push_back('&');
    } else if (body == "lt") {
      out.push_back('<');
    } else if (body == "gt") {
      out.push_back('>');
    } else if (body == "quot") {
      out.push_back('"');
    } else if (body == "apos") {
      out.push_back('\'');
    } else if (DecodeCharacterReference(body, code)) {
      AppendUtf8(code, out);
    } else {
      return absl::InvalidArgumentError(Concat("malformed XML: unknown or invalid reference &", body, ";"));
    }
    i = semicolon + 1;
  }
  return absl::OkStatus();
}

}  // namespace skillbridge::cli
