# calls: method calls on objects (field reads and writes, arguments, results)


class Account:
    __slots__ = ("balance", "ops")

    def __init__(self, balance):
        self.balance = balance
        self.ops = 0

    def deposit(self, amount):
        self.balance += amount
        self.ops += 1

    def withdraw(self, amount):
        if amount > self.balance:
            return False
        self.balance -= amount
        self.ops += 1
        return True

    def fee(self):
        return self.balance % 7


def main(n):
    a, b = Account(0), Account(100)
    refused = 0
    for i in range(n):
        a.deposit(i % 100)
        if not b.withdraw(i % 37):
            refused += 1
            b.deposit(a.fee() + 50)
        if a.withdraw(b.fee()):
            b.deposit(1)
    print(f"a={a.balance}/{a.ops} b={b.balance}/{b.ops} refused={refused}")


main(int(input()))
