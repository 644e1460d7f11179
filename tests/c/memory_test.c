/*
 * VeloZ memory C ABI test: a C11 program that includes the generated veloz.h, links libveloz.so and calls every
 * veloz_pool_*, veloz_concurrent_pool_*, veloz_arena_* and veloz_memory_* export: configs and their defaults,
 * aligned distinct blocks, growth up to max_blocks and VELOZ_E_FULL beyond it, LIFO reuse, batches, is_rented,
 * FILL_FREED, the owner-thread rule of veloz_pool (a second C11 thread gets VELOZ_E_STATE), two C11 threads
 * returning each other's blocks of a concurrent pool (each block stamped by its renter and checked by its
 * returner), arena alignment, reset and large allocations, the report and the Prometheus text, and hostile input
 * (NULL, destroyed and wrong-type handles, bad configs, NULL, malloc'd, interior, doubly returned and other pools'
 * pointers) after which the pool is unchanged but for its bad_returns counter. Prints "N passed, N failed" and
 * exits non-zero on any failure.
 *
 * Build (build.cake, target Test):
 *   gcc -std=c11 -Wall -Wextra -Werror -pedantic -O1 -Iinclude tests/c/memory_test.c -o build/c/memory_test \
 *       -Lartifacts/lib -lveloz -Wl,-rpath,<abs>/artifacts/lib
 */
#include "veloz.h"
#include "check.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

_Static_assert(sizeof(veloz_pool_config) == 32, "veloz_pool_config size");
_Static_assert(offsetof(veloz_pool_config, name) == 24, "veloz_pool_config.name");
_Static_assert(sizeof(veloz_pool_stats) == 96, "veloz_pool_stats size");
_Static_assert(offsetof(veloz_pool_stats, capacity) == 24, "veloz_pool_stats.capacity");
_Static_assert(offsetof(veloz_pool_stats, bytes_reserved) == 88, "veloz_pool_stats.bytes_reserved");
_Static_assert(sizeof(veloz_arena_config) == 24, "veloz_arena_config size");
_Static_assert(sizeof(veloz_arena_stats) == 56, "veloz_arena_stats size");
_Static_assert(offsetof(veloz_arena_stats, resets) == 48, "veloz_arena_stats.resets");

static veloz_pool_config pool_config(int32_t block_size, int32_t initial_blocks, int32_t max_blocks, const char* name)
{
    veloz_pool_config c;
    memset(&c, 0, sizeof c);
    c.struct_size = sizeof c;
    c.block_size = block_size;
    c.initial_blocks = initial_blocks;
    c.max_blocks = max_blocks;
    c.name = name;
    return c;
}

static veloz_pool_stats pool_stats(veloz_pool* p)
{
    veloz_pool_stats s;
    memset(&s, 0, sizeof s);
    s.struct_size = sizeof s;
    EXPECT(VELOZ_OK, veloz_pool_get_stats, (p, &s));
    return s;
}

static veloz_pool_stats cpool_stats(veloz_concurrent_pool* p)
{
    veloz_pool_stats s;
    memset(&s, 0, sizeof s);
    s.struct_size = sizeof s;
    EXPECT(VELOZ_OK, veloz_concurrent_pool_get_stats, (p, &s));
    return s;
}

static veloz_arena_stats arena_stats(veloz_arena* a)
{
    veloz_arena_stats s;
    memset(&s, 0, sizeof s);
    s.struct_size = sizeof s;
    EXPECT(VELOZ_OK, veloz_arena_get_stats, (a, &s));
    return s;
}

static int rented(veloz_pool* p, const void* block)
{
    int32_t out = -1;
    EXPECT(VELOZ_OK, veloz_pool_is_rented, (p, block, &out));
    return out;
}

/* The stats are the same but for bad_returns, which is one more. */
static int same_but_one_bad_return(veloz_pool_stats before, veloz_pool_stats after)
{
    before.bad_returns++;
    return memcmp(&before, &after, sizeof before) == 0;
}

/* ---- pool ---------------------------------------------------------------------------------------- */

