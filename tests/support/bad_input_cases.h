#pragma once
// The building blocks of the bad-input corpora (tests/<service>/<service>_bad_input_test.cc):
// tables of malformed requests made from a valid one by changing one field (BadCase: a name, the
// change, the field path the refusal must name), generators for the field kinds every service
// shares (free text, citizen ID numbers, credit codes, dates, enums, occupation and district
// codes, request ids, page size and token), Nest() to apply a part's cases inside a larger
// request, the check that a status is INVALID_ARGUMENT naming exactly that field, the store-size
// snapshot compared before and after, hand-built wire bytes for invalid UTF-8 (protobuf will not
// serialize it) and the raw call that sends them, and a search of the store for a marker value. Header-only; not
// thread-safe (tests use it from one thread).

#include <chrono>
#include <climits>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include "common/redis/redis_client.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "skillbridge/common/v1/common.pb.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {

// ---------------------------------------------------------------- the case tables

// One malformed request: how it is made from the valid one, and the field path it must name.
template <typename Request>
struct BadCase {
  std::string name;
  std::function<void(Request&)> mutate;
  std::string field;
};

template <typename Request>
using Cases = std::vector<BadCase<Request>>;

template <typename Request>
using StringSetter = std::function<void(Request&, const std::string&)>;

inline std::string Repeat(const std::string& unit, int times) {
  std::string out;
  out.reserve(unit.size() * static_cast<size_t>(times));
  for (int i = 0; i < times; ++i) {
    out += unit;
  }
  return out;
}

// Control, invisible and direction-changing characters, each between two ideographs.
inline const std::vector<std::pair<std::string, std::string>>& ForbiddenCharacters() {
  static const auto* list = new std::vector<std::pair<std::string, std::string>>{
      {"newline", "\n"},
      {"tab", "\t"},
      {"carriage return", "\r"},
      {"NUL", std::string(1, '\0')},
      {"U+0001", "\x01"},
      {"escape", "\x1b"},
      {"DEL", "\x7f"},
      {"U+0085 (C1 control)", "\xc2\x85"},
      {"U+202E (right-to-left override)", "\xe2\x80\xae"},
      {"U+200B (zero-width space)", "\xe2\x80\x8b"},
      {"U+200D (zero-width joiner)", "\xe2\x80\x8d"},
      {"U+200F (right-to-left mark)", "\xe2\x80\x8f"},
      {"U+2066 (left-to-right isolate)", "\xe2\x81\xa6"},
      {"U+2060 (word joiner)", "\xe2\x81\xa0"},
      {"U+FEFF (byte-order mark)", "\xef\xbb\xbf"},
      {"U+00AD (soft hyphen)", "\xc2\xad"},
  };
  return *list;
}

// A free-text field: blank when required, too long, forbidden characters.
template <typename R>
void AddTextCases(Cases<R>& cases, const std::string& field, StringSetter<R> set, bool required, int max_chars) {
  auto add = [&](const std::string& what, const std::string& value) {
    cases.push_back({field + ": " + what, [set, value](R& r) { set(r, value); }, field});
  };
  if (required) {
    add("empty", "");
    add("spaces only", "   ");
    add("ideographic spaces only", "\xe3\x80\x80\xe3\x80\x80");
  }
  add(std::to_string(max_chars + 1) + " characters", Repeat("\xe5\x90\x8d", max_chars + 1));
  add("10,000 characters", Repeat("a", 10000));
  for (const auto& [what, character] : ForbiddenCharacters()) {
    add(what, "\xe5\xbc\xa0" + character + "\xe4\xb8\x89");
  }
}

// A citizen ID number (GB 11643).
template <typename R>
void AddIdNumberCases(Cases<R>& cases, const std::string& field, StringSetter<R> set, bool required = true) {
  const std::string valid = PersonId(77);
  std::string wrong_check = valid;
  wrong_check[17] = wrong_check[17] == '0' ? '1' : '0';
  std::string letter = valid;
  letter[8] = 'A';
  auto add = [&](const std::string& what, const std::string& value) {
    cases.push_back({field + ": " + what, [set, value](R& r) { set(r, value); }, field});
  };
  if (required) {
    add("empty", "");
  }
  add("wrong check character", wrong_check);
  add("17 characters", valid.substr(0, 17));
  add("19 characters", valid + "1");
  add("letter in the body", letter);
  add("birth date 1990-02-30", CitizenId("370202", "19900230", 11));
  add("birth month 13", CitizenId("370202", "19901301", 11));
  add("birth day 0", CitizenId("370202", "19900100", 11));
  add("birth year 1899", CitizenId("370202", "18990101", 11));
  add("area code starting with 0", CitizenId("070202", "19900101", 11));
  add("full-width digits", "\xef\xbc\x93" + valid.substr(1));
  add("trailing space", valid + " ");
  add("10,000 characters", Repeat("1", 10000));
}

