// Lua run atomically inside Redis. KEYS[1] = meta hash (epoch, offset, status), KEYS[2] = stream.
// Numbers pass through string.format('%.0f') because offsets (~1.7e15) exceed what Lua's
// tostring prints without an exponent; they are below 2^53, so Lua's doubles hold them exactly.

// Starts a new epoch when the meta hash is gone (FLUSHALL, Redis restarted without persistence):
// the history it described is lost, so positions from before must not be trusted. Offsets of the
// new epoch start at Redis TIME in ms x 1000, above every earlier epoch's.
const ENSURE_EPOCH = `
local function ensure_epoch(suffix)
  local epoch = redis.call('HGET', KEYS[1], 'epoch')
  if epoch then return epoch end
  local t = redis.call('TIME')
  local ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  epoch = string.format('%.0f', ms) .. '-' .. suffix
  redis.call('DEL', KEYS[1], KEYS[2])
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'offset', string.format('%.0f', ms * 1000))
  return epoch
end
`;

/**
 * ARGV: epoch suffix, message count, payload (JSON array of bodies), publishedAt (ms),
 * status JSON or '', messages to keep, batch id or ''. Allocating the offsets and appending the
 * entry in one script means entries sit in the stream in offset order, so every reader sees the
 * same order. Entry id = `<last offset>-0`, which lets readers resume after any offset and trim by
 * offset. A batch id equal to the last one appended is a retry of a publish whose reply was lost:
 * it answers the first try's position and appends nothing (see PublishOptions.id).
 */
export const PUBLISH_SCRIPT = `${ENSURE_EPOCH}
local epoch = ensure_epoch(ARGV[1])
if ARGV[7] ~= '' and redis.call('HGET', KEYS[1], 'batch') == ARGV[7] then
  return {epoch, redis.call('HGET', KEYS[1], 'batch_first')}
end
local n = tonumber(ARGV[2])
local last = redis.call('HINCRBY', KEYS[1], 'offset', n)
local first = last - n + 1
local keep_from = last - tonumber(ARGV[6])
if keep_from < 0 then keep_from = 0 end
redis.call('XADD', KEYS[2], 'MINID', '~', string.format('%.0f', keep_from), string.format('%.0f', last) .. '-0',
  'e', epoch, 'f', string.format('%.0f', first), 'p', ARGV[3], 't', ARGV[4])
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'status', ARGV[5]) end
if ARGV[7] ~= '' then redis.call('HSET', KEYS[1], 'batch', ARGV[7], 'batch_first', string.format('%.0f', first)) end
return {epoch, string.format('%.0f', first)}
`;

/** ARGV: epoch suffix, messages wanted. Returns epoch, offset, status or false, entries covering the newest messages. */
export const STATE_SCRIPT = `${ENSURE_EPOCH}
local epoch = ensure_epoch(ARGV[1])
local offset = redis.call('HGET', KEYS[1], 'offset')
local status = redis.call('HGET', KEYS[1], 'status')
local wanted = tonumber(ARGV[2])
local entries = {}
if wanted > 0 then
  entries = redis.call('XRANGE', KEYS[2], string.format('%.0f', tonumber(offset) - wanted + 1) .. '-0', '+')
end
return {epoch, offset, status, entries}
`;