static void test_pool(void)
{
    veloz_pool* pool = NULL;
    veloz_pool_config config = pool_config(40, 4, 8, "c-pool");
    config.alignment = 64;
    EXPECT(VELOZ_OK, veloz_pool_create, (&config, &pool));
    veloz_pool_stats s = pool_stats(pool);
    CHECK(s.block_size == 40 && s.alignment == 64 && s.stride == 64 && s.capacity == 4 && s.max_blocks == 8 && s.chunks == 1);

    unsigned char* blocks[8];
    for (int i = 0; i < 8; i++) {
        void* b = NULL;
        EXPECT(VELOZ_OK, veloz_pool_rent, (pool, &b));
        blocks[i] = (unsigned char*)b;
        CHECK(b != NULL && (uintptr_t)b % 64 == 0);
        memset(b, i + 1, 40);
        CHECK(rented(pool, b) == 1);
    }
    int overlap = 0;
    for (int i = 0; i < 8; i++)
        for (int k = 0; k < 40; k++)
            overlap += blocks[i][k] != (unsigned char)(i + 1);
    CHECK(overlap == 0);
    s = pool_stats(pool);
    CHECK(s.capacity == 8 && s.chunks == 2 && s.in_use == 8 && s.peak_in_use == 8);

    /* Exhausted: VELOZ_E_FULL, *out NULL, nothing else changes. */
    void* none = (void*)blocks[0];
    EXPECT(VELOZ_E_FULL, veloz_pool_rent, (pool, &none));
    CHECK(none == NULL);
    CHECK(strstr(last_error(), "max_blocks is 8") != NULL);
    veloz_pool_stats after = pool_stats(pool);
    CHECK(after.failed_rents == 1 && after.in_use == 8 && after.rents == 8);

    /* LIFO reuse. */
    EXPECT(VELOZ_OK, veloz_pool_return, (pool, blocks[5]));
    CHECK(rented(pool, blocks[5]) == 0);
    void* again = NULL;
    EXPECT(VELOZ_OK, veloz_pool_rent, (pool, &again));
    CHECK(again == blocks[5]);

    /* Batches: return in order up to the first refused block. */
    void* back[4] = {blocks[0], blocks[1], blocks[1] + 1, blocks[3]};
    int32_t returned = -1;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_pool_return_batch, (pool, back, 4, &returned));
    CHECK(returned == 2);
    CHECK(strstr(last_error(), "blocks[2]") != NULL && strstr(last_error(), "points inside a block") != NULL);
    CHECK(rented(pool, blocks[3]) == 1);
    void* more[10];
    int32_t got = -1;
    EXPECT(VELOZ_E_FULL, veloz_pool_rent_batch, (pool, more, 10, &got));
    CHECK(got == 2);
    EXPECT(VELOZ_OK, veloz_pool_return_batch, (pool, more, got, &returned));
    CHECK(returned == 2);
    EXPECT(VELOZ_OK, veloz_pool_rent_batch, (pool, NULL, 0, &got));
    CHECK(got == 0);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_pool_rent_batch, (pool, more, -1, &got));
    CHECK(strstr(last_error(), "count must be >= 0") != NULL);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_pool_rent_batch, (pool, NULL, 3, &got));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_pool_rent_batch, (pool, more, 1, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_pool_return_batch, (pool, more, 1, NULL));
    for (int i = 2; i < 8; i++)
        EXPECT(VELOZ_OK, veloz_pool_return, (pool, blocks[i]));
    s = pool_stats(pool);
    CHECK(s.in_use == 0 && s.rents == s.returns && s.bad_returns == 1 && s.failed_rents == 2);

    /* A smaller struct_size: only the bytes it covers are written. */
    unsigned char raw[sizeof(veloz_pool_stats)];
    memset(raw, 0x77, sizeof raw);
    uint32_t small = 28;
    memcpy(raw, &small, sizeof small);
    EXPECT(VELOZ_OK, veloz_pool_get_stats, (pool, (veloz_pool_stats*)(void*)raw));
    CHECK(raw[28] == 0x77 && raw[95] == 0x77);
    veloz_pool_stats bad;
    memset(&bad, 0, sizeof bad);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_pool_get_stats, (pool, &bad));
    bad.struct_size = 5000;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_pool_get_stats, (pool, &bad));
    CHECK(strstr(last_error(), "struct_size") != NULL);
    veloz_pool_destroy(pool);
    veloz_pool_destroy(pool); /* destroyed twice: a no-op */
    veloz_pool_destroy(NULL);
}

