# strings: number formatting, concatenation, slicing and comparison of short strings


def main(n):
    total = lines = hits = small = 0
    line = ""
    for i in range(n):
        word = "w" + str(i % 1000)
        if word < "w5":
            small += 1
        line = line + word + ","
        if len(line) > 60:
            total += len(line)
            lines += 1
            if line[0:2] == "w1":
                hits += 1
            line = ""
    print(f"total={total} lines={lines} hits={hits} small={small} rest={line}")


main(int(input()))
