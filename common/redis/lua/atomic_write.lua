-- atomic_write.lua: applies a batch of AtomicWrites (see common/redis/atomic_write.h).
--
-- Input (all in ARGV, binary-safe; KEYS is unused):
--   ARGV[1] = "sbaw1" (encoding version), ARGV[2] = number of writes, then per write:
--     idempotency_key, idempotency_value, idempotency_ttl_seconds,
--     event_stream, event_payload, audit_stream, audit_payload,
--     guard_count, op_count,
--     guard_count x (kind, key, field, value, limit, reason),
--     op_count    x (kind, key, field, value, number)   -- number = amount or score
--   Empty strings mean "absent" for the idempotency key and the streams.
--
-- Keys travel in ARGV because one call touches an open-ended set of keys and every deployment is
-- a single Redis node. On Redis Cluster every key would have to be declared in KEYS and all keys
-- of one call would have to share a hash slot (e.g. a {tenant} hash tag per store), with batches
-- split per slot.
--
-- The whole input is decoded and validated before anything is written: malformed input fails the
-- call with an SB:INTERNAL error and writes nothing. Then each write, in order:
--   1. idempotency key present -> {1, stored value}; nothing else.
--   2. guards in order; the first that fails -> {2, reason, guard index (0-based)}; nothing written.
--      A key of the wrong type for a guard or an op -> {2, "WRONGTYPE", -1}; nothing written.
--   3. ops in order, XADD event (field "e"), XADD audit (field "a"), SET idempotency key EX ttl
--      -> {0, event id or ""}.
-- Returns the array of per-write results. Input is walked by index (no unpack), so batches of
-- many thousands of writes stay within Lua's stack limits.

local argv = ARGV
local nargv = #argv

local function fail(message)
  return redis.error_reply('SB:INTERNAL:MALFORMED_ATOMIC_WRITE:' .. message)
end

local function is_int(s)
  return string.find(s, '^%-?%d+$') ~= nil and #s <= 20
end

if nargv < 2 or argv[1] ~= 'sbaw1' then
  return fail('unknown encoding version')
end
if not is_int(argv[2]) then
  return fail('bad write count')
end
local nwrites = tonumber(argv[2])
if nwrites < 0 then
  return fail("negative write count")
end

local GUARD_KINDS = 8
local OP_KINDS = 10
local GUARD_WIDTH = 6
local OP_WIDTH = 5
local HEADER_WIDTH = 9

-- Pass 1: validate the whole encoding.
local pos = 3
for w = 1, nwrites do
  if pos + HEADER_WIDTH - 1 > nargv then
    return fail('write ' .. w .. ': truncated header')
  end
  if argv[pos] ~= '' and not is_int(argv[pos + 2]) then
    return fail('write ' .. w .. ': bad ttl')
  end
  if argv[pos] ~= '' and tonumber(argv[pos + 2]) <= 0 then
    return fail('write ' .. w .. ': ttl must be positive')
  end
  local ng, no = argv[pos + 7], argv[pos + 8]
  if not is_int(ng) or not is_int(no) then
    return fail('write ' .. w .. ': bad guard/op count')
  end
  ng, no = tonumber(ng), tonumber(no)
  if ng < 0 or no < 0 then
    return fail('write ' .. w .. ': negative guard/op count')
  end
  pos = pos + HEADER_WIDTH
  if pos + ng * GUARD_WIDTH + no * OP_WIDTH - 1 > nargv then
    return fail('write ' .. w .. ': truncated guards/ops')
  end
  for g = 1, ng do
    local kind = tonumber(argv[pos])
    if not is_int(argv[pos]) or kind < 0 or kind >= GUARD_KINDS then
      return fail('write ' .. w .. ' guard ' .. g .. ': bad kind')
    end
    if argv[pos + 1] == '' then
      return fail('write ' .. w .. ' guard ' .. g .. ': empty key')
    end
    if not is_int(argv[pos + 4]) then
      return fail('write ' .. w .. ' guard ' .. g .. ': bad limit')
    end
    pos = pos + GUARD_WIDTH
  end
  for o = 1, no do
    local kind = tonumber(argv[pos])
    if not is_int(argv[pos]) or kind < 0 or kind >= OP_KINDS then
      return fail('write ' .. w .. ' op ' .. o .. ': bad kind')
    end
    if argv[pos + 1] == '' then
      return fail('write ' .. w .. ' op ' .. o .. ': empty key')
    end
    local number = argv[pos + 4]
    if kind == 9 or kind == 4 then
      if not is_int(number) then
        return fail('write ' .. w .. ' op ' .. o .. ': bad amount')
      end
    elseif kind == 7 then
      local score = tonumber(number)
      if score == nil or score ~= score then
        return fail('write ' .. w .. ' op ' .. o .. ': bad score')
      end
    end
    pos = pos + OP_WIDTH
  end
end
if pos ~= nargv + 1 then
  return fail('trailing arguments')
end

-- Redis type each guard/op kind needs (nil = any).
local GUARD_TYPE = {[0] = nil, [1] = nil, [2] = 'string', [3] = 'hash', [4] = 'hash', [5] = 'hash',
                    [6] = 'set', [7] = 'set'}
