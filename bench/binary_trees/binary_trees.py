# binary_trees: allocation and garbage collection (the Benchmarks Game algorithm);
# one allocation per node: an inner node holds two children, a bottom node none


def bottom_up(depth):
    if depth == 0:
        return (None, None)
    depth -= 1
    return (bottom_up(depth), bottom_up(depth))


def check(tree):
    left, right = tree
    if left is not None:
        return 1 + check(left) + check(right)
    return 1


def main(n):
    min_depth = 4
    max_depth = max(min_depth + 2, n)

    stretch = max_depth + 1
    print(f"stretch tree of depth {stretch}\t check: {check(bottom_up(stretch))}")

    long_lived = bottom_up(max_depth)

    for depth in range(min_depth, max_depth + 1, 2):
        iterations = 1 << (max_depth - depth + min_depth)
        total = 0
        for _ in range(iterations):
            total += check(bottom_up(depth))
        print(f"{iterations}\t trees of depth {depth}\t check: {total}")

    print(f"long lived tree of depth {max_depth}\t check: {check(long_lived)}")


main(int(input()))
