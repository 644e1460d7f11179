/*
 * VeloZ queue C ABI test: a C11 program that includes the generated veloz.h, links libveloz.so and calls every
 * veloz_spsc_* and veloz_mpmc_* export: lifecycle and configs, records of record_size bytes in order, batches,
 * close and drain, timeouts, a producer thread and a consumer thread (C11 threads) moving a sequence of 64-byte
 * records with a check of every record (no loss, no duplicate, order kept), two producers and two consumers on an
 * MPMC queue with per-producer order and checksums, and hostile input (NULL, destroyed and wrong-type handles,
 * NULL buffers, negative counts, bad configs). Prints "N passed, N failed" and exits non-zero on any failure.
 *
 * Build (build.cake, target Test):
 *   gcc -std=c11 -Wall -Wextra -Werror -pedantic -O1 -Iinclude tests/c/queue_test.c -o build/c/queue_test \
 *       -Lartifacts/lib -lveloz -Wl,-rpath,<abs>/artifacts/lib
 */
#include "veloz.h"
#include "check.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>
#include <time.h>

_Static_assert(sizeof(veloz_spsc_config) == 16, "veloz_spsc_config size");
_Static_assert(offsetof(veloz_spsc_config, record_size) == 8, "veloz_spsc_config.record_size");
_Static_assert(sizeof(veloz_mpmc_config) == 16, "veloz_mpmc_config size");
_Static_assert(sizeof(veloz_queue_stats) == 64, "veloz_queue_stats size");
_Static_assert(offsetof(veloz_queue_stats, size) == 16, "veloz_queue_stats.size");
_Static_assert(offsetof(veloz_queue_stats, high_water_mark) == 56, "veloz_queue_stats.high_water_mark");

/* A 64-byte record, as a C++ feed thread would hand a book event to its consumer. */
typedef struct {
    int64_t sequence;
    int64_t producer;
    int64_t payload[5];
    int64_t check;
} record64;
_Static_assert(sizeof(record64) == 64, "record64 is 64 bytes");

static record64 make_record(int64_t producer, int64_t sequence)
{
    record64 r;
    r.sequence = sequence;
    r.producer = producer;
    for (int i = 0; i < 5; i++)
        r.payload[i] = sequence * 7 + i;
    r.check = ~(sequence ^ producer);
    return r;
}

static int record_ok(const record64* r)
{
    for (int i = 0; i < 5; i++)
        if (r->payload[i] != r->sequence * 7 + i)
            return 0;
    return r->check == ~(r->sequence ^ r->producer);
}