static void test_fill_freed(void)
{
    veloz_concurrent_pool* pool = NULL;
    veloz_pool_config config = pool_config(24, 2, 0, "c-fill");
    config.flags = VELOZ_POOL_CONFIG_FILL_FREED;
    EXPECT(VELOZ_OK, veloz_concurrent_pool_create, (&config, &pool));
    unsigned char* b = NULL;
    EXPECT(VELOZ_OK, veloz_concurrent_pool_rent, (pool, (void**)&b));
    memset(b, 0x11, 24);
    EXPECT(VELOZ_OK, veloz_concurrent_pool_return, (pool, b));
    int filled = 1;
    for (int i = 0; i < 24; i++)
        filled &= b[i] == 0xDD;
    CHECK(filled);
    veloz_concurrent_pool_destroy(pool);
}

/* ---- hostile input --------------------------------------------------------------------------------- */

static void test_hostile(void)
{
    veloz_pool* pool = NULL;
    veloz_pool* sibling = NULL;
    veloz_pool_config config = pool_config(48, 8, 0, "c-hostile");
    EXPECT(VELOZ_OK, veloz_pool_create, (&config, &pool));
    EXPECT(VELOZ_OK, veloz_pool_create, (&config, &sibling));
    unsigned char* kept = NULL;
    void* twice = NULL;
    void* siblings = NULL;
    EXPECT(VELOZ_OK, veloz_pool_rent, (pool, (void**)&kept));
    EXPECT(VELOZ_OK, veloz_pool_rent, (pool, &twice));
    EXPECT(VELOZ_OK, veloz_pool_return, (pool, twice));
    EXPECT(VELOZ_OK, veloz_pool_rent, (sibling, &siblings));
    void* foreign = malloc(64);
    CHECK(foreign != NULL);

    void* refused[5] = {NULL, foreign, kept + 1, twice, siblings};
    const char* messages[5] = {"block is NULL", "is not in pool 'c-hostile'", "points inside a block", "is not rented (returned twice?)",
                               "is not in pool 'c-hostile'"};
    for (int i = 0; i < 5; i++) {
        veloz_pool_stats before = pool_stats(pool);
        EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_pool_return, (pool, refused[i]));
        CHECK(strstr(last_error(), messages[i]) != NULL);
        CHECK(same_but_one_bad_return(before, pool_stats(pool)));
        CHECK(rented(pool, kept) == 1);
        void* probe = NULL;
        EXPECT(VELOZ_OK, veloz_pool_rent, (pool, &probe));
        EXPECT(VELOZ_OK, veloz_pool_return, (pool, probe));
    }
    CHECK(rented(sibling, siblings) == 1);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_pool_rent, (pool, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_pool_is_rented, (pool, kept, NULL));

    /* Handles: NULL, destroyed, and other types cast (refused by their tag, never dereferenced). */
    veloz_pool* dead = NULL;
    EXPECT(VELOZ_OK, veloz_pool_create, (&config, &dead));
    veloz_pool_destroy(dead);
    veloz_arena* arena = NULL;
    EXPECT(VELOZ_OK, veloz_arena_create, (NULL, &arena));
    veloz_spsc* queue = NULL;
    EXPECT(VELOZ_OK, veloz_spsc_create, (NULL, &queue));
    veloz_concurrent_pool* cpool = NULL;
    EXPECT(VELOZ_OK, veloz_concurrent_pool_create, (&config, &cpool));
    veloz_pool* handles[5] = {NULL, dead, (veloz_pool*)(void*)arena, (veloz_pool*)(void*)queue, (veloz_pool*)(void*)cpool};
    veloz_pool_stats stats;
    memset(&stats, 0, sizeof stats);
    stats.struct_size = sizeof stats;
    void* b = NULL;
    int32_t n = 0;
    for (int i = 0; i < 5; i++) {
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_pool_rent, (handles[i], &b));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_pool_return, (handles[i], kept));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_pool_rent_batch, (handles[i], &b, 1, &n));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_pool_return_batch, (handles[i], &b, 1, &n));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_pool_is_rented, (handles[i], kept, &n));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_pool_get_stats, (handles[i], &stats));
        veloz_pool_destroy(handles[i]); /* wrong type: a no-op */
    }
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_concurrent_pool_rent, ((veloz_concurrent_pool*)(void*)pool, &b));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_arena_alloc, ((veloz_arena*)(void*)pool, 8, 0, &b));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_arena_reset, (NULL));
    EXPECT(VELOZ_OK, veloz_arena_alloc, (arena, 8, 0, &b));
    EXPECT(VELOZ_OK, veloz_concurrent_pool_rent, (cpool, &b));
    int64_t v = 1;
    EXPECT(VELOZ_OK, veloz_spsc_push, (queue, &v));

    /* Bad configs: the message names the field; out is NULL afterwards. */
    veloz_pool* none = pool;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_pool_create, (NULL, &none));
    CHECK(none == NULL && strstr(last_error(), "config is NULL") != NULL);
    struct {
        int32_t block_size, alignment, initial_blocks, max_blocks;
        uint32_t flags;
        const char* field;
    } cases[] = {
        {0, 0, 0, 0, 0, "config->block_size"},         {(1 << 20) + 1, 0, 0, 0, 0, "config->block_size"},
        {16, 3, 0, 0, 0, "config->alignment"},         {16, 8192, 0, 0, 0, "config->alignment"},
        {16, 0, 8, 4, 0, "config->max_blocks"},        {16, 0, -1, 0, 0, "config->initial_blocks"},
        {16, 0, 0, 0, 2, "config->flags"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        veloz_pool_config c = pool_config(cases[i].block_size, cases[i].initial_blocks, cases[i].max_blocks, NULL);
        c.alignment = cases[i].alignment;
        c.flags = cases[i].flags;
        none = pool;
        EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_pool_create, (&c, &none));
        CHECK(none == NULL && strstr(last_error(), cases[i].field) != NULL);
        veloz_concurrent_pool* cnone = cpool;
        EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_concurrent_pool_create, (&c, &cnone));
        CHECK(cnone == NULL && strstr(last_error(), cases[i].field) != NULL);
    }
    char long_name[130];
    memset(long_name, 'n', 129);
    long_name[129] = '\0';
    veloz_pool_config named = pool_config(16, 1, 0, long_name);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_pool_create, (&named, &none));
    CHECK(strstr(last_error(), "config->name must be at most 128 characters") != NULL);
    named.name = NULL;
    named.struct_size = 0;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_pool_create, (&named, &none));
    named.struct_size = 5000;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_pool_create, (&named, &none));
    CHECK(strstr(last_error(), "config->struct_size") != NULL);

    free(foreign);
    veloz_pool_destroy(pool);
    veloz_pool_destroy(sibling);
    veloz_arena_destroy(arena);
    veloz_spsc_destroy(queue);
    veloz_concurrent_pool_destroy(cpool);
}

