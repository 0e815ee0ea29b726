-- closures: creating closures in a loop, calling them through higher-order functions,
-- and a captured counter updated from outside its scope
local function make_counter()
  local count = 0
  return function(step)
    count = count + step
    return count
  end
end

local function apply_twice(f, v)
  return f(f(v))
end

local function main(n)
  local counter = make_counter()
  local acc = 0
  for i = 0, n - 1 do
    local k = i % 10
    local add = function(v) return (v + k) % 1000003 end
    acc = apply_twice(add, acc)
    if acc % 3 == 0 then
      counter(1)
    end
  end
  print(string.format("acc=%d count=%d", acc, counter(0)))
end

main(tonumber(io.read("*l")))
