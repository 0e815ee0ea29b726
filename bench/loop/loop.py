# loop: integer arithmetic in a tight loop (values stay below 2^53)


def main(n):
    acc = 0
    odd = 0
    for i in range(n):
        acc = (acc * 31 + i % 1000 + 7) % 1000003
        if acc % 2 == 1:
            odd += 1
    print(f"acc={acc} odd={odd}")


main(int(input()))
