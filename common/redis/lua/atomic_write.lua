-- atomic_write.lua: applies a batch of AtomicWrites (see common/redis/atomic_write.h).
--
-- Input (KEYS is unused):
--   ARGV[1] = "sbaw2" (encoding version)
--   ARGV[2] = MessagePack array of writes, decoded with Redis's built-in cmsgpack:
--     write    = {idem_key, idem_value, idem_ttl, event_stream, event_payload, audit_stream, audit_payload,
--                 guards, ops, sequence}
--     guard    = {kind, key, field, value, limit, reason}
--     op       = {kind, key, field, value, number}      -- number = amount or score
--     sequence = {} (none) or {key, marker, prefix, width, suffix, max, exhausted_reason}
--   ARGV[3] = optional MessagePack batch record {key, ttl, labels, audit_stream, audit_payload}: the
--     idempotency record and audit entry of the whole call (see "Batch record" below).
--   Kinds are small integers; every other number (ttl, limit, amount, score, width, max) is a
--   decimal string, so that Lua never prints it in exponent form. Empty strings mean "absent" for
--   the idempotency key and the streams.
--
-- Keys travel in ARGV because one call touches an open-ended set of keys and every deployment is
-- a single Redis node. On Redis Cluster every key would have to be declared in KEYS and all keys
-- of one call would have to share a hash slot (e.g. a {tenant} hash tag per store), with batches
-- split per slot.
--
-- The encoding is checked before anything is written: malformed input fails the call with an
-- SB:INTERNAL error and writes nothing. Then each write, in order:
--   1. idempotency key present -> {1, stored value}; nothing else.
--   2. sequence: INCR its key; above max -> undone, {2, exhausted_reason, -1}. Otherwise the text
--      prefix .. value zero-padded to width .. suffix (as long as the marker) replaces every
--      occurrence of the marker in the write's keys, fields, values, payloads and idempotency value.
--   3. guards in order; the first that fails -> {2, reason, guard index (0-based)}; the sequence
--      increment is undone and nothing is written.
--   4. ops in order, XADD event (field "e"), XADD audit (field "a"), SET idempotency key EX ttl
--      -> {0, event id or "", sequence text or ""}.
-- Batch record (ARGV[3]): an empty key means an audit entry only. When its key exists, the call is a retry: nothing is written and the
-- reply is {{3, stored record}}. Otherwise, after the writes, the record is SET (EX ttl) to one line
-- per write, "label TAB outcome TAB text TAB extra" joined by LF (outcome 0: event id and sequence
-- text; 2: reason and guard index), and the audit entry is XADDed once.
-- There is no type check of the keys: every key is written by the stores alone, with one type
-- each. A key of another type (changed by hand) makes Redis fail the call at that command, and
-- the writes of the batch before it stay applied.

local function fail(message)
  return redis.error_reply('SB:INTERNAL:MALFORMED_ATOMIC_WRITE:' .. message)
end

if ARGV[1] ~= 'sbaw2' then
  return fail('unknown encoding version')
end
local decoded, writes = pcall(cmsgpack.unpack, ARGV[2] or '')
if not decoded or type(writes) ~= 'table' then
  return fail('writes do not decode')
end

local batch = nil
if ARGV[3] ~= nil and ARGV[3] ~= '' then
  local ok, record = pcall(cmsgpack.unpack, ARGV[3])
  if not ok or type(record) ~= 'table' or #record ~= 5 or type(record[1]) ~= 'string' or
      type(record[3]) ~= 'table' or #record[3] ~= #writes or type(record[4]) ~= 'string' or
      type(record[5]) ~= 'string' then
    return fail('batch record is malformed')
  end
  batch = record
end

local GUARD_KINDS = 9
local OP_KINDS = 10

local function is_int(s)
  return type(s) == 'string' and #s <= 20 and string.find(s, '^%-?%d+$') ~= nil
end