// A unified social credit code (GB 32100). `alone`: a lone credit code field, where only the
// canonical upper-case form is accepted.
template <typename R>
void AddCreditCodeCases(Cases<R>& cases, const std::string& field, StringSetter<R> set, bool alone,
                        bool required = true) {
  const std::string valid = CreditCode(4242);
  std::string wrong_check = valid;
  wrong_check[17] = wrong_check[17] == '0' ? '1' : '0';
  auto add = [&](const std::string& what, const std::string& value) {
    cases.push_back({field + ": " + what, [set, value](R& r) { set(r, value); }, field});
  };
  if (required) {
    add("empty", "");
  }
  add("wrong check character", wrong_check);
  add("17 characters", valid.substr(0, 17));
  add("19 characters", valid + "0");
  add("letter I (not in the alphabet)", "91370200I0000424" + valid.substr(16));
  add("spaces", "91370200 00004242X");
  add("10,000 characters", Repeat("9", 10000));
  if (alone) {
    add("lower case", "91370200ma3cbk0a1" + std::string(1, '0'));
  }
}

// A date field. `past`: must not lie after the harness's today (2026-06-15).
template <typename R>
void AddDateCases(Cases<R>& cases, const std::string& field, std::function<common::v1::Date*(R&)> date_of,
                  bool required, bool past) {
  auto add = [&](const std::string& what, int y, int m, int d) {
    cases.push_back({field + ": " + what,
                     [date_of, y, m, d](R& r) {
                       common::v1::Date* date = date_of(r);
                       date->set_year(y);
                       date->set_month(m);
                       date->set_day(d);
                     },
                     field});
  };
  add("2023-02-29", 2023, 2, 29);
  add("month 13", 2025, 13, 1);
  add("month 0", 2025, 0, 10);
  add("day 0", 2025, 1, 0);
  add("day 32", 2025, 1, 32);
  add("2025-04-31", 2025, 4, 31);
  add("negative day", 2025, 1, -1);
  add("year 1899", 1899, 1, 1);
  add("year 2101", 2101, 1, 1);
  add("year 0 with month and day", 0, 5, 5);
  if (past) {
    add("tomorrow", 2026, 6, 16);
  }
  if (required) {
    cases.push_back({field + ": unset", [date_of](R& r) { date_of(r)->Clear(); }, field});
  }
}

// An enum field set through its raw number.
template <typename R>
void AddEnumCases(Cases<R>& cases, const std::string& field, std::function<void(R&, int)> set, bool required) {
  auto add = [&](const std::string& what, int value) {
    cases.push_back({field + ": " + what, [set, value](R& r) { set(r, value); }, field});
  };
  add("99", 99);
  add("-1", -1);
  add("INT_MAX", INT_MAX);
  if (required) {
    add("unspecified", 0);
  }
}

// An occupation code.
template <typename R>
void AddOccupationCases(Cases<R>& cases, const std::string& field, StringSetter<R> set, bool required = true) {
  auto add = [&](const std::string& what, const std::string& value) {
    cases.push_back({field + ": " + what, [set, value](R& r) { set(r, value); }, field});
  };
  if (required) {
    add("empty", "");
  }
  add("too short", "6-18-02");
  add("no dashes", "6180204000");
  add("major group 9", "9-18-02-04");
  add("unknown", "6-99-99-99");
  add("U+202E inside",
      "6-18-\xe2\x80\xae"
      "02");
  add("10,000 characters", Repeat("6", 10000));
}

