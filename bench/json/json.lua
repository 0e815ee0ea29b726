-- json: a recursive-descent parser for JSON-like text, run over a generated document,
-- then a walk over the parsed values (one byte-string per character, as in the peers)
local NULL = setmetatable({}, { __tostring = function() return "null" end })

local function record(i)
  local note = i % 10 == 0 and ('"say \\"hi\\" #' .. i .. '"') or "null"
  return '{"id": ' .. i .. ', "name": "item' .. i .. '", "tags": ["t' ..
    (i % 7) .. '", "t' .. (i % 5) .. '"], "price": ' ..
    (i * 37 % 1000) .. ', "delta": -' .. (i % 13) .. ', "ok": ' ..
    (i % 3 == 0 and "true" or "false") .. ', "note": ' .. note .. "}"
end

-- records lo..hi joined by ",\n", built by halves so no step copies more than its result
local function records(lo, hi)
  if hi - lo == 1 then
    return record(lo)
  end
  local mid = math.floor((lo + hi) / 2)
  return records(lo, mid) .. ",\n" .. records(mid, hi)
end

local Parser = {}
Parser.__index = Parser

function Parser.new(text)
  return setmetatable({ text = text, pos = 1 }, Parser)
end

function Parser:skip_space()
  while self.pos <= #self.text do
    local c = self.text:sub(self.pos, self.pos)
    if c == " " or c == "\n" or c == "\t" or c == "\r" then
      self.pos = self.pos + 1
    else
      return
    end
  end
end

function Parser:value()
  self:skip_space()
  local c = self.text:sub(self.pos, self.pos)
  if c == "{" then
    return self:object()
  end
  if c == "[" then
    return self:array()
  end
  if c == '"' then
    return self:string()
  end
  if c == "t" then
    self.pos = self.pos + 4
    return true
  end
  if c == "f" then
    self.pos = self.pos + 5
    return false
  end
  if c == "n" then
    self.pos = self.pos + 4
    return NULL
  end
  return self:number()
end

function Parser:number()
  local start = self.pos
  if self.text:sub(self.pos, self.pos) == "-" then
    self.pos = self.pos + 1
  end
  while self.pos <= #self.text do
    local c = self.text:sub(self.pos, self.pos)
    if c < "0" or c > "9" then
      break
    end
    self.pos = self.pos + 1
  end
  return tonumber(self.text:sub(start, self.pos - 1))
end

function Parser:string()
  self.pos = self.pos + 1
  local out = ""
  local start = self.pos
  while true do
    local c = self.text:sub(self.pos, self.pos)
    if c == '"' then
      out = out .. self.text:sub(start, self.pos - 1)
      self.pos = self.pos + 1
      return out
    end
    if c == "\\" then
      out = out .. self.text:sub(start, self.pos - 1) .. self.text:sub(self.pos + 1, self.pos + 1)
      self.pos = self.pos + 2
      start = self.pos
    else
      self.pos = self.pos + 1
    end
  end
end

function Parser:array()
  self.pos = self.pos + 1
  local items = {}
  self:skip_space()
  if self.text:sub(self.pos, self.pos) == "]" then
    self.pos = self.pos + 1
    return items
  end
  while true do
    items[#items + 1] = self:value()
    self:skip_space()
    local c = self.text:sub(self.pos, self.pos)
    self.pos = self.pos + 1
    if c == "]" then
      return items
    end
  end
end

-- objects keep their keys in order: { keys = {...}, values = {...} }
function Parser:object()
  self.pos = self.pos + 1
  local keys, values = {}, {}
  self:skip_space()
  if self.text:sub(self.pos, self.pos) == "}" then
    self.pos = self.pos + 1
    return { keys = keys, values = values }
  end
  while true do
    self:skip_space()
    keys[#keys + 1] = self:string()
    self:skip_space()
    self.pos = self.pos + 1
    values[#values + 1] = self:value()
    self:skip_space()
    local c = self.text:sub(self.pos, self.pos)
    self.pos = self.pos + 1
    if c == "}" then
      return { keys = keys, values = values }
    end
  end
end

local function tally(v, t)
  local kind = type(v)
  if v == NULL then
    t.nulls = t.nulls + 1
  elseif kind == "boolean" then
    if v then
      t.trues = t.trues + 1
    end
  elseif kind == "number" then
    t.numbers = t.numbers + v
  elseif kind == "string" then
    t.chars = t.chars + #v
  elseif v.keys then
    local keys, values = v.keys, v.values
    t.keys = t.keys + #keys
    for i = 1, #keys do
      t.chars = t.chars + #keys[i]
      tally(values[i], t)
    end
  else
    t.items = t.items + #v
    for i = 1, #v do
      tally(v[i], t)
    end
  end
end

local function main(n)
  local text = "[" .. records(0, n) .. "]"
  local doc = Parser.new(text):value()
  local t = { numbers = 0, chars = 0, trues = 0, nulls = 0, items = 0, keys = 0 }
  tally(doc, t)
  print(string.format("bytes=%d numbers=%d chars=%d trues=%d nulls=%d items=%d keys=%d", #text,
                      t.numbers, t.chars, t.trues, t.nulls, t.items, t.keys))
end

main(tonumber(io.read("*l")))