static int64_t now_ms(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static veloz_queue_stats spsc_stats(veloz_spsc* q)
{
    veloz_queue_stats s;
    memset(&s, 0, sizeof s);
    s.struct_size = sizeof s;
    EXPECT(VELOZ_OK, veloz_spsc_get_stats, (q, &s));
    return s;
}

static veloz_queue_stats mpmc_stats(veloz_mpmc* q)
{
    veloz_queue_stats s;
    memset(&s, 0, sizeof s);
    s.struct_size = sizeof s;
    EXPECT(VELOZ_OK, veloz_mpmc_get_stats, (q, &s));
    return s;
}

/* ---- lifecycle and single-thread behaviour ---------------------------------------------------- */

static void test_spsc_lifecycle(void)
{
    veloz_spsc* q = NULL;
    EXPECT(VELOZ_OK, veloz_spsc_create, (NULL, &q));
    veloz_queue_stats s = spsc_stats(q);
    CHECK(s.capacity == 1024 && s.record_size == 64 && s.size == 0 && s.closed == 0);
    veloz_spsc_destroy(q);
    veloz_spsc_destroy(q); /* destroyed twice: a no-op */
    veloz_spsc_destroy(NULL);

    veloz_spsc_config config = {sizeof config, 3, 24, VELOZ_WAIT_STRATEGY_SPIN_THEN_YIELD};
    EXPECT(VELOZ_OK, veloz_spsc_create, (&config, &q));
    CHECK(spsc_stats(q).capacity == 4);
    unsigned char record[24];
    for (int v = 0; v < 4; v++) {
        memset(record, v, sizeof record);
        EXPECT(VELOZ_OK, veloz_spsc_push, (q, record));
    }
    EXPECT(VELOZ_E_FULL, veloz_spsc_push, (q, record));
    CHECK(strstr(last_error(), "full") != NULL);
    memset(record, 0xEE, sizeof record);
    EXPECT(VELOZ_OK, veloz_spsc_peek, (q, record));
    CHECK(record[0] == 0 && record[23] == 0);
    int64_t size = -1;
    EXPECT(VELOZ_OK, veloz_spsc_size, (q, &size));
    CHECK(size == 4);
    for (int v = 0; v < 4; v++) {
        EXPECT(VELOZ_OK, veloz_spsc_pop, (q, record));
        CHECK(record[0] == v && record[23] == v);
    }
    EXPECT(VELOZ_E_EMPTY, veloz_spsc_pop, (q, record));
    EXPECT(VELOZ_E_EMPTY, veloz_spsc_peek, (q, record));

    /* Batches: a batch beyond the capacity pushes the capacity and is not an error. */
    unsigned char batch[24 * 10];
    for (int i = 0; i < 10; i++)
        memset(batch + 24 * i, 100 + i, 24);
    int32_t pushed = -1, popped = -1;
    EXPECT(VELOZ_OK, veloz_spsc_push_batch, (q, batch, 10, &pushed));
    CHECK(pushed == 4);
    EXPECT(VELOZ_E_FULL, veloz_spsc_push_batch, (q, batch, 10, &pushed));
    CHECK(pushed == 0);
    unsigned char out[24 * 10];
    EXPECT(VELOZ_OK, veloz_spsc_pop_batch, (q, out, 10, &popped));
    CHECK(popped == 4 && memcmp(out, batch, 24 * 4) == 0);
    EXPECT(VELOZ_E_EMPTY, veloz_spsc_pop_batch, (q, out, 10, &popped));

    s = spsc_stats(q);
    CHECK(s.pushes == 8 && s.pops == 8 && s.failed_pushes == 2 && s.failed_pops == 2 && s.high_water_mark == 4); /* a peek is not a pop: an empty peek is not counted */

    /* Timeouts. */
    int64_t start = now_ms();
    EXPECT(VELOZ_E_EMPTY, veloz_spsc_pop_wait, (q, record, 20000000));
    int64_t waited = now_ms() - start;
    CHECK(waited >= 15 && waited < 2000);

    /* Close: pushes refused, the rest drains, then VELOZ_E_STATE. */
    EXPECT(VELOZ_OK, veloz_spsc_push, (q, record));
    EXPECT(VELOZ_OK, veloz_spsc_close, (q));
    EXPECT(VELOZ_E_STATE, veloz_spsc_push, (q, record));
    EXPECT(VELOZ_E_STATE, veloz_spsc_push_wait, (q, record, -1));
    EXPECT(VELOZ_OK, veloz_spsc_pop_wait, (q, record, -1));
    EXPECT(VELOZ_E_STATE, veloz_spsc_pop, (q, record));
    EXPECT(VELOZ_E_STATE, veloz_spsc_pop_wait, (q, record, -1));
    CHECK(spsc_stats(q).closed == 1);
    veloz_spsc_destroy(q);
}

static void test_mpmc_lifecycle(void)
{
    veloz_mpmc* q = NULL;
    veloz_mpmc_config config = {sizeof config, 1, 8, VELOZ_WAIT_STRATEGY_BUSY_SPIN};
    EXPECT(VELOZ_OK, veloz_mpmc_create, (&config, &q));
    CHECK(mpmc_stats(q).capacity == 2); /* an MPMC ring holds at least 2 */
    int64_t v = 1;
    EXPECT(VELOZ_OK, veloz_mpmc_push, (q, &v));
    v = 2;
    EXPECT(VELOZ_OK, veloz_mpmc_push_wait, (q, &v, 0));
    EXPECT(VELOZ_E_FULL, veloz_mpmc_push_wait, (q, &v, 1000000));
    int64_t got[4] = {0};
    int32_t popped = 0;
    EXPECT(VELOZ_OK, veloz_mpmc_pop_batch, (q, got, 4, &popped));
    CHECK(popped == 2 && got[0] == 1 && got[1] == 2);
    EXPECT(VELOZ_E_EMPTY, veloz_mpmc_pop, (q, got));
    EXPECT(VELOZ_OK, veloz_mpmc_close, (q));
    EXPECT(VELOZ_E_STATE, veloz_mpmc_pop, (q, got));
    int32_t pushed = 0;
    EXPECT(VELOZ_E_STATE, veloz_mpmc_push_batch, (q, got, 1, &pushed));
    veloz_mpmc_destroy(q);
}

/* ---- threads ------------------------------------------------------------------------------------ */

enum { SPSC_TOTAL = 1000000, MPMC_PER_PRODUCER = 100000 };

typedef struct {
    veloz_spsc* queue;
    int64_t received;
    int64_t errors;
} spsc_consumer_state;

static int spsc_consumer(void* arg)
{
    spsc_consumer_state* state = (spsc_consumer_state*)arg;
    record64 batch[32];
    int64_t expected = 0;
    for (;;) {
        int32_t popped = 0;
        veloz_status status = veloz_spsc_pop_batch(state->queue, batch, 32, &popped);
        if (status == VELOZ_E_STATE)
            break;
        if (status == VELOZ_E_EMPTY) {
            /* Nothing yet: block for one record (the queue's strategy parks the thread). */
            status = veloz_spsc_pop_wait(state->queue, batch, -1);
            if (status == VELOZ_E_STATE)
                break;
            popped = status == VELOZ_OK ? 1 : 0;
        }
        for (int32_t i = 0; i < popped; i++, expected++)
            if (batch[i].sequence != expected || !record_ok(&batch[i]))
                state->errors++;
    }
    state->received = expected;
    return 0;
}

static void test_spsc_threads(void)
{
    veloz_spsc* q = NULL;
    veloz_spsc_config config = {sizeof config, 256, (int32_t)sizeof(record64), VELOZ_WAIT_STRATEGY_SPIN_THEN_PARK};
    EXPECT(VELOZ_OK, veloz_spsc_create, (&config, &q));
    spsc_consumer_state state = {q, 0, 0};
    thrd_t consumer;
    CHECK(thrd_create(&consumer, spsc_consumer, &state) == thrd_success);
    int64_t failures = 0;
    for (int64_t i = 0; i < SPSC_TOTAL; i++) {
        record64 r = make_record(0, i);
        if (i % 3 == 0) {
            if (veloz_spsc_push_wait(q, &r, -1) != VELOZ_OK)
                failures++;
        } else {
            while (veloz_spsc_push(q, &r) == VELOZ_E_FULL)
                thrd_yield();
        }
    }
    EXPECT(VELOZ_OK, veloz_spsc_close, (q));
    thrd_join(consumer, NULL);
    printf("spsc: %lld records of 64 bytes between two C11 threads, %lld errors\n", (long long)state.received, (long long)state.errors);
    CHECK(failures == 0);
    CHECK(state.received == SPSC_TOTAL);
    CHECK(state.errors == 0);
    veloz_queue_stats s = spsc_stats(q);
    CHECK(s.pushes == SPSC_TOTAL && s.pops == SPSC_TOTAL && s.size == 0);
    veloz_spsc_destroy(q);
}

typedef struct {
    veloz_mpmc* queue;
    int64_t id;
    atomic_int* producing;
    int64_t count;
    int64_t sum;
    int64_t errors;
} mpmc_thread_state;

static int mpmc_producer(void* arg)
{
    mpmc_thread_state* state = (mpmc_thread_state*)arg;
    for (int64_t i = 0; i < MPMC_PER_PRODUCER; i++) {
        record64 r = make_record(state->id, i);
        if (veloz_mpmc_push_wait(state->queue, &r, -1) != VELOZ_OK)
            state->errors++;
    }
    if (atomic_fetch_sub(state->producing, 1) == 1)
        veloz_mpmc_close(state->queue);
    return 0;
}

static int mpmc_consumer(void* arg)
{
    mpmc_thread_state* state = (mpmc_thread_state*)arg;
    int64_t last[2] = {-1, -1};
    record64 r;
    while (veloz_mpmc_pop_wait(state->queue, &r, -1) == VELOZ_OK) {
        if (r.producer < 0 || r.producer > 1 || !record_ok(&r) || r.sequence <= last[r.producer])
            state->errors++;
        else
            last[r.producer] = r.sequence;
        state->count++;
        state->sum += r.sequence;
    }
    return 0;
}

static void test_mpmc_threads(void)
{
    veloz_mpmc* q = NULL;
    veloz_mpmc_config config = {sizeof config, 8, (int32_t)sizeof(record64), VELOZ_WAIT_STRATEGY_SPIN_THEN_YIELD};
    EXPECT(VELOZ_OK, veloz_mpmc_create, (&config, &q));
    atomic_int producing = 2;
    mpmc_thread_state states[4];
    thrd_t threads[4];
    for (int i = 0; i < 4; i++) {
        mpmc_thread_state s = {q, i % 2, &producing, 0, 0, 0};
        states[i] = s;
        CHECK(thrd_create(&threads[i], i < 2 ? mpmc_producer : mpmc_consumer, &states[i]) == thrd_success);
    }
    for (int i = 0; i < 4; i++)
        thrd_join(threads[i], NULL);
    int64_t count = states[2].count + states[3].count;
    int64_t sum = states[2].sum + states[3].sum;
    int64_t errors = states[0].errors + states[1].errors + states[2].errors + states[3].errors;
    printf("mpmc: 2 producers x 2 consumers, %lld records, %lld errors\n", (long long)count, (long long)errors);
    CHECK(count == 2 * (int64_t)MPMC_PER_PRODUCER);
    CHECK(sum == 2 * ((int64_t)MPMC_PER_PRODUCER * (MPMC_PER_PRODUCER - 1) / 2));
    CHECK(errors == 0);
    veloz_mpmc_destroy(q);
}

/* ---- hostile input ------------------------------------------------------------------------------ */

static void test_hostile(void)
{
    veloz_spsc* spsc = NULL;
    veloz_mpmc* mpmc = NULL;
    veloz_spsc_config sc = {sizeof sc, 4, 8, 0};
    veloz_mpmc_config mc = {sizeof mc, 4, 8, 0};
    EXPECT(VELOZ_OK, veloz_spsc_create, (&sc, &spsc));
    EXPECT(VELOZ_OK, veloz_mpmc_create, (&mc, &mpmc));
    veloz_spsc* dead = NULL;
    EXPECT(VELOZ_OK, veloz_spsc_create, (&sc, &dead));
    veloz_spsc_destroy(dead);
    /* A handle of the other family, cast: refused by its type tag, never dereferenced. */
    veloz_spsc* foreign = (veloz_spsc*)(void*)mpmc;
    int64_t v = 1;
    int32_t n = 0;
    int64_t size = 0;
    veloz_queue_stats stats;
    memset(&stats, 0, sizeof stats);
    stats.struct_size = sizeof stats;
    veloz_spsc* handles[3] = {NULL, dead, foreign};
    for (int i = 0; i < 3; i++) {
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_spsc_push, (handles[i], &v));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_spsc_pop, (handles[i], &v));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_spsc_peek, (handles[i], &v));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_spsc_push_batch, (handles[i], &v, 1, &n));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_spsc_pop_batch, (handles[i], &v, 1, &n));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_spsc_push_wait, (handles[i], &v, -1));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_spsc_pop_wait, (handles[i], &v, -1));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_spsc_close, (handles[i]));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_spsc_size, (handles[i], &size));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_spsc_get_stats, (handles[i], &stats));
    }
    veloz_spsc_destroy(foreign); /* wrong type: a no-op, the MPMC queue lives on */
    EXPECT(VELOZ_OK, veloz_mpmc_push, (mpmc, &v));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_mpmc_push, ((veloz_mpmc*)(void*)spsc, &v));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_mpmc_pop, (NULL, &v));

    /* NULL buffers and negative counts: refused, nothing changes. */
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_spsc_push, (spsc, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_spsc_pop, (spsc, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_spsc_push_batch, (spsc, NULL, 3, &n));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_spsc_push_batch, (spsc, &v, -1, &n));
    CHECK(strstr(last_error(), "count must be >= 0") != NULL);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_spsc_push_batch, (spsc, &v, 1, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_spsc_pop_batch, (spsc, &v, -2, &n));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_mpmc_pop_batch, (mpmc, NULL, 2, &n));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_mpmc_push_wait, (mpmc, NULL, 0));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_spsc_size, (spsc, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_mpmc_get_stats, (mpmc, NULL));
    EXPECT(VELOZ_OK, veloz_spsc_push_batch, (spsc, NULL, 0, &n)); /* NULL with count 0 is an empty batch */
    CHECK(n == 0);
    CHECK(spsc_stats(spsc).pushes == 0);
    CHECK(mpmc_stats(mpmc).size == 1);

    /* Bad configs: the message names the field. */
    veloz_spsc* none = (veloz_spsc*)(void*)&v;
    veloz_spsc_config bad = {sizeof bad, -3, 0, 0};
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_spsc_create, (&bad, &none));
    CHECK(none == NULL);
    CHECK(strstr(last_error(), "config->capacity") != NULL);
    bad.capacity = 0;
    bad.record_size = 2048;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_spsc_create, (&bad, &none));
    CHECK(strstr(last_error(), "config->record_size") != NULL);
    bad.record_size = 0;
    bad.wait_strategy = 42;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_spsc_create, (&bad, &none));
    CHECK(strstr(last_error(), "config->wait_strategy") != NULL);
    bad.struct_size = 0;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_spsc_create, (&bad, &none));
    CHECK(strstr(last_error(), "struct_size") != NULL);
    veloz_mpmc_config bad_mpmc = {sizeof bad_mpmc, 0, 7, 0};
    veloz_mpmc* none_mpmc = NULL;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_mpmc_create, (&bad_mpmc, &none_mpmc));
    CHECK(strstr(last_error(), "config->record_size must be 8..1024") != NULL);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_mpmc_create, (NULL, NULL));

    veloz_spsc_destroy(spsc);
    veloz_mpmc_destroy(mpmc);
}

int main(void)
{
    test_spsc_lifecycle();
    test_mpmc_lifecycle();
    test_spsc_threads();
    test_mpmc_threads();
    test_hostile();
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
