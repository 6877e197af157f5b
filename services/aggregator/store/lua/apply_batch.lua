-- apply_batch.lua: applies one batch of feed commands of one source and advances that source's
-- cursor, atomically (see services/aggregator/domain/feed_commands.h and store/aggregator_store.h).
--
-- ARGV (KEYS unused; single-node Redis, as for common/redis/lua/atomic_write.lua):
--   1 "sbagg3"   2 key prefix of the derived views ("aggregator:v:")   3 the rebuild mark
--   ("aggregator:rebuild:pending")   4 source   5 expected cursor   6 new cursor
--   7 last event time (unix ms)   8 events in the batch   9 command count, then per command:
--     "A", fact_key, n, n x (kind, indicator, person, bucket, amount, score, member, buckets)
--     "R", fact_key
--     "S", fact_key, n, n x (the same eight fields)   (replace: undo the stored updates, apply these;
--                                                     n = 0 removes the fact)
--     "M", group, member, district, present ("1" | "0")
-- Update kinds: "C" count, "D" distinct person, "F" first evidence, "P" talent-database person,
-- "T" trainee and "K" certificate of the training -> certificate conversion, "X" claim and "E"
-- evidence of a join by key (a claim is counted while evidence under its key is present, or while
-- none is, as the claim says).
--
-- The cursor guard makes replays harmless: when the stored cursor (missing = "0") is not the
-- expected one, nothing is written and the reply is {0, stored cursor}; the consumer then resumes
-- from the stored cursor. Otherwise every command is applied, the cursor set, and the reply is
-- {1, new cursor}. Facts are also idempotent by key (a second add is ignored, a remove of an
-- unknown fact is ignored).
-- While a rebuild is pending (the rebuild mark exists) nothing is written and the reply is
-- {2, stored cursor}: the views are being deleted and must not receive half a history.
-- The prefix and the mark come from AggregatorStore (store/aggregator_store.h, keys::kDerivedPrefix
-- and keys::kRebuildPending); the key names below the prefix are the layout that header lists.

local argv = ARGV
if argv[1] ~= 'sbagg3' then
  return redis.error_reply('SB:INTERNAL:MALFORMED_BATCH:unknown encoding version')
end
local P = argv[2]
local source = argv[4]
local cursor_key = P .. 'cursor:' .. source
local stored = redis.call('GET', cursor_key)
if stored == false then
  stored = '0'
end
if redis.call('EXISTS', argv[3]) == 1 then
  return {2, stored}
end
if stored ~= argv[5] then
  return {0, stored}
end

-- One year on a YYYYMMDD score: 20260315 + YEAR = 20270315 (the same calendar day a year later).
local YEAR = 10000

local function ind_key(indicator)
  return P .. 'ind:' .. indicator
end