// A district code.
template <typename R>
void AddDistrictCases(Cases<R>& cases, const std::string& field, StringSetter<R> set, bool required) {
  auto add = [&](const std::string& what, const std::string& value) {
    cases.push_back({field + ": " + what, [set, value](R& r) { set(r, value); }, field});
  };
  if (required) {
    add("empty", "");
  }
  add("5 digits", "37020");
  add("letters", "37O2O2");
  add("another city", "110101");
  add("leading zero", "070202");
  add("10,000 characters", Repeat("3", 10000));
}

// request_id: 1..128 characters of [A-Za-z0-9._:-].
template <typename R>
void AddRequestIdCases(Cases<R>& cases, StringSetter<R> set) {
  auto add = [&](const std::string& what, const std::string& value) {
    cases.push_back({"request_id: " + what, [set, value](R& r) { set(r, value); }, "request_id"});
  };
  add("129 characters", Repeat("r", 129));
  add("10,000 characters", Repeat("r", 10000));
  add("space", "req 1");
  add("slash", "req/1");
  add("newline", "req\n1");
  add("ideographs", "\xe8\xaf\xb7\xe6\xb1\x82");
  add("U+202E",
      "req\xe2\x80\xae"
      "1");
  add("hash", "req#1");
}

// page_size and page_token of a list request.
template <typename R>
void AddPageCases(Cases<R>& cases, std::function<void(R&, int)> set_size, StringSetter<R> set_token) {
  cases.push_back({"page_size: -1", [set_size](R& r) { set_size(r, -1); }, "page_size"});
  cases.push_back({"page_size: INT_MIN", [set_size](R& r) { set_size(r, INT_MIN); }, "page_size"});
  for (const auto& [what, token] :
       std::vector<std::pair<std::string, std::string>>{{"not base64", "%%%not-a-token%%%"},
                                                        {"base64 of junk", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
                                                        {"one character", "A"},
                                                        {"10,000 characters", Repeat("QUJD", 2500)},
                                                        {"U+202E", "\xe2\x80\xae"}}) {
    cases.push_back({"page_token: " + what, [set_token, token = token](R& r) { set_token(r, token); }, "page_token"});
  }
}

// The same cases applied to a part of a larger request (a draft inside a request, a batch item).
template <typename Outer, typename Inner>
Cases<Outer> Nest(const Cases<Inner>& inner, const std::string& prefix, std::function<Inner*(Outer&)> part) {
  Cases<Outer> out;
  for (const auto& c : inner) {
    out.push_back(
        {prefix + "." + c.name, [part, mutate = c.mutate](Outer& r) { mutate(*part(r)); }, prefix + "." + c.field});
  }
  return out;
}

template <typename R>
void Append(Cases<R>& to, const Cases<R>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// ---------------------------------------------------------------- checks

struct StoreSize {
  long long keys = 0;    // every key but the audit stream
  long long events = 0;  // entries of the change feed
  bool operator==(const StoreSize&) const = default;
};

inline void PrintTo(const StoreSize& size, std::ostream* out) {
  *out << size.keys << " keys, " << size.events << " events";
}

// The size of a service's store through its test harness (CountKeys, redis_client): every key
// but the audit stream `audit_key`, and the length of the change feed `events_key`.
template <typename Harness>
StoreSize MeasureStore(Harness& harness, std::string_view audit_key, std::string_view events_key) {
  StoreSize size;
  size.keys = harness.CountKeys("*");
  auto audit = harness.redis_client().Command({"EXISTS", std::string(audit_key)});
  auto events = harness.redis_client().Command({"XLEN", std::string(events_key)});
  EXPECT_TRUE(audit.ok() && events.ok());
  size.keys -= audit.ok() ? audit->integer() : 0;
  size.events = events.ok() ? events->integer() : -1;
  return size;
}

// INVALID_ARGUMENT, INVALID_FIELD, and field violations (at least one) that all name `field`.
inline void ExpectInvalidField(int code, const google::rpc::Status& details, const std::string& message,
                               const std::string& field) {
  EXPECT_EQ(code, static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT)) << message;
  std::string reason;
  std::vector<std::string> fields;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad_request;
    if (any.UnpackTo(&info)) {
      reason = info.reason();
    } else if (any.UnpackTo(&bad_request)) {
      for (const auto& violation : bad_request.field_violations()) {
        fields.push_back(violation.field());
      }
    }
  }
  EXPECT_EQ(reason, "INVALID_FIELD") << message;
  EXPECT_FALSE(fields.empty()) << message;
  for (const std::string& named : fields) {
    EXPECT_EQ(named, field) << message;
  }
}

