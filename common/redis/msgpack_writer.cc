#include "common/redis/msgpack_writer.h"

namespace skillbridge {
namespace {

void PutBigEndian(std::string& out, uint32_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  }
}

}  // namespace

void MsgpackWriter::Header(uint8_t fixed_base, uint32_t fixed_limit, uint8_t marker8, uint8_t marker16,
                           uint8_t marker32, uint32_t size) {
  if (size < fixed_limit) {
    out_.push_back(static_cast<char>(fixed_base | size));
  } else if (marker8 != 0 && size <= 0xFF) {
    out_.push_back(static_cast<char>(marker8));
    PutBigEndian(out_, size, 1);
  } else if (size <= 0xFFFF) {
    out_.push_back(static_cast<char>(marker16));
    PutBigEndian(out_, size, 2);
  } else {
    out_.push_back(static_cast<char>(marker32));
    PutBigEndian(out_, size, 4);
  }
}

void MsgpackWriter::Array(uint32_t size) { Header(0x90, 16, 0, 0xdc, 0xdd, size); }

void MsgpackWriter::String(std::string_view bytes) {
  Header(0xa0, 32, 0xd9, 0xda, 0xdb, static_cast<uint32_t>(bytes.size()));
  out_.append(bytes);
}

void MsgpackWriter::SmallInt(uint32_t value) {
  if (value < 0x80) {
    out_.push_back(static_cast<char>(value));
  } else {
    out_.push_back(static_cast<char>(0xce));
    PutBigEndian(out_, value, 4);
  }
}

}  // namespace skillbridge
