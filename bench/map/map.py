# map: hash-table insert, update and lookup with string keys and with sparse integer keys


def main(n):
    # word counts over 5000 distinct string keys
    counts = {}
    x = 7
    for _ in range(n):
        x = x * 16807 % 2147483647
        key = "k" + str(x % 5000)
        counts[key] = counts.get(key, 0) + 1
    found = missing = total = 0
    for i in range(n):
        c = counts.get("k" + str(i % 10000))
        if c is not None:
            found += 1
            total += c
        else:
            missing += 1
    print(f"strings: distinct={len(counts)} found={found} missing={missing} total={total}")

    # sparse integer keys: the generator's values map to their position
    index = {}
    m = n // 2
    x = 11
    for i in range(m):
        x = x * 16807 % 2147483647
        index[x] = i
    hits = total = 0
    x = 11
    for _ in range(m):
        x = x * 16807 % 2147483647
        v = index.get(x)
        if v is not None:
            hits += 1
            total += v
        if (x + 1) in index:
            hits += 1
    print(f"integers: size={len(index)} hits={hits} sum={total}")


main(int(input()))
