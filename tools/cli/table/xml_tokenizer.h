#pragma once
// A small pull tokenizer for the XML parts of an .xlsx workbook (UTF-8, no DTD): start tags with
// their attributes, end tags and text, in document order. Comments, processing instructions and
// the XML declaration are skipped; CDATA sections are text; a self-closing tag `<a/>` comes as a
// start tag followed by its end tag. End tags must match their start tags, and the document must
// not end inside an element. Names are matched by their local part (`x:row` is `row`), since
// writers choose their own namespace prefixes. Nothing is copied until text or an attribute is
// decoded (the five predefined entities and character references; `\r\n` becomes `\n`).
//
// Errors are INVALID_ARGUMENT "malformed XML at byte N: ..." (the caller names the part); after
// one, Next() returns false and status() holds it. Not thread-safe (one reader per instance).
// The free text helpers below are pure and thread-safe.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace skillbridge::cli {

// True for the four characters XML calls white space: space, tab, line feed, carriage return.
bool IsXmlSpace(char c);

// `text` without XML white space at its start and end (a view into `text`).
std::string_view TrimXmlSpace(std::string_view text);

// Whether `a` and `b` are equal when ASCII letters are compared without case ("TRUE" and "true");
// other bytes (UTF-8 included) must match exactly.
bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b);

class XmlTokenizer {
 public:
  enum class Token { kStartTag, kEndTag, kText };

  // `xml` must outlive the tokenizer. A UTF-8 byte-order mark is skipped.
  explicit XmlTokenizer(std::string_view xml);

  // Moves to the next token: false at the end of the document or on an error (see status()).
  bool Next();
  const absl::Status& status() const { return status_; }

  Token token() const { return token_; }
  // Start and end tags: the local name (without prefix).
  std::string_view name() const { return name_; }
  // Elements open around the current token (a start tag counts itself, an end tag does not).
  size_t depth() const { return open_.size(); }

  // Start tags: the raw (undecoded) value of the attribute whose local name is `local_name`
  // (namespace declarations excluded), or nullopt.
  std::optional<std::string_view> RawAttribute(std::string_view local_name) const;
  // The same, decoded; INVALID_ARGUMENT for a bad reference.
  absl::Status Attribute(std::string_view local_name, std::optional<std::string>& value) const;

  // Text tokens: appends the decoded text to `out`.
  absl::Status AppendText(std::string& out) const;
  // Text tokens: the raw text (entities not decoded).
  std::string_view raw_text() const { return text_; }

  // Decodes entity and character references in `raw` (and `\r\n`, `\r` to `\n`), appending to
  // `out`. INVALID_ARGUMENT naming the reference that is unknown or not a character.
  static absl::Status DecodeInto(std::string_view raw, std::string& out);

 private:
  bool Fail(std::string_view what);
  bool ReadStartTag();
  bool ReadEndTag();
  bool Skip(std::string_view terminator, std::string_view what);

  std::string_view xml_;
  size_t pos_ = 0;
  absl::Status status_;
  Token token_ = Token::kText;
  std::string_view name_;
  std::string_view text_;
  bool text_is_cdata_ = false;
  bool pending_end_ = false;  // the last start tag was self-closing: its end tag comes next
  std::vector<std::pair<std::string_view, std::string_view>> attributes_;  // qualified name, raw value
  std::vector<std::string_view> open_;                                     // qualified names of open elements
};

}  // namespace skillbridge::cli
