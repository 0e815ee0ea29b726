-- loop: integer arithmetic in a tight loop (values stay below 2^53)
local function main(n)
  local acc, odd = 0, 0
  for i = 0, n - 1 do
    acc = (acc * 31 + i % 1000 + 7) % 1000003
    if acc % 2 == 1 then
      odd = odd + 1
    end
  end
  print(string.format("acc=%d odd=%d", acc, odd))
end

main(tonumber(io.read("*l")))
