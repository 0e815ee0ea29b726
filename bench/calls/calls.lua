-- calls: method calls on objects (field reads and writes, arguments, results)
local Account = {}
Account.__index = Account

function Account.new(balance)
  return setmetatable({ balance = balance, ops = 0 }, Account)
end

function Account:deposit(amount)
  self.balance = self.balance + amount
  self.ops = self.ops + 1
end

function Account:withdraw(amount)
  if amount > self.balance then
    return false
  end
  self.balance = self.balance - amount
  self.ops = self.ops + 1
  return true
end

function Account:fee()
  return self.balance % 7
end

local function main(n)
  local a, b = Account.new(0), Account.new(100)
  local refused = 0
  for i = 0, n - 1 do
    a:deposit(i % 100)
    if not b:withdraw(i % 37) then
      refused = refused + 1
      b:deposit(a:fee() + 50)
    end
    if a:withdraw(b:fee()) then
      b:deposit(1)
    end
  end
  print(string.format("a=%d/%d b=%d/%d refused=%d", a.balance, a.ops, b.balance, b.ops, refused))
end

main(tonumber(io.read("*l")))