local function split_buckets(s)
  local out = {}
  for b in string.gmatch(s, '[^,]+') do
    out[#out + 1] = b
  end
  return out
end

local function bump_buckets(indicator, buckets, delta)
  for _, b in ipairs(split_buckets(buckets)) do
    redis.call('HINCRBY', ind_key(indicator), b, delta)
  end
end

local function lowest(zkey)
  local r = redis.call('ZRANGE', zkey, 0, 0)
  if #r == 0 then
    return nil
  end
  return r[1]
end

-- u = {kind, indicator, person, bucket, amount, score, member, buckets}; sign = 1 or -1.
local function apply_update(u, sign)
  local kind = u[1]
  if kind == 'C' then
    redis.call('HINCRBY', ind_key(u[2]), u[4], sign * tonumber(u[5]))
  elseif kind == 'D' then
    local pkey = P .. 'pp:' .. u[3]
    local field = u[2] .. '|' .. u[4]
    local n = redis.call('HINCRBY', pkey, field, sign)
    if sign > 0 and n == 1 then
      redis.call('HINCRBY', ind_key(u[2]), u[4], 1)
    elseif sign < 0 and n <= 0 then
      redis.call('HDEL', pkey, field)
      if n == 0 then
        redis.call('HINCRBY', ind_key(u[2]), u[4], -1)
      end
    end
  elseif kind == 'F' then
    local zkey = P .. 'pf:' .. u[2] .. ':' .. u[3]
    local bkey = P .. 'pfb:' .. u[2] .. ':' .. u[3]
    local before = lowest(zkey)
    if sign > 0 then
      redis.call('ZADD', zkey, tonumber(u[6]), u[7])
      redis.call('HSET', bkey, u[7], u[8])
    else
      redis.call('ZREM', zkey, u[7])
    end
    local after = lowest(zkey)
    if before ~= after then
      if before ~= nil then
        bump_buckets(u[2], redis.call('HGET', bkey, before) or '', -1)
      end
      if after ~= nil then
        bump_buckets(u[2], redis.call('HGET', bkey, after) or '', 1)
      end
    end
    if sign < 0 then
      redis.call('HDEL', bkey, u[7])
    end
  elseif kind == 'T' then
    -- A completed enrolment: counted (in its buckets) when a certificate of the same person and
    -- occupation is dated within [completion, completion + 1 year].
    local tkey = P .. 'cvt:' .. u[3] .. ':' .. u[4]
    local ckey = P .. 'cvc:' .. u[3] .. ':' .. u[4]
    if sign > 0 then
      if redis.call('HEXISTS', tkey, u[7]) == 0 then
        local s = tonumber(u[6])
        local m = 0
        if redis.call('ZCOUNT', ckey, s, s + YEAR) > 0 then
          m = 1
          bump_buckets(u[2], u[8], 1)
        end
        redis.call('HSET', tkey, u[7], cjson.encode({s, m, u[8]}))
      end
    else
      local entry = redis.call('HGET', tkey, u[7])
      if entry then
        local e = cjson.decode(entry)
        if e[2] == 1 then
          bump_buckets(u[2], e[3], -1)
        end
        redis.call('HDEL', tkey, u[7])
      end
    end
  elseif kind == 'K' then
    -- A certificate: add or remove it, then re-match every enrolment of that person and occupation.
    local tkey = P .. 'cvt:' .. u[3] .. ':' .. u[4]
    local ckey = P .. 'cvc:' .. u[3] .. ':' .. u[4]
    if sign > 0 then
      redis.call('ZADD', ckey, tonumber(u[6]), u[7])
    else
      redis.call('ZREM', ckey, u[7])
    end
    local all = redis.call('HGETALL', tkey)
    for i = 1, #all, 2 do
      local e = cjson.decode(all[i + 1])
      local m = 0
      if redis.call('ZCOUNT', ckey, e[1], e[1] + YEAR) > 0 then
        m = 1
      end
      if m ~= e[2] then
        bump_buckets(u[2], e[3], m == 1 and 1 or -1)
        e[2] = m
        redis.call('HSET', tkey, all[i], cjson.encode(e))
      end
    end
  elseif kind == 'X' then
    -- A claim (id u[3]) on the join key u[4]: counted in its buckets while evidence under the key
    -- is present (u[5] = '1') or while none is (u[5] = '0').
    local ckey = P .. 'jc:' .. u[2] .. ':' .. u[4]
    local present = redis.call('SCARD', P .. 'je:' .. u[2] .. ':' .. u[4]) > 0
    if sign > 0 then
      if redis.call('HSETNX', ckey, u[3], cjson.encode({tonumber(u[5]), u[8]})) == 1 and
          (u[5] == '1') == present then
        bump_buckets(u[2], u[8], 1)
      end
    else
      local stored_claim = redis.call('HGET', ckey, u[3])
      if stored_claim then
        local c = cjson.decode(stored_claim)
        if (c[1] == 1) == present then
          bump_buckets(u[2], c[2], -1)
        end
        redis.call('HDEL', ckey, u[3])
      end
    end
  elseif kind == 'E' then
    -- Evidence u[7] under the join key u[4]: when the key gains its first or loses its last
    -- evidence, every claim on it is counted or uncounted as it asks.
    local ekey = P .. 'je:' .. u[2] .. ':' .. u[4]
    local before = redis.call('SCARD', ekey) > 0
    if sign > 0 then
      redis.call('SADD', ekey, u[7])
    else
      redis.call('SREM', ekey, u[7])
    end
    local after = redis.call('SCARD', ekey) > 0
    if before ~= after then
      local all = redis.call('HGETALL', P .. 'jc:' .. u[2] .. ':' .. u[4])
      for i = 2, #all, 2 do
        local c = cjson.decode(all[i])
        bump_buckets(u[2], c[2], ((c[1] == 1) == after) and 1 or -1)
      end
    end
  elseif kind == 'P' then
    if sign > 0 then
      redis.call('SADD', P .. 'persons', u[3])
      if u[4] ~= '' then
        redis.call('SADD', P .. 'persons:d:' .. u[4], u[3])
      end
    end
  end
end

-- The updates of an "A" or "S" command whose count is at argv[at]: {updates, position after them}.
local function read_updates(at)
  local n = tonumber(argv[at])
  local pos = at + 1
  local updates = {}
  for i = 1, n do
    updates[i] = {argv[pos], argv[pos + 1], argv[pos + 2], argv[pos + 3], argv[pos + 4], argv[pos + 5],
                  argv[pos + 6], argv[pos + 7]}
    pos = pos + 8
  end
  return updates, pos
end

local ncommands = tonumber(argv[9])
local pos = 10
for _ = 1, ncommands do
  local op = argv[pos]
  if op == 'A' then
    local fkey = P .. 'fact:' .. argv[pos + 1]
    local updates
    updates, pos = read_updates(pos + 2)
    if redis.call('EXISTS', fkey) == 0 then
      for i = 1, #updates do
        apply_update(updates[i], 1)
      end
      redis.call('SET', fkey, cjson.encode(updates))
    end
  elseif op == 'S' then
    local fkey = P .. 'fact:' .. argv[pos + 1]
    local updates
    updates, pos = read_updates(pos + 2)
    local stored_fact = redis.call('GET', fkey)
    if stored_fact ~= false then
      local old = cjson.decode(stored_fact)
      for i = 1, #old do
        apply_update(old[i], -1)
      end
    end
    for i = 1, #updates do
      apply_update(updates[i], 1)
    end
    if #updates > 0 then
      redis.call('SET', fkey, cjson.encode(updates))
    elseif stored_fact ~= false then
      redis.call('DEL', fkey)
    end
  elseif op == 'R' then
    local fkey = P .. 'fact:' .. argv[pos + 1]
    pos = pos + 2
    local stored_fact = redis.call('GET', fkey)
    if stored_fact ~= false then
      local updates = cjson.decode(stored_fact)
      for i = 1, #updates do
        apply_update(updates[i], -1)
      end
      redis.call('DEL', fkey)
    end
  elseif op == 'M' then
    local group, member, district, present = argv[pos + 1], argv[pos + 2], argv[pos + 3], argv[pos + 4]
    pos = pos + 5
    local hkey = P .. 'm:' .. group
    local old = redis.call('HGET', hkey, member)
    if old ~= false then
      redis.call('SREM', P .. 'ms:' .. group, member)
      redis.call('SREM', P .. 'ms:' .. group .. ':d:' .. old, member)
      redis.call('HDEL', hkey, member)
    end
    if present == '1' then
      redis.call('HSET', hkey, member, district)
      redis.call('SADD', P .. 'ms:' .. group, member)
      redis.call('SADD', P .. 'ms:' .. group .. ':d:' .. district, member)
    end
  else
    return redis.error_reply('SB:INTERNAL:MALFORMED_BATCH:unknown command ' .. tostring(op))
  end
end

redis.call('SET', cursor_key, argv[6])
local status_key = P .. 'status:' .. source
if argv[7] ~= '' and argv[7] ~= '0' then
  redis.call('HSET', status_key, 'last_event_ms', argv[7])
end
redis.call('HINCRBY', status_key, 'events_applied', tonumber(argv[8]))
return {1, argv[6]}
