-- spectral_norm: the eigenvalue of an infinite matrix by the power method (f64 and arrays)

-- core Orus has no sqrt, so all three versions take the same Newton iteration
local function sqrt(x)
  local r = x > 1.0 and x or 1.0
  while true do
    local nxt = 0.5 * (r + x / r)
    if nxt >= r then return r end
    r = nxt
  end
end

local function a(i, j)
  local ij = i + j
  return 1.0 / (ij * (ij + 1) / 2 + i + 1)
end

local function av(x, y, n)
  for i = 0, n - 1 do
    local sum = 0.0
    for j = 0, n - 1 do
      sum = sum + a(i, j) * x[j + 1]
    end
    y[i + 1] = sum
  end
end

local function atv(x, y, n)
  for i = 0, n - 1 do
    local sum = 0.0
    for j = 0, n - 1 do
      sum = sum + a(j, i) * x[j + 1]
    end
    y[i + 1] = sum
  end
end

local function atav(x, y, t, n)
  av(x, t, n)
  atv(t, y, n)
end

local function main(n)
  local u, v, t = {}, {}, {}
  for i = 1, n do
    u[i], v[i], t[i] = 1.0, 0.0, 0.0
  end
  for _ = 1, 10 do
    atav(u, v, t, n)
    atav(v, u, t, n)
  end
  local vbv, vv = 0.0, 0.0
  for i = 1, n do
    vbv = vbv + u[i] * v[i]
    vv = vv + v[i] * v[i]
  end
  print(string.format("%.9f", sqrt(vbv / vv)))
end

main(tonumber(io.read("*l")))
