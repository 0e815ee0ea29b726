# closures: creating closures in a loop, calling them through higher-order functions,
# and a captured counter updated from outside its scope


def make_counter():
    count = 0

    def bump(step):
        nonlocal count
        count += step
        return count
    return bump


def apply_twice(f, v):
    return f(f(v))


def main(n):
    counter = make_counter()
    acc = 0
    for i in range(n):
        k = i % 10
        add = lambda v: (v + k) % 1000003   # noqa: E731 (called at once, so k is this iteration's)
        acc = apply_twice(add, acc)
        if acc % 3 == 0:
            counter(1)
    print(f"acc={acc} count={counter(0)}")


main(int(input()))
