/**
 * Lua scripts of the problem store: each change of a problem and of the reference counts of its
 * files happens in one script, so no reader sees a version whose files are not (yet, or any more)
 * stored, and two writers never lose each other's changes. Keys are passed in ARGV because they are
 * derived from stored data (a version's files), which KEYS cannot express; judgebox needs one Redis
 * node anyway (BullMQ's own scripts do the same). Key names come from `problemKeys`/`contentKeys`.
 */

/**
 * ARGV: problem key, content base, index key, id, expected latest version (0: create), version
 * JSON, now (ms), quota, name, the count of staged uploads, for each its id, sha256, bytes and
 * chunks, then the hashes the version refers to. Each staged upload is renamed under its hash, or
 * dropped when that content is stored already. Returns {'ok', version} or
 * {'gone'|'conflict'|'expired'} or {'missing', sha} or {'quota', usedBytes}.
 */
export const COMMIT_VERSION = `
local pk, cb, index, id = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local expected, json, now, quota = tonumber(ARGV[5]), ARGV[6], ARGV[7], tonumber(ARGV[8])
local nstaged = tonumber(ARGV[10])
local firstRef = 11 + 4 * nstaged
if redis.call('HGET', pk, 'deleted') == '1' then return {'gone'} end
local latest = redis.call('HGET', pk, 'latest')
if expected == 0 then
  if latest then return {'conflict'} end
elseif not latest then return {'gone'}
elseif tonumber(latest) ~= expected then return {'conflict'} end
local staged, incoming, newBytes = {}, {}, 0
for s = 0, nstaged - 1 do
  local at = 11 + 4 * s
  local up = {id = ARGV[at], sha = ARGV[at + 1], bytes = tonumber(ARGV[at + 2]), chunks = tonumber(ARGV[at + 3])}
  up.keep = redis.call('EXISTS', cb .. ':blob:' .. up.sha) == 0 and not incoming[up.sha]
  if up.keep then
    for c = 0, up.chunks - 1 do
      if redis.call('EXISTS', cb .. ':staged:' .. up.id .. ':' .. c) == 0 then return {'expired'} end
    end
    newBytes = newBytes + up.bytes
  end
  incoming[up.sha] = true
  staged[#staged + 1] = up
end
for i = firstRef, #ARGV do
  if not incoming[ARGV[i]] and redis.call('EXISTS', cb .. ':blob:' .. ARGV[i]) == 0 then return {'missing', ARGV[i]} end
end
local used = tonumber(redis.call('GET', cb .. ':bytes') or '0')
if newBytes > 0 and used + newBytes > quota then return {'quota', tostring(used)} end
for _, up in ipairs(staged) do
  for c = 0, up.chunks - 1 do
    local from = cb .. ':staged:' .. up.id .. ':' .. c
    if up.keep then
      local chunk = cb .. ':chunk:' .. up.sha .. ':' .. c
      redis.call('RENAME', from, chunk)
      redis.call('PERSIST', chunk)
    else
      redis.call('DEL', from)
    end
  end
  if up.keep then
    redis.call('HSET', cb .. ':blob:' .. up.sha, 'bytes', up.bytes, 'chunks', up.chunks, 'refs', 0)
  end
end
if newBytes > 0 then redis.call('INCRBY', cb .. ':bytes', newBytes) end
for i = firstRef, #ARGV do redis.call('HINCRBY', cb .. ':blob:' .. ARGV[i], 'refs', 1) end
local v = expected + 1
redis.call('SET', pk .. ':v:' .. v, json)
redis.call('ZADD', pk .. ':versions', 0, v)
redis.call('HSET', pk, 'latest', v, 'updatedAt', now, 'name', ARGV[9])
if expected == 0 then
  redis.call('HSET', pk, 'createdAt', now)
  redis.call('ZADD', index, now, id)
end
return {'ok', tostring(v)}
`;

/**
 * A version's JSON, and with a pin time (ms) above 0 the version is kept at least until then.
 * ARGV: problem key, version ('' for the latest), pin until. Returns {'ok', version, json} or
 * {'gone'} (no such problem) or {'no-version'}.
 */
export const READ_VERSION = `
local pk = ARGV[1]
if redis.call('EXISTS', pk) == 0 or redis.call('HGET', pk, 'deleted') == '1' then return {'gone'} end
local v = ARGV[2]
if v == '' then v = redis.call('HGET', pk, 'latest') end
if not redis.call('ZSCORE', pk .. ':versions', v) then return {'no-version'} end
if tonumber(ARGV[3]) > 0 then redis.call('ZADD', pk .. ':versions', 'GT', ARGV[3], v) end
return {'ok', v, redis.call('GET', pk .. ':v:' .. v)}
`;

/** ARGV: problem key, index key, id. Marks the problem deleted; returns 0 when there was none. */
export const DELETE_PROBLEM = `
local pk = ARGV[1]
if redis.call('EXISTS', pk) == 0 or redis.call('HGET', pk, 'deleted') == '1' then return 0 end
redis.call('HSET', pk, 'deleted', '1')
redis.call('ZREM', ARGV[2], ARGV[3])
return 1
`;

/**
 * Drops every version that is neither the current one (of a problem not deleted) nor pinned past
 * now, releasing its files: a file no version names any more is deleted and leaves the quota.
 * Schedules the next prune at the earliest pin still holding an old version.
 * ARGV: problem key, content base, prune schedule key, id, now (ms). Returns versions dropped.
 */
export const PRUNE_PROBLEM = `
local pk, cb, due, id, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local deleted = redis.call('HGET', pk, 'deleted') == '1'
local latest = tonumber(redis.call('HGET', pk, 'latest') or '0')
local entries = redis.call('ZRANGE', pk .. ':versions', 0, -1, 'WITHSCORES')
local nextDue, dropped = nil, 0
for i = 1, #entries, 2 do
  local v, pin = tonumber(entries[i]), tonumber(entries[i + 1])
  local current = v == latest and not deleted
  if pin > now then
    if not current and (nextDue == nil or pin < nextDue) then nextDue = pin end
  elseif not current then
    local json = redis.call('GET', pk .. ':v:' .. v)
    if json then
      for _, sha in ipairs(cjson.decode(json).refs) do
        local bk = cb .. ':blob:' .. sha
        if redis.call('EXISTS', bk) == 1 and redis.call('HINCRBY', bk, 'refs', -1) <= 0 then
          local chunks = tonumber(redis.call('HGET', bk, 'chunks') or '0')
          for c = 0, chunks - 1 do redis.call('DEL', cb .. ':chunk:' .. sha .. ':' .. c) end
          redis.call('DECRBY', cb .. ':bytes', tonumber(redis.call('HGET', bk, 'bytes') or '0'))
          redis.call('DEL', bk)
        end
      end
    end
    redis.call('DEL', pk .. ':v:' .. v)
    redis.call('ZREM', pk .. ':versions', v)
    dropped = dropped + 1
  end
end
if deleted and redis.call('ZCARD', pk .. ':versions') == 0 then redis.call('DEL', pk) end
if nextDue then redis.call('ZADD', due, nextDue, id) else redis.call('ZREM', due, id) end
return dropped
`;