-- Pass 1: the shape of every write.
for w = 1, #writes do
  local write = writes[w]
  if type(write) ~= 'table' or #write ~= 10 then
    return fail('write ' .. w .. ': not a 10-element array')
  end
  for f = 1, 7 do
    if type(write[f]) ~= 'string' then
      return fail('write ' .. w .. ': field ' .. f .. ' is not a string')
    end
  end
  if write[1] ~= '' and (not is_int(write[3]) or tonumber(write[3]) <= 0) then
    return fail('write ' .. w .. ': bad ttl')
  end
  local guards, ops, sequence = write[8], write[9], write[10]
  if type(guards) ~= 'table' or type(ops) ~= 'table' or type(sequence) ~= 'table' then
    return fail('write ' .. w .. ': guards, ops or sequence not an array')
  end
  for g = 1, #guards do
    local guard = guards[g]
    if type(guard) ~= 'table' or type(guard[1]) ~= 'number' or guard[1] < 0 or guard[1] >= GUARD_KINDS or
        type(guard[2]) ~= 'string' or guard[2] == '' or type(guard[3]) ~= 'string' or type(guard[4]) ~= 'string' or
        not is_int(guard[5]) or type(guard[6]) ~= 'string' then
      return fail('write ' .. w .. ' guard ' .. g .. ': malformed')
    end
  end
  for o = 1, #ops do
    local op = ops[o]
    if type(op) ~= 'table' or type(op[1]) ~= 'number' or op[1] < 0 or op[1] >= OP_KINDS or
        type(op[2]) ~= 'string' or op[2] == '' or type(op[3]) ~= 'string' or type(op[4]) ~= 'string' or
        type(op[5]) ~= 'string' then
      return fail('write ' .. w .. ' op ' .. o .. ': malformed')
    end
    if (op[1] == 4 or op[1] == 9) and not is_int(op[5]) then
      return fail('write ' .. w .. ' op ' .. o .. ': bad amount')
    end
    if op[1] == 7 and (tonumber(op[5]) == nil or tonumber(op[5]) ~= tonumber(op[5])) then
      return fail('write ' .. w .. ' op ' .. o .. ': bad score')
    end
  end
  if batch ~= nil and (type(batch[3][w]) ~= 'string' or string.find(batch[3][w], '[\t\n]') ~= nil) then
    return fail('write ' .. w .. ': bad batch label')
  end
  if #sequence ~= 0 then
    if #sequence ~= 7 or type(sequence[1]) ~= 'string' or sequence[1] == '' or type(sequence[2]) ~= 'string' or
        sequence[2] == '' or type(sequence[3]) ~= 'string' or not is_int(sequence[4]) or
        type(sequence[5]) ~= 'string' or not is_int(sequence[6]) or type(sequence[7]) ~= 'string' then
      return fail('write ' .. w .. ': malformed sequence')
    end
    if #sequence[3] + tonumber(sequence[4]) + #sequence[5] ~= #sequence[2] then
      return fail('write ' .. w .. ': the sequence text is not as long as its marker')
    end
  end
end

local function guard_holds(kind, key, field, value, limit)
  if kind == 0 then
    return redis.call('EXISTS', key) == 0
  elseif kind == 1 then
    return redis.call('EXISTS', key) == 1
  elseif kind == 2 then
    return redis.call('GET', key) == value
  elseif kind == 3 then
    return redis.call('HEXISTS', key, field) == 0
  elseif kind == 4 then
    local v = redis.call('HGET', key, field)
    if v == false then
      v = ''
    end
    return v == value
  elseif kind == 5 then
    local v = redis.call('HGET', key, field)
    local n = 0
    if v ~= false then
      n = tonumber(v)
    end
    return n ~= nil and n < tonumber(limit)
  elseif kind == 6 then
    return redis.call('SCARD', key) < tonumber(limit)
  elseif kind == 7 then
    return redis.call('SISMEMBER', key, value) == 0
  else
    local v = redis.call('HGET', key, field)
    return v ~= false and tonumber(v) ~= nil and tonumber(v) >= tonumber(limit)
  end
end

