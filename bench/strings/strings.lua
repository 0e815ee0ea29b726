-- strings: number formatting, concatenation, slicing and comparison of short strings
local function main(n)
  local total, lines, hits, small = 0, 0, 0, 0
  local line = ""
  for i = 0, n - 1 do
    local word = "w" .. tostring(i % 1000)
    if word < "w5" then
      small = small + 1
    end
    line = line .. word .. ","
    if #line > 60 then
      total = total + #line
      lines = lines + 1
      if line:sub(1, 2) == "w1" then
        hits = hits + 1
      end
      line = ""
    end
  end
  print(string.format("total=%d lines=%d hits=%d small=%d rest=%s", total, lines, hits, small, line))
end

main(tonumber(io.read("*l")))
