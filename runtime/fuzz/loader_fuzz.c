/* loader_fuzz.c: fuzz harness of the .orbc loader and verifier (`doit fuzz`).
   Built with clang -fsanitize=fuzzer it is a libFuzzer target; built without (ORV_FUZZ_MAIN)
   it is a self-contained mutator for CI smoke runs:
       loader_fuzz SEED.orbc... --runs N --seed S
   Each input is parsed and verified, then freed; the property is "no crash, no hang, no
   leak": a rejected input must end in an error message, never in undefined behaviour. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "loader.h"
#include "ork_kernel.h"

static OrvVM vm;
static int ready;

static void setup(void)
{
    if (!ready) {
        if (orv_init(&vm) < 0)
            abort();
        ready = 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    OrlError err;
    setup();
    OrvModule *m = orl_parse(&vm, data, size, &err);
    orl_free_module(m);
    orgc_collect(&vm);              /* no module is registered: every object is garbage */
    return 0;
}

#ifdef ORV_FUZZ_MAIN
static uint64_t rng_state;

static uint64_t next_rand(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint64_t fnv(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3u;
    return h;
}

/* Flip, set or drop bytes; usually re-seal the checksum so mutations reach the verifier. */
static size_t mutate(uint8_t *buf, size_t len, size_t cap)
{
    int edits = 1 + (int)(next_rand() % 4);
    for (int e = 0; e < edits && len > 0; e++) {
        size_t at = (size_t)(next_rand() % len);
        switch (next_rand() % 5) {
        case 0: buf[at] ^= (uint8_t)(1u << (next_rand() % 8)); break;
        case 1: buf[at] = (uint8_t)next_rand(); break;
        case 2: buf[at] = (uint8_t)(next_rand() % 2 ? 0xff : 0); break;
        case 3: len = at + 8 < len ? at + 8 : len; break;        /* truncate */
        default:
            if (len + 1 < cap) {                                    /* insert */
                memmove(buf + at + 1, buf + at, len - at);
                buf[at] = (uint8_t)next_rand();
                len++;
            }
        }
    }
    if (len >= 8 && next_rand() % 8 != 0) {
        uint64_t h = fnv(buf, len - 8);
        for (int i = 0; i < 8; i++)
            buf[len - 8 + i] = (uint8_t)(h >> (8 * i));
    }
    return len;
}

static uint8_t *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    uint8_t *buf = malloc(1 << 20);
    *len = buf ? fread(buf, 1, 1 << 20, f) : 0;
    fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    long runs = 1000;
    rng_state = 0x9e3779b97f4a7c15u;
    int nseeds = 0;
    char *seeds[256];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atol(argv[++i]);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            rng_state = strtoull(argv[++i], NULL, 10) | 1;
        else if (nseeds < 256)
            seeds[nseeds++] = argv[i];
    }
    static uint8_t work[(1 << 20) + 64];
    long total = 0;
    for (int s = 0; s < nseeds; s++) {
        size_t len;
        uint8_t *seed = read_all(seeds[s], &len);
        if (seed == NULL) {
            fprintf(stderr, "loader_fuzz: cannot read %s\n", seeds[s]);
            return 2;
        }
        LLVMFuzzerTestOneInput(seed, len);
        for (long r = 0; r < runs; r++, total++) {
            memcpy(work, seed, len);
            size_t n = mutate(work, len, sizeof work);
            LLVMFuzzerTestOneInput(work, n);
        }
        free(seed);
    }
    orv_free(&vm);
    printf("loader_fuzz: %ld executions, 0 crashes\n", total);
    return 0;
}
#endif
