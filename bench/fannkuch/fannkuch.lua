-- fannkuch: permutations and prefix reversals on small integer arrays
-- (fannkuch-redux; tables are indexed from 1, element values count from 0)
local function fannkuch(n)
  local perm1, perm, count = {}, {}, {}
  for i = 1, n do
    perm1[i], perm[i], count[i] = i - 1, 0, 0
  end
  local max_flips, checksum, perm_count, r = 0, 0, 0, n
  while true do
    while r ~= 1 do
      count[r] = r
      r = r - 1
    end
    for i = 1, n do
      perm[i] = perm1[i]
    end
    local flips = 0
    local k = perm[1]
    while k ~= 0 do
      local i, j = 1, k + 1
      while i < j do
        perm[i], perm[j] = perm[j], perm[i]
        i = i + 1
        j = j - 1
      end
      flips = flips + 1
      k = perm[1]
    end
    if flips > max_flips then
      max_flips = flips
    end
    if perm_count % 2 == 0 then
      checksum = checksum + flips
    else
      checksum = checksum - flips
    end
    while true do
      if r == n then
        return checksum, max_flips
      end
      local perm0 = perm1[1]
      for i = 1, r do
        perm1[i] = perm1[i + 1]
      end
      perm1[r + 1] = perm0
      count[r + 1] = count[r + 1] - 1
      if count[r + 1] > 0 then
        break
      end
      r = r + 1
    end
    perm_count = perm_count + 1
  end
end

-- one round of n = 9 is too short to time, so the program runs ROUNDS of them
local ROUNDS = 4
local function main(n)
  local checksum, max_flips = 0, 0
  for _ = 1, ROUNDS do
    checksum, max_flips = fannkuch(n)
  end
  print(string.format("%d\nPfannkuchen(%d) = %d", checksum, n, max_flips))
end

main(tonumber(io.read("*l")))