/* ---- threads ----------------------------------------------------------------------------------------- */

typedef struct {
    veloz_pool* pool;
    veloz_status rent;
    veloz_status stats;
} other_thread_state;

static int other_thread(void* arg)
{
    other_thread_state* state = (other_thread_state*)arg;
    void* b = NULL;
    veloz_pool_stats s;
    memset(&s, 0, sizeof s);
    s.struct_size = sizeof s;
    state->rent = veloz_pool_rent(state->pool, &b);
    state->stats = veloz_pool_get_stats(state->pool, &s);
    if (state->rent == VELOZ_OK)
        veloz_pool_return(state->pool, b);
    return 0;
}

static void test_owner_thread(void)
{
    veloz_pool* pool = NULL;
    veloz_pool_config config = pool_config(16, 4, 0, "c-owner");
    EXPECT(VELOZ_OK, veloz_pool_create, (&config, &pool));
    void* mine = NULL;
    EXPECT(VELOZ_OK, veloz_pool_rent, (pool, &mine)); /* this thread is the owner now */
    other_thread_state state = {pool, VELOZ_OK, VELOZ_OK};
    thrd_t thread;
    CHECK(thrd_create(&thread, other_thread, &state) == thrd_success);
    thrd_join(thread, NULL);
    CHECK(state.rent == VELOZ_E_STATE && state.stats == VELOZ_E_STATE);
    CHECK(pool_stats(pool).rents == 1);
    EXPECT(VELOZ_OK, veloz_handle_share, (pool));
    CHECK(thrd_create(&thread, other_thread, &state) == thrd_success);
    thrd_join(thread, NULL);
    CHECK(state.rent == VELOZ_OK && state.stats == VELOZ_OK);
    EXPECT(VELOZ_OK, veloz_pool_return, (pool, mine));
    veloz_pool_destroy(pool);
}