local function apply_op(kind, key, field, value, number)
  if kind == 0 then
    redis.call('SET', key, value)
  elseif kind == 1 then
    redis.call('DEL', key)
  elseif kind == 2 then
    redis.call('HSET', key, field, value)
  elseif kind == 3 then
    redis.call('HDEL', key, field)
  elseif kind == 4 then
    redis.call('HINCRBY', key, field, number)
  elseif kind == 5 then
    redis.call('SADD', key, value)
  elseif kind == 6 then
    redis.call('SREM', key, value)
  elseif kind == 7 then
    redis.call('ZADD', key, number, value)
  elseif kind == 8 then
    redis.call('ZREM', key, value)
  else
    redis.call('INCRBY', key, number)
  end
end

-- Every occurrence of `marker` in `s` replaced by `text` (plain text, no patterns).
local function replace_marker(s, marker, text)
  local at = string.find(s, marker, 1, true)
  if at == nil then
    return s
  end
  local parts = {}
  local start = 1
  while at ~= nil do
    parts[#parts + 1] = string.sub(s, start, at - 1)
    parts[#parts + 1] = text
    start = at + #marker
    at = string.find(s, marker, start, true)
  end
  parts[#parts + 1] = string.sub(s, start)
  return table.concat(parts)
end

local function substitute(write, marker, text)
  for f = 2, 7 do
    write[f] = replace_marker(write[f], marker, text)
  end
  for _, guard in ipairs(write[8]) do
    guard[2] = replace_marker(guard[2], marker, text)
    guard[3] = replace_marker(guard[3], marker, text)
    guard[4] = replace_marker(guard[4], marker, text)
  end
  for _, op in ipairs(write[9]) do
    op[2] = replace_marker(op[2], marker, text)
    op[3] = replace_marker(op[3], marker, text)
    op[4] = replace_marker(op[4], marker, text)
  end
end

if batch ~= nil and batch[1] ~= '' and (not is_int(batch[2]) or tonumber(batch[2]) <= 0) then
  return fail('batch record: bad ttl')
end
if batch ~= nil and batch[1] ~= '' then
  local stored = redis.call('GET', batch[1])
  if stored ~= false then
    return {{3, stored}}
  end
end

-- Pass 2: apply.
local results = {}
for w = 1, #writes do
  local write = writes[w]
  local idem_key = write[1]
  local result = nil
  if idem_key ~= '' then
    local stored = redis.call('GET', idem_key)
    if stored ~= false then
      result = {1, stored}
    end
  end

  local sequence = write[10]
  local sequence_text = ''
  if result == nil and #sequence ~= 0 then
    local value = redis.call('INCR', sequence[1])
    if value > tonumber(sequence[6]) then
      redis.call('DECR', sequence[1])
      result = {2, sequence[7], -1}
    else
      local digits = tostring(value)
      sequence_text = sequence[3] .. string.rep('0', tonumber(sequence[4]) - #digits) .. digits .. sequence[5]
      substitute(write, sequence[2], sequence_text)
    end
  end

  if result == nil then
    local guards = write[8]
    for g = 1, #guards do
      local guard = guards[g]
      if not guard_holds(guard[1], guard[2], guard[3], guard[4], guard[5]) then
        result = {2, guard[6], g - 1}
        if #sequence ~= 0 then
          redis.call('DECR', sequence[1])
        end
        break
      end
    end
  end

  if result == nil then
    for _, op in ipairs(write[9]) do
      apply_op(op[1], op[2], op[3], op[4], op[5])
    end
    local event_id = ''
    if write[4] ~= '' then
      event_id = redis.call('XADD', write[4], '*', 'e', write[5])
    end
    if write[6] ~= '' then
      redis.call('XADD', write[6], '*', 'a', write[7])
    end
    if idem_key ~= '' then
      redis.call('SET', idem_key, write[2], 'EX', write[3])
    end
    result = {0, event_id, sequence_text}
  end
  results[w] = result
end
if batch ~= nil then
  if batch[1] ~= '' then
    local lines = {}
    for w = 1, #results do
      local r = results[w]
      lines[w] = batch[3][w] .. '\t' .. r[1] .. '\t' .. (r[2] or '') .. '\t' .. (r[3] or '')
    end
    redis.call('SET', batch[1], table.concat(lines, '\n'), 'EX', batch[2])
  end
  if batch[4] ~= '' then
    redis.call('XADD', batch[4], '*', 'a', batch[5])
  end
end
return results
