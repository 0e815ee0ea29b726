-- sort: an in-program quicksort (Hoare partition, middle pivot) over pseudo-random integers
local function quicksort(a, lo, hi)
  if lo >= hi then
    return
  end
  local pivot = a[math.floor((lo + hi) / 2)]
  local i, j = lo, hi
  while i <= j do
    while a[i] < pivot do
      i = i + 1
    end
    while a[j] > pivot do
      j = j - 1
    end
    if i <= j then
      a[i], a[j] = a[j], a[i]
      i = i + 1
      j = j - 1
    end
  end
  quicksort(a, lo, j)
  quicksort(a, i, hi)
end

local function main(n)
  local a = {}
  local x = 42
  for i = 1, n do
    x = x * 16807 % 2147483647       -- Park-Miller: products stay below 2^53
    a[i] = x % 1000000
  end
  quicksort(a, 1, n)
  local sorted, checksum = true, 0
  for i = 1, n do
    if i > 1 and a[i - 1] > a[i] then
      sorted = false
    end
    checksum = checksum + a[i] * ((i - 1) % 10)
  end
  print(string.format("sorted=%s checksum=%d first=%d last=%d", tostring(sorted), checksum, a[1], a[n]))
end

main(tonumber(io.read("*l")))