enum { PER_THREAD = 200000, SLOTS = 64 };

/* A mailbox of block pointers from one thread to the other: a ring of SLOTS, one writer and one reader. */
typedef struct {
    _Atomic(uintptr_t) slots[SLOTS];
    atomic_long head; /* written by the reader */
    atomic_long tail; /* written by the writer */
} mailbox;

typedef struct {
    veloz_concurrent_pool* pool;
    mailbox* out;
    mailbox* in;
    int64_t id;
    int64_t errors;
    int64_t fulls;
} cross_state;

static void stamp(int64_t* block, int64_t value)
{
    for (int i = 0; i < 8; i++)
        block[i] = value ^ (int64_t)i;
}

static int holds(const int64_t* block)
{
    for (int i = 1; i < 8; i++)
        if (block[i] != (block[0] ^ (int64_t)i))
            return 0;
    return 1;
}

/* Returns one block from the mailbox to the pool; 0 when it was empty. */
static int take_one(cross_state* s)
{
    long head = atomic_load_explicit(&s->in->head, memory_order_relaxed);
    if (head == atomic_load_explicit(&s->in->tail, memory_order_acquire))
        return 0;
    int64_t* block = (int64_t*)atomic_load_explicit(&s->in->slots[head % SLOTS], memory_order_relaxed);
    int32_t is_rented = 0;
    if (!holds(block) || (block[0] >> 40) == s->id + 1 || veloz_concurrent_pool_is_rented(s->pool, block, &is_rented) != VELOZ_OK || !is_rented)
        s->errors++;
    if (veloz_concurrent_pool_return(s->pool, block) != VELOZ_OK)
        s->errors++;
    atomic_store_explicit(&s->in->head, head + 1, memory_order_release);
    return 1;
}

static int cross_thread(void* arg)
{
    cross_state* s = (cross_state*)arg;
    int64_t sent = 0, received = 0;
    while (sent < PER_THREAD || received < PER_THREAD) {
        int progress = 0;
        long tail = atomic_load_explicit(&s->out->tail, memory_order_relaxed);
        if (sent < PER_THREAD && tail - atomic_load_explicit(&s->out->head, memory_order_acquire) < SLOTS) {
            void* block = NULL;
            veloz_status status = veloz_concurrent_pool_rent(s->pool, &block);
            if (status == VELOZ_OK) {
                stamp((int64_t*)block, ((s->id + 1) << 40) | sent);
                atomic_store_explicit(&s->out->slots[tail % SLOTS], (uintptr_t)block, memory_order_relaxed);
                atomic_store_explicit(&s->out->tail, tail + 1, memory_order_release);
                sent++;
                progress = 1;
            } else if (status == VELOZ_E_FULL) {
                s->fulls++;
            } else {
                s->errors++;
            }
        }
        if (take_one(s)) {
            received++;
            progress = 1;
        }
        if (!progress)
            thrd_yield();
    }
    return 0;
}