local OP_TYPE = {[0] = nil, [1] = nil, [2] = 'hash', [3] = 'hash', [4] = 'hash', [5] = 'set', [6] = 'set',
                 [7] = 'zset', [8] = 'zset', [9] = 'string'}

-- Type of each key as far as this call knows it: looked up once with TYPE, then kept current by
-- the ops this call applies (nil = unknown: ask again). A bulk call touches the same shared keys
-- (indexes, counters, streams) in every write; without this it asked TYPE for each of them again
-- in every write of the batch.
local known_type = {}

local function type_ok(key, want)
  if want == nil then
    return true
  end
  local t = known_type[key]
  if t == nil then
    t = redis.call('TYPE', key)['ok']
    known_type[key] = t
  end
  return t == 'none' or t == want
end

-- Type a key has after an op of `kind` applied to it; nil when it may have been deleted (a
-- removal can empty a hash, set or sorted set).
local TYPE_AFTER_OP = {[0] = 'string', [1] = 'none', [2] = 'hash', [3] = nil, [4] = 'hash', [5] = 'set',
                       [6] = nil, [7] = 'zset', [8] = nil, [9] = 'string'}

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
    return n ~= nil and n < limit
  elseif kind == 6 then
    return redis.call('SCARD', key) < limit
  else
    return redis.call('SISMEMBER', key, value) == 0
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

-- Pass 2: apply.
local results = {}
pos = 3
for w = 1, nwrites do
  local idem_key, idem_value, idem_ttl = argv[pos], argv[pos + 1], argv[pos + 2]
  local event_stream, event_payload = argv[pos + 3], argv[pos + 4]
  local audit_stream, audit_payload = argv[pos + 5], argv[pos + 6]
  local ng, no = tonumber(argv[pos + 7]), tonumber(argv[pos + 8])
  local guards_at = pos + HEADER_WIDTH
  local ops_at = guards_at + ng * GUARD_WIDTH
  pos = ops_at + no * OP_WIDTH

  local result = nil
  if idem_key ~= '' then
    if not type_ok(idem_key, 'string') then
      result = {2, 'WRONGTYPE', -1}
    else
      local stored = redis.call('GET', idem_key)
      if stored ~= false then
        result = {1, stored}
      end
    end
  end

  if result == nil then
    local p = guards_at
    for g = 0, ng - 1 do
      local kind = tonumber(argv[p])
      local key = argv[p + 1]
      if not type_ok(key, GUARD_TYPE[kind]) then
        result = {2, 'WRONGTYPE', -1}
        break
      end
      if not guard_holds(kind, key, argv[p + 2], argv[p + 3], tonumber(argv[p + 4])) then
        result = {2, argv[p + 5], g}
        break
      end
      p = p + GUARD_WIDTH
    end
  end

  if result == nil then
    -- Type pre-check of ops and streams, so that a wrongly typed key refuses the write before any
    -- of it is applied. Keys an earlier op of the same write touched are not re-checked.
    local touched = {}
    local p = ops_at
    for _ = 1, no do
      local kind = tonumber(argv[p])
      local key = argv[p + 1]
      if not touched[key] then
        if not type_ok(key, OP_TYPE[kind]) then
          result = {2, 'WRONGTYPE', -1}
          break
        end
        if kind == 9 then
          local v = redis.call('GET', key)
          if v ~= false and not is_int(v) then
            result = {2, 'WRONGTYPE', -1}
            break
          end
        elseif kind == 4 then
          local v = redis.call('HGET', key, argv[p + 2])
          if v ~= false and not is_int(v) then
            result = {2, 'WRONGTYPE', -1}
            break
          end
        end
        touched[key] = true
      end
      p = p + OP_WIDTH
    end
    if result == nil and event_stream ~= '' and not touched[event_stream] and not type_ok(event_stream, 'stream') then
      result = {2, 'WRONGTYPE', -1}
    end
    if result == nil and audit_stream ~= '' and not touched[audit_stream] and not type_ok(audit_stream, 'stream') then
      result = {2, 'WRONGTYPE', -1}
    end
  end

  if result == nil then
    local p = ops_at
    for _ = 1, no do
      local kind = tonumber(argv[p])
      apply_op(kind, argv[p + 1], argv[p + 2], argv[p + 3], argv[p + 4])
      known_type[argv[p + 1]] = TYPE_AFTER_OP[kind]
      p = p + OP_WIDTH
    end
    local event_id = ''
    if event_stream ~= '' then
      event_id = redis.call('XADD', event_stream, '*', 'e', event_payload)
      known_type[event_stream] = 'stream'
    end
    if audit_stream ~= '' then
      redis.call('XADD', audit_stream, '*', 'a', audit_payload)
      known_type[audit_stream] = 'stream'
    end
    if idem_key ~= '' then
      redis.call('SET', idem_key, idem_value, 'EX', idem_ttl)
      known_type[idem_key] = 'string'
    end
    result = {0, event_id}
  end
  results[w] = result
end
return results
