-- map: hash-table insert, update and lookup with string keys and with sparse integer keys
local function size_of(t)
  local size = 0
  for _ in pairs(t) do
    size = size + 1
  end
  return size
end

local function main(n)
  -- word counts over 5000 distinct string keys
  local counts = {}
  local x = 7
  for _ = 1, n do
    x = x * 16807 % 2147483647
    local key = "k" .. tostring(x % 5000)
    counts[key] = (counts[key] or 0) + 1
  end
  local found, missing, total = 0, 0, 0
  for i = 0, n - 1 do
    local c = counts["k" .. tostring(i % 10000)]
    if c ~= nil then
      found = found + 1
      total = total + c
    else
      missing = missing + 1
    end
  end
  print(string.format("strings: distinct=%d found=%d missing=%d total=%d", size_of(counts), found, missing, total))

  -- sparse integer keys: the generator's values map to their position
  local index = {}
  local m = math.floor(n / 2)
  x = 11
  for i = 0, m - 1 do
    x = x * 16807 % 2147483647
    index[x] = i
  end
  local hits, sum = 0, 0
  x = 11
  for _ = 1, m do
    x = x * 16807 % 2147483647
    local v = index[x]
    if v ~= nil then
      hits = hits + 1
      sum = sum + v
    end
    if index[x + 1] ~= nil then
      hits = hits + 1
    end
  end
  print(string.format("integers: size=%d hits=%d sum=%d", size_of(index), hits, sum))
end

main(tonumber(io.read("*l")))
