# sort: an in-program quicksort (Hoare partition, middle pivot) over pseudo-random integers


def quicksort(a, lo, hi):
    if lo >= hi:
        return
    pivot = a[(lo + hi) // 2]
    i, j = lo, hi
    while i <= j:
        while a[i] < pivot:
            i += 1
        while a[j] > pivot:
            j -= 1
        if i <= j:
            a[i], a[j] = a[j], a[i]
            i += 1
            j -= 1
    quicksort(a, lo, j)
    quicksort(a, i, hi)


def main(n):
    a = []
    x = 42
    for _ in range(n):
        x = x * 16807 % 2147483647       # Park-Miller: products stay below 2^53
        a.append(x % 1000000)
    quicksort(a, 0, n - 1)
    is_sorted = True
    checksum = 0
    for i in range(n):
        if i > 0 and a[i - 1] > a[i]:
            is_sorted = False
        checksum += a[i] * (i % 10)
    print(f"sorted={str(is_sorted).lower()} checksum={checksum} first={a[0]} last={a[n - 1]}")


main(int(input()))
