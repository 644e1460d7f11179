/*
 * VeloZ thread C ABI test: a C11 program that includes the generated veloz.h, links libveloz.so and calls every
 * veloz_thread_* export: the CPU count, the calling thread's affinity (sized query, then read), pinning a C11 thread
 * to each allowed CPU in turn (the affinity is then that CPU alone and sched_getcpu agrees), widening it again, the
 * isolated and nohz_full lists, and refusals (CPUs that do not exist, empty and NULL sets, small buffers) that
 * leave the affinity unchanged. Prints "N passed, N failed" and exits non-zero on any failure.
 *
 * Build (build.cake, target Test):
 *   gcc -std=c11 -Wall -Wextra -Werror -pedantic -O1 -Iinclude tests/c/thread_test.c -o build/c/thread_test \
 *       -Lartifacts/lib -lveloz -Wl,-rpath,<abs>/artifacts/lib
 */
#include "veloz.h"
#include "check.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

enum { MAX_CPUS = 4096 };

/* The calling thread's allowed CPUs into cpus; returns how many. */
static int32_t affinity(int32_t* cpus)
{
    int32_t needed = -1, written = -1;
    EXPECT(VELOZ_E_BUFFER_TOO_SMALL, veloz_thread_get_affinity, (NULL, 0, &needed));
    CHECK(needed >= 1);
    EXPECT(VELOZ_OK, veloz_thread_get_affinity, (cpus, MAX_CPUS, &written));
    CHECK(written == needed);
    for (int32_t i = 1; i < written; i++)
        CHECK(cpus[i] > cpus[i - 1]);
    return written;
}

static int32_t g_allowed[MAX_CPUS];
static int32_t g_allowed_count;
static int32_t g_pin_cpu;

static int pin_thread(void* unused)
{
    (void)unused;
    int32_t now[MAX_CPUS];
    EXPECT(VELOZ_OK, veloz_thread_pin, (g_pin_cpu));
    CHECK(affinity(now) == 1 && now[0] == g_pin_cpu);
    int stayed = 1;
    for (int i = 0; i < 1000; i++) {
        for (volatile int spin = 0; spin < 1000; spin++) {
        }
        stayed &= veloz_thread_current_cpu() == g_pin_cpu;
    }
    CHECK(stayed);
    EXPECT(VELOZ_OK, veloz_thread_set_affinity, (g_allowed, g_allowed_count));
    CHECK(affinity(now) == g_allowed_count);
    return 0;
}

static int hostile_thread(void* unused)
{
    (void)unused;
    int32_t before[MAX_CPUS], after[MAX_CPUS];
    int32_t n = affinity(before);
    int32_t count = veloz_thread_cpu_count();
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_thread_pin, (-1));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_thread_pin, (count + 64));
    CHECK(strstr(last_error(), "does not exist") != NULL);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_thread_pin, (MAX_CPUS));
    int32_t mixed[2] = {0, count + 1};
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_thread_set_affinity, (mixed, 2));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_thread_set_affinity, (mixed, 0));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_thread_set_affinity, (NULL, 1));
    int32_t written;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_thread_get_affinity, (NULL, 4, &written));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_thread_get_affinity, (after, 4, NULL));
    CHECK(affinity(after) == n && memcmp(before, after, (size_t)n * sizeof(int32_t)) == 0);
    return 0;
}

int main(void)
{
    int32_t count = veloz_thread_cpu_count();
    CHECK(count >= 1);
    g_allowed_count = affinity(g_allowed);
    CHECK(g_allowed_count <= count);
    int32_t cpu = veloz_thread_current_cpu();
    int found = 0;
    for (int32_t i = 0; i < g_allowed_count; i++)
        found |= g_allowed[i] == cpu;
    CHECK(found);

    int32_t list[MAX_CPUS], written = -1;
    EXPECT(VELOZ_OK, veloz_thread_isolated_cpus, (list, MAX_CPUS, &written));
    CHECK(written >= 0 && written <= count);
    written = -1;
    EXPECT(VELOZ_OK, veloz_thread_nohz_full_cpus, (list, MAX_CPUS, &written));
    CHECK(written >= 0 && written <= count);

    for (int32_t i = 0; i < g_allowed_count; i++) {
        g_pin_cpu = g_allowed[i];
        thrd_t thread;
        CHECK(thrd_create(&thread, pin_thread, NULL) == thrd_success);
        thrd_join(thread, NULL);
    }
    thrd_t thread;
    CHECK(thrd_create(&thread, hostile_thread, NULL) == thrd_success);
    thrd_join(thread, NULL);
    int32_t mine[MAX_CPUS];
    CHECK(affinity(mine) == g_allowed_count); /* the main thread was never pinned */

    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
