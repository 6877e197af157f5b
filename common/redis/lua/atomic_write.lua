-- atomic_write.lua: applies a batch of AtomicWrites (see common/redis/atomic_write.h).
--
-- Input (KEYS is unused):
--   ARGV[1] = "sbaw3" (encoding version)
--   ARGV[2] = MessagePack array of writes, decoded with Redis's built-in cmsgpack:
--     write    = {idem_key, idem_value, idem_ttl, event_stream, event_payload, audit_stream, audit_payload,
--                 guards, ops, sequence, marks}
--     guard    = {kind, key, reason, marks, a, b}   -- a, b as the kind needs them (below)
--     op       = {kind, key, marks, a, b}
--     sequence = {} (none) or {key, marker, prefix, width, suffix, max, exhausted_reason}
--     marks    = which strings hold the sequence marker: of a write, bit f-2 for field f (2..7); of a
--                guard or op, 1 = key, 2 = a, 4 = b. Only marked strings are searched.
--   ARGV[3] = optional MessagePack batch record {key, ttl, labels, audit_stream, audit_payload,
--     fingerprint}: the
--     idempotency record and audit entry of the whole call (see "Batch record" below).
--   Kinds and marks are small integers; every other number (ttl, limit, amount, score, width, max)
--   is a decimal string, so that Lua never prints it in exponent form. Empty strings mean "absent"
--   for the idempotency key and the streams.
--
--   guard kinds: 0 key absent; 1 key present; 2 GET key == a; 3 hash field a absent;
--     4 HGET key a == b (missing = ""); 5 HGET key a < b (missing = 0); 6 SCARD key < a;
--     7 a not a set member; 8 HGET key a >= b (missing fails)
--   op kinds: 0 SET key a; 1 DEL key; 2 HSET key a b; 3 HDEL key a; 4 HINCRBY key a b; 5 SADD key a;
--     6 SREM key a; 7 ZADD key b a (a = member, b = score); 8 ZREM key a; 9 INCRBY key a;
--     10 HSET key a (HGET key a .. ' ' .. b, or b when the field is missing)
--
-- Keys travel in ARGV because one call touches an open-ended set of keys and every deployment is
-- a single Redis node. On Redis Cluster every key would have to be declared in KEYS and all keys
-- of one call would have to share a hash slot (e.g. a {tenant} hash tag per store), with batches
-- split per slot.
--
-- The structure of the input is checked before anything is written (arrays, kinds, strings):
-- malformed input fails the call with an SB:INTERNAL error and writes nothing. Numbers are checked
-- by the C++ side that builds the input (AtomicWrite's Validate); a bad one would make Redis fail
-- the call at that command. Then each write, in order:
--   1. idempotency key present -> {1, stored value}; nothing else.
--   2. sequence: INCR its key; above max -> undone, {2, exhausted_reason, -1}. Otherwise the text
--      prefix .. value zero-padded to width .. suffix (as long as the marker) replaces the marker in
--      every marked string of the write.
--   3. guards in order; the first that fails -> {2, reason, guard index (0-based)}; the sequence
--      increment is undone and nothing is written.
--   4. ops in order, XADD event (field "e"), XADD audit (field "a"), SET idempotency key EX ttl
--      -> {0, event id or "", sequence text or ""}.
-- Batch record (ARGV[3]): an empty key means an audit entry only. When its key exists, the call is
-- a retry: nothing is written and the reply is {{3, stored record}}. Otherwise, after the writes,
-- the record is SET (EX ttl) to one line per write, "label TAB outcome TAB text TAB extra" joined by
-- LF (outcome 0: "" and the sequence text; 2: reason and guard index), after a first line
-- "#fingerprint" when the fingerprint is not empty, and the audit entry is XADDed once.
-- There is no type check of the keys: every key is written by the stores alone, with one type
-- each. A key of another type (changed by hand) makes Redis fail the call at that command, and
-- the writes of the batch before it stay applied.

local function fail(message)
  return redis.error_reply('SB:INTERNAL:MALFORMED_ATOMIC_WRITE:' .. message)
end

if ARGV[1] ~= 'sbaw3' then
  return fail('unknown encoding version')
end
local decoded, writes = pcall(cmsgpack.unpack, ARGV[2] or '')
if not decoded or type(writes) ~= 'table' then
  return fail('writes do not decode')
end

local batch = nil
if ARGV[3] ~= nil and ARGV[3] ~= '' then
  local ok, record = pcall(cmsgpack.unpack, ARGV[3])
  if not ok or type(record) ~= 'table' or #record ~= 6 or type(record[1]) ~= 'string' or
      type(record[2]) ~= 'string' or type(record[3]) ~= 'table' or #record[3] ~= #writes or
      type(record[4]) ~= 'string' or type(record[5]) ~= 'string' or type(record[6]) ~= 'string' or
      string.find(record[6], '[\t\n]') ~= nil then
    return fail('batch record is malformed')
  end
  batch = record
end

-- How many string arguments (a, b) each kind takes.
local GUARD_ARGS = {[0] = 0, 0, 1, 1, 2, 2, 1, 1, 2}
local OP_ARGS = {[0] = 1, 0, 2, 1, 2, 1, 1, 2, 1, 1, 2}

-- Pass 1: the structure of every write.
for w = 1, #writes do
  local write = writes[w]
  if type(write) ~= 'table' or #write ~= 11 then
    return fail('write ' .. w .. ': not an 11-element array')
  end
  for f = 1, 7 do
    if type(write[f]) ~= 'string' then
      return fail('write ' .. w .. ': field ' .. f .. ' is not a string')
    end
  end
  local guards, ops, sequence = write[8], write[9], write[10]
  if type(guards) ~= 'table' or type(ops) ~= 'table' or type(sequence) ~= 'table' or type(write[11]) ~= 'number' then
    return fail('write ' .. w .. ': guards, ops, sequence or marks malformed')
  end
  for g = 1, #guards do
    local guard = guards[g]
    local args = type(guard) == 'table' and GUARD_ARGS[guard[1]]
    if not args or #guard ~= 4 + args or type(guard[2]) ~= 'string' or guard[2] == '' or
        type(guard[3]) ~= 'string' or type(guard[4]) ~= 'number' or (args >= 1 and type(guard[5]) ~= 'string') or
        (args == 2 and type(guard[6]) ~= 'string') then
      return fail('write ' .. w .. ' guard ' .. g .. ': malformed')
    end
  end
  for o = 1, #ops do
    local op = ops[o]
    local args = type(op) == 'table' and OP_ARGS[op[1]]
    if not args or #op ~= 3 + args or type(op[2]) ~= 'string' or op[2] == '' or type(op[3]) ~= 'number' or
        (args >= 1 and type(op[4]) ~= 'string') or (args == 2 and type(op[5]) ~= 'string') then
      return fail('write ' .. w .. ' op ' .. o .. ': malformed')
    end
  end
  if #sequence ~= 0 and (#sequence ~= 7 or type(sequence[1]) ~= 'string' or type(sequence[2]) ~= 'string' or
      type(sequence[3]) ~= 'string' or type(sequence[4]) ~= 'string' or type(sequence[5]) ~= 'string' or
      type(sequence[6]) ~= 'string' or type(sequence[7]) ~= 'string') then
    return fail('write ' .. w .. ': malformed sequence')
  end
  if batch ~= nil and (type(batch[3][w]) ~= 'string' or string.find(batch[3][w], '[\t\n]') ~= nil) then
    return fail('write ' .. w .. ': bad batch label')
  end
