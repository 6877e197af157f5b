#include "common/store/feed.h"

#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/status/errors.h"

namespace skillbridge {
namespace {

absl::string_view ToAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

bool IsDecimal(absl::string_view text) {
  if (text.empty() || text.size() > 20) {
    return false;
  }
  for (char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  uint64_t value = 0;
  return absl::SimpleAtoi(text, &value);
}

// "ms" → "ms-0" so that the id means the same to XREAD and to exclusive XREVRANGE bounds.
std::string FullId(const std::string& id) { return id.find('-') == std::string::npos ? absl::StrCat(id, "-0") : id; }

// Converts one XRANGE/XREAD entry ([id, [field, value, ...]]).
absl::StatusOr<StreamEntry> ToEntry(const redisReply* entry, absl::string_view payload_field) {
  if (ReplySize(entry) != 2) {
    return absl::InternalError("unexpected stream entry shape");
  }
  StreamEntry out;
  out.id = std::string(ReplyString(ReplyElement(entry, 0)));
  const redisReply* fields = ReplyElement(entry, 1);
  for (size_t i = 0; i + 1 < ReplySize(fields); i += 2) {
    if (ToAbsl(ReplyString(ReplyElement(fields, i))) == payload_field) {
      out.payload = std::string(ReplyString(ReplyElement(fields, i + 1)));
      break;
    }
  }
  return out;
}

absl::Status AppendEntries(const redisReply* entries, absl::string_view payload_field, FeedPage* page) {
  page->entries.reserve(page->entries.size() + ReplySize(entries));
  for (size_t i = 0; i < ReplySize(entries); ++i) {
    absl::StatusOr<StreamEntry> entry = ToEntry(ReplyElement(entries, i), payload_field);
    if (!entry.ok()) {
      return entry.status();
    }
    page->entries.push_back(*std::move(entry));
  }
  if (!page->entries.empty()) {
    page->last_id = page->entries.back().id;
  }
  return absl::OkStatus();
}

absl::Status ValidateCount(int max_entries) {
  if (max_entries <= 0) {
    return InvalidArgumentError("max_entries", "must be positive");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateStreamId(std::string_view id, std::string_view field) {
  absl::string_view text = ToAbsl(id);
  if (text.empty()) {
    return absl::OkStatus();
  }
  const size_t dash = text.find('-');
  const bool ok = dash == absl::string_view::npos ? IsDecimal(text)
                                                  : IsDecimal(text.substr(0, dash)) && IsDecimal(text.substr(dash + 1));
  if (!ok) {
    return InvalidArgumentError(field, "must be a stream id such as \"1700000000000-0\"");
  }
  return absl::OkStatus();
}

absl::StatusOr<FeedPage> ReadFeed(RedisClient& redis, const std::string& stream, const std::string& after_id,
                                  int max_entries, std::chrono::milliseconds wait, const std::string& payload_field) {
  if (absl::Status s = ValidateStreamId(after_id, "after_id"); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateCount(max_entries); !s.ok()) {
    return s;
  }
  std::vector<std::string> argv = {"XREAD", "COUNT", std::to_string(max_entries)};
  const bool block = wait.count() > 0;
  if (block) {
    argv.push_back("BLOCK");
    argv.push_back(std::to_string(wait.count()));
  }
  argv.push_back("STREAMS");
  argv.push_back(stream);
  argv.push_back(after_id.empty() ? std::string("0-0") : after_id);
  absl::StatusOr<RedisReply> reply = block ? redis.BlockingCommand(argv, wait) : redis.Command(argv);
  if (!reply.ok()) {
    return reply.status();
  }
  FeedPage page;
  page.last_id = after_id;
  if (reply->is_nil()) {
    return page;  // nothing arrived within `wait`
  }
  // [[stream, [entries...]]]
  const redisReply* stream_reply = reply->element(0);
  if (ReplySize(stream_reply) != 2) {
    return absl::InternalError("unexpected XREAD reply shape");
  }
  if (absl::Status s = AppendEntries(ReplyElement(stream_reply, 1), ToAbsl(payload_field), &page); !s.ok()) {
    return s;
  }
  return page;
}

absl::StatusOr<FeedPage> ReadStreamNewestFirst(RedisClient& redis, const std::string& stream,
                                               const std::string& before_id, int max_entries,
                                               const std::string& payload_field) {
  if (absl::Status s = ValidateStreamId(before_id, "before_id"); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateCount(max_entries); !s.ok()) {
    return s;
  }
  FeedPage page;
  page.last_id = before_id;
  std::string end = "+";
  if (!before_id.empty()) {
    const std::string full = FullId(before_id);
    if (full == "0-0") {
      return page;  // nothing precedes the smallest id
    }
    end = absl::StrCat("(", full);
  }
  absl::StatusOr<RedisReply> reply =
      redis.Command({"XREVRANGE", stream, end, "-", "COUNT", std::to_string(max_entries)});
  if (!reply.ok()) {
    return reply.status();
  }
  if (absl::Status s = AppendEntries(reply->raw(), ToAbsl(payload_field), &page); !s.ok()) {
    return s;
  }
  return page;
}

absl::StatusOr<std::string> AppendToStream(RedisClient& redis, const std::string& stream, const std::string& field,
                                           const std::string& payload) {
  absl::StatusOr<RedisReply> reply = redis.Command({"XADD", stream, "*", field, payload});
  if (!reply.ok()) {
    return reply.status();
  }
  return std::string(reply->str());
}

}  // namespace skillbridge