static void test_cross_thread_returns(void)
{
    veloz_concurrent_pool* pool = NULL;
    /* 96 blocks for two mailboxes of 64: the pool may run out, and a thread refused with FULL drains its mailbox. */
    veloz_pool_config config = pool_config(64, 32, 96, "c-cross");
    EXPECT(VELOZ_OK, veloz_concurrent_pool_create, (&config, &pool));
    static mailbox boxes[2];
    cross_state states[2] = {{pool, &boxes[0], &boxes[1], 0, 0, 0}, {pool, &boxes[1], &boxes[0], 1, 0, 0}};
    thrd_t threads[2];
    for (int i = 0; i < 2; i++)
        CHECK(thrd_create(&threads[i], cross_thread, &states[i]) == thrd_success);
    for (int i = 0; i < 2; i++)
        thrd_join(threads[i], NULL);
    printf("concurrent pool: 2 C11 threads x %d blocks returned by the other thread, %lld errors, %lld VELOZ_E_FULL\n", PER_THREAD,
           (long long)(states[0].errors + states[1].errors), (long long)(states[0].fulls + states[1].fulls));
    CHECK(states[0].errors == 0 && states[1].errors == 0);
    veloz_pool_stats s = cpool_stats(pool);
    CHECK(s.in_use == 0 && s.rents == 2 * (int64_t)PER_THREAD && s.returns == s.rents && s.bad_returns == 0);
    CHECK(s.capacity <= 96 && s.failed_rents == states[0].fulls + states[1].fulls);
    veloz_concurrent_pool_destroy(pool);
}

/* ---- arena --------------------------------------------------------------------------------------------- */

static void test_arena(void)
{
    veloz_arena* arena = NULL;
    veloz_arena_config config;
    memset(&config, 0, sizeof config);
    config.struct_size = sizeof config;
    config.chunk_size = 4096;
    config.name = "c-arena";
    EXPECT(VELOZ_OK, veloz_arena_create, (&config, &arena));
    veloz_arena_stats s = arena_stats(arena);
    CHECK(s.chunks == 1 && s.chunk_size == 4096 && s.bytes_reserved == 4096);

    int misaligned = 0;
    int64_t bytes = 0;
    for (int i = 0; i < 200; i++) {
        int32_t alignment = i % 14 == 13 ? 0 : 1 << (i % 13);
        int64_t size = 1 + (i * 37) % 700;
        void* p = NULL;
        EXPECT(VELOZ_OK, veloz_arena_alloc, (arena, size, alignment, &p));
        misaligned += (uintptr_t)p % (uintptr_t)(alignment == 0 ? 16 : alignment) != 0;
        memset(p, i, (size_t)size);
        bytes += size;
    }
    CHECK(misaligned == 0);
    void* large = NULL;
    EXPECT(VELOZ_OK, veloz_arena_alloc, (arena, 100000, 64, &large));
    CHECK((uintptr_t)large % 64 == 0);
    memset(large, 0x5A, 100000);
    bytes += 100000;
    veloz_arena_stats before = arena_stats(arena);
    CHECK(before.allocations == 201 && before.bytes_allocated == bytes && before.bytes_reserved >= bytes);

    EXPECT(VELOZ_OK, veloz_arena_reset, (arena));
    s = arena_stats(arena);
    CHECK(s.bytes_reserved == before.bytes_reserved && s.chunks == before.chunks);
    CHECK(s.bytes_allocated == 0 && s.resets == 1 && s.peak_bytes_allocated == bytes);

    void* blocks[10];
    EXPECT(VELOZ_OK, veloz_arena_alloc_batch, (arena, 24, 8, blocks, 10));
    int bad_batch = 0;
    for (int i = 0; i < 10; i++)
        bad_batch += (uintptr_t)blocks[i] % 8 != 0 || (i > 0 && blocks[i] == blocks[i - 1]);
    CHECK(bad_batch == 0);

    /* Out of range: refused, *out NULL, nothing allocated. */
    veloz_arena_stats held = arena_stats(arena);
    void* p = large;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_arena_alloc, (arena, 0, 0, &p));
    CHECK(p == NULL && strstr(last_error(), "size must be 1..1073741824 bytes") != NULL);
    p = large;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_arena_alloc, (arena, (INT64_C(1) << 30) + 1, 0, &p));
    CHECK(p == NULL);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_arena_alloc, (arena, 16, 3, &p));
    CHECK(strstr(last_error(), "alignment") != NULL);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_arena_alloc, (arena, 16, 8192, &p));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_arena_alloc, (arena, 16, 0, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_arena_alloc_batch, (arena, 0, 0, blocks, 2));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_arena_alloc_batch, (arena, 16, 0, NULL, 2));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_arena_alloc_batch, (arena, 16, 0, blocks, -1));
    s = arena_stats(arena);
    CHECK(memcmp(&s, &held, sizeof s) == 0);

    veloz_arena_config bad = config;
    bad.chunk_size = 4095;
    veloz_arena* none = arena;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_arena_create, (&bad, &none));
    CHECK(none == NULL && strstr(last_error(), "config->chunk_size") != NULL);
    bad = config;
    bad.flags = 1;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_arena_create, (&bad, &none));
    CHECK(strstr(last_error(), "config->flags") != NULL);
    bad.flags = 0;
    bad.struct_size = 0;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_arena_create, (&bad, &none));
    veloz_arena_destroy(arena);
    veloz_arena_destroy(arena);
    veloz_arena_destroy(NULL);
}