end

local function guard_holds(kind, key, a, b)
  if kind == 0 then
    return redis.call('EXISTS', key) == 0
  elseif kind == 1 then
    return redis.call('EXISTS', key) == 1
  elseif kind == 2 then
    return redis.call('GET', key) == a
  elseif kind == 3 then
    return redis.call('HEXISTS', key, a) == 0
  elseif kind == 4 then
    local v = redis.call('HGET', key, a)
    if v == false then
      v = ''
    end
    return v == b
  elseif kind == 5 then
    local v = redis.call('HGET', key, a)
    local n = 0
    if v ~= false then
      n = tonumber(v)
    end
    return n ~= nil and n < tonumber(b)
  elseif kind == 6 then
    return redis.call('SCARD', key) < tonumber(a)
  elseif kind == 7 then
    return redis.call('SISMEMBER', key, a) == 0
  else
    local v = redis.call('HGET', key, a)
    return v ~= false and tonumber(v) ~= nil and tonumber(v) >= tonumber(b)
  end
end

local function apply_op(kind, key, a, b)
  if kind == 0 then
    redis.call('SET', key, a)
  elseif kind == 1 then
    redis.call('DEL', key)
  elseif kind == 2 then
    redis.call('HSET', key, a, b)
  elseif kind == 3 then
    redis.call('HDEL', key, a)
  elseif kind == 4 then
    redis.call('HINCRBY', key, a, b)
  elseif kind == 5 then
    redis.call('SADD', key, a)
  elseif kind == 6 then
    redis.call('SREM', key, a)
  elseif kind == 7 then
    redis.call('ZADD', key, b, a)
  elseif kind == 8 then
    redis.call('ZREM', key, a)
  elseif kind == 9 then
    redis.call('INCRBY', key, a)
  else
    local v = redis.call('HGET', key, a)
    if v then
      redis.call('HSET', key, a, v .. ' ' .. b)
    else
      redis.call('HSET', key, a, b)
    end
  end