inline void ExpectInvalidField(const grpc::Status& status, const std::string& field) {
  google::rpc::Status details;
  details.ParseFromString(status.error_details());
  ExpectInvalidField(static_cast<int>(status.error_code()), details, status.error_message(), field);
}

// Runs a corpus: each case applied to a copy of `valid`, sent with `send(request, &response)`
// (returning the grpc::Status), must answer INVALID_ARGUMENT naming the case's field, leave
// `measure()` (a StoreSize) unchanged and leave `expect_alive()` passing.
template <typename Response, typename Request, typename Send, typename Measure, typename ExpectAlive>
void RunBadCases(const Request& valid, const Cases<Request>& cases, const Send& send, const Measure& measure,
                 const ExpectAlive& expect_alive) {
  for (const BadCase<Request>& c : cases) {
    SCOPED_TRACE(c.name);
    Request request = valid;
    c.mutate(request);
    const StoreSize before = measure();
    Response response;
    const grpc::Status status = send(request, &response);
    ExpectInvalidField(status, c.field);
    EXPECT_EQ(measure(), before);
    expect_alive();
  }
}

// Appends a length-delimited field to serialized bytes (a later occurrence of a string field
// replaces the earlier one; of a message field, is merged into it).
inline std::string Varint(uint64_t value) {
  std::string out;
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
  return out;
}

inline std::string LengthDelimited(int field, const std::string& payload) {
  return Varint(static_cast<uint64_t>(field) << 3 | 2) + Varint(payload.size()) + payload;
}

// Byte sequences that are not UTF-8.
inline const std::vector<std::pair<std::string, std::string>>& InvalidUtf8() {
  static const auto* list = new std::vector<std::pair<std::string, std::string>>{
      {"lone 0xFF", "\xe5\xbc\xa0\xff"}, {"truncated sequence", "\xe5\xbc"},     {"overlong NUL", "a\xc0\x80"},
      {"surrogate", "\xed\xa0\x80"},     {"above U+10FFFF", "\xf4\x90\x80\x80"}, {"lone continuation byte", "\x80"},
  };
  return *list;
}

// The first key of the store whose value holds `marker` ("" when none): strings, hashes, lists,
// sets, sorted sets and streams are searched.
inline std::string KeyHolding(RedisClient& redis, const std::string& marker) {
  static constexpr char kScript[] = R"lua(
    local marker = ARGV[1]
    local function holds(v)
      if type(v) == 'table' then
        for _, x in ipairs(v) do
          if holds(x) then return true end
        end
        return false
      end
      return type(v) == 'string' and string.find(v, marker, 1, true) ~= nil
    end
    for _, key in ipairs(redis.call('KEYS', '*')) do
      local t = redis.call('TYPE', key).ok
      local v = nil
      if t == 'string' then v = redis.call('GET', key)
      elseif t == 'hash' then v = redis.call('HGETALL', key)
      elseif t == 'list' then v = redis.call('LRANGE', key, 0, -1)
      elseif t == 'set' then v = redis.call('SMEMBERS', key)
      elseif t == 'zset' then v = redis.call('ZRANGE', key, 0, -1)
      elseif t == 'stream' then v = redis.call('XRANGE', key, '-', '+') end
      if holds(v) then return key end
    end
    return ''
  )lua";
  auto reply = redis.Command({"EVAL", kScript, "0", marker});
  EXPECT_TRUE(reply.ok()) << reply.status();
  return reply.ok() ? std::string(reply->str()) : "?";
}

// Sends `bytes` as the serialized request of `full_method` ("/package.Service/Method") with a
// generic stub, as `token`: what a client sends when it builds the wire bytes itself.
inline grpc::Status RawUnaryCall(const std::shared_ptr<grpc::Channel>& channel, const std::string& full_method,
                                 const std::string& bytes, const std::string& token) {
  grpc::GenericStub generic(channel);
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + token);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  std::promise<grpc::Status> done;
  generic.UnaryCall(&context, full_method, grpc::StubOptions(), &request, &response,
                    [&done](grpc::Status status) { done.set_value(std::move(status)); });
  return done.get_future().get();
}

}  // namespace skillbridge::testing
