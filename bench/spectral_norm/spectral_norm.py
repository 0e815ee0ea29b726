# spectral_norm: the eigenvalue of an infinite matrix by the power method (f64 and arrays)


def sqrt(x):
    """Core Orus has no sqrt, so all three versions take the same Newton iteration."""
    r = x if x > 1.0 else 1.0
    while True:
        nxt = 0.5 * (r + x / r)
        if nxt >= r:
            return r
        r = nxt


def a(i, j):
    ij = i + j
    return 1.0 / (ij * (ij + 1) // 2 + i + 1)


def av(x, y, n):
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += a(i, j) * x[j]
        y[i] = total


def atv(x, y, n):
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += a(j, i) * x[j]
        y[i] = total


def atav(x, y, t, n):
    av(x, t, n)
    atv(t, y, n)


def main(n):
    u = [1.0] * n
    v = [0.0] * n
    t = [0.0] * n
    for _ in range(10):
        atav(u, v, t, n)
        atav(v, u, t, n)
    vbv = 0.0
    vv = 0.0
    for i in range(n):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    print(f"{sqrt(vbv / vv):.9f}")


main(int(input()))