end

-- Every occurrence of `marker` in `s` replaced by `text` (plain text, no patterns). The usual
-- single occurrence costs one search and one concatenation.
local function replace_marker(s, marker, text)
  local at = string.find(s, marker, 1, true)
  if at == nil then
    return s
  end
  local out = string.sub(s, 1, at - 1) .. text
  local start = at + #marker
  at = string.find(s, marker, start, true)
  while at ~= nil do
    out = out .. string.sub(s, start, at - 1) .. text
    start = at + #marker
    at = string.find(s, marker, start, true)
  end
  return out .. string.sub(s, start)
end

-- The marked strings of an op or guard whose marks are at item[at]: bit 1 = its key (item[2]),
-- 2 = a (item[at + 1]), 4 = b (item[at + 2]).
local function substitute_item(item, at, marker, text)
  local marks = item[at]
  if marks % 2 == 1 then
    item[2] = replace_marker(item[2], marker, text)
  end
  if marks % 4 >= 2 then
    item[at + 1] = replace_marker(item[at + 1], marker, text)
  end
  if marks >= 4 then
    item[at + 2] = replace_marker(item[at + 2], marker, text)
  end
end

local function substitute(write, marker, text)
  local marks = write[11]
  for f = 2, 7 do
    if marks % 2 == 1 then
      write[f] = replace_marker(write[f], marker, text)
    end
    marks = math.floor(marks / 2)
  end
  for _, guard in ipairs(write[8]) do
    if guard[4] ~= 0 then
      substitute_item(guard, 4, marker, text)
    end
  end
  for _, op in ipairs(write[9]) do
    if op[3] ~= 0 then
      substitute_item(op, 3, marker, text)
    end
  end
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
      if not guard_holds(guard[1], guard[2], guard[5], guard[6]) then
        result = {2, guard[3], g - 1}
        if #sequence ~= 0 then
          redis.call('DECR', sequence[1])
        end
        break
      end
    end
  end

  if result == nil then
    for _, op in ipairs(write[9]) do
      apply_op(op[1], op[2], op[4], op[5])
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
    if batch[6] ~= '' then
      lines[1] = '#' .. batch[6]
    end
    for w = 1, #results do
      local r = results[w]
      if r[1] == 0 then
        lines[#lines + 1] = batch[3][w] .. '\t0\t\t' .. r[3]
      else
        lines[#lines + 1] = batch[3][w] .. '\t' .. r[1] .. '\t' .. r[2] .. '\t' .. r[3]
      end
    end
    redis.call('SET', batch[1], table.concat(lines, '\n'), 'EX', batch[2])
  end
  if batch[4] ~= '' then
    redis.call('XADD', batch[4], '*', 'a', batch[5])
  end
end
return results