/* ---- report ---------------------------------------------------------------------------------------------- */

static void test_report(void)
{
    veloz_pool* pool = NULL;
    veloz_pool_config config = pool_config(48, 8, 0, "c-report-pool");
    EXPECT(VELOZ_OK, veloz_pool_create, (&config, &pool));
    veloz_arena* arena = NULL;
    veloz_arena_config ac;
    memset(&ac, 0, sizeof ac);
    ac.struct_size = sizeof ac;
    ac.name = "c-report-arena";
    EXPECT(VELOZ_OK, veloz_arena_create, (&ac, &arena));
    void* b = NULL;
    EXPECT(VELOZ_OK, veloz_pool_rent, (pool, &b));
    EXPECT(VELOZ_OK, veloz_arena_alloc, (arena, 1000, 0, &b));

    int32_t length = -1;
    EXPECT(VELOZ_E_BUFFER_TOO_SMALL, veloz_memory_report, (NULL, 0, &length));
    CHECK(length > 0);
    char* text = (char*)malloc((size_t)length + 64);
    CHECK(text != NULL);
    memset(text, 'x', (size_t)length + 64);
    int32_t written = -1;
    EXPECT(VELOZ_E_BUFFER_TOO_SMALL, veloz_memory_report, (text, length, &written));
    CHECK(written == length && text[0] == 'x');
    EXPECT(VELOZ_OK, veloz_memory_report, (text, length + 64, &written));
    CHECK(written == length && text[written] == '\0' && (int32_t)strlen(text) == written);
    CHECK(strstr(text, "c-report-pool") != NULL && strstr(text, "fixed_pool") != NULL);
    CHECK(strstr(text, "c-report-arena") != NULL && strstr(text, "bytes reserved") != NULL);
    free(text);

    EXPECT(VELOZ_E_BUFFER_TOO_SMALL, veloz_memory_prometheus, (NULL, 0, &length));
    text = (char*)malloc((size_t)length + 64);
    CHECK(text != NULL);
    EXPECT(VELOZ_OK, veloz_memory_prometheus, (text, length + 64, &written));
    CHECK(written == length);
    CHECK(strstr(text, "veloz_pool_in_use_blocks{name=\"c-report-pool\",kind=\"fixed_pool\"} 1\n") != NULL);
    CHECK(strstr(text, "veloz_arena_allocated_bytes{name=\"c-report-arena\",kind=\"arena\"} 1000\n") != NULL);
    CHECK(strstr(text, "# TYPE veloz_pool_rents_total counter\n") != NULL);
    free(text);

    char small[8];
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_memory_report, (small, sizeof small, NULL));
    CHECK(strstr(last_error(), "written is NULL") != NULL);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_memory_prometheus, (small, -1, &written));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_memory_prometheus, (NULL, 8, &written));

    veloz_pool_destroy(pool);
    veloz_arena_destroy(arena);
    EXPECT(VELOZ_E_BUFFER_TOO_SMALL, veloz_memory_report, (NULL, 0, &length));
    text = (char*)malloc((size_t)length + 64);
    CHECK(text != NULL);
    EXPECT(VELOZ_OK, veloz_memory_report, (text, length + 64, &written));
    CHECK(strstr(text, "c-report-pool") == NULL && strstr(text, "c-report-arena") == NULL);
    free(text);
}

int main(void)
{
    test_pool();
    test_fill_freed();
    test_hostile();
    test_owner_thread();
    test_cross_thread_returns();
    test_arena();
    test_report();
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
