-- binary_trees: allocation and garbage collection (the Benchmarks Game algorithm);
-- one allocation per node: an inner node holds two children, a bottom node none
local function bottom_up(depth)
  if depth == 0 then
    return {}
  end
  depth = depth - 1
  return { bottom_up(depth), bottom_up(depth) }
end

local function check(tree)
  if tree[1] then
    return 1 + check(tree[1]) + check(tree[2])
  end
  return 1
end

local function main(n)
  local min_depth = 4
  local max_depth = math.max(min_depth + 2, n)

  local stretch = max_depth + 1
  print(string.format("stretch tree of depth %d\t check: %d", stretch, check(bottom_up(stretch))))

  local long_lived = bottom_up(max_depth)

  for depth = min_depth, max_depth, 2 do
    local iterations = math.floor(2 ^ (max_depth - depth + min_depth))
    local total = 0
    for _ = 1, iterations do
      total = total + check(bottom_up(depth))
    end
    print(string.format("%d\t trees of depth %d\t check: %d", iterations, depth, total))
  end

  print(string.format("long lived tree of depth %d\t check: %d", max_depth, check(long_lived)))
end

main(tonumber(io.read("*l")))
