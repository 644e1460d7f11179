/*
 * VeloZ timer wheel C ABI test: a C11 program that includes the generated veloz.h, links libveloz.so and calls every
 * veloz_timer_wheel_* export: create with a NULL config, a full config and an older (smaller) struct_size; one-shot
 * timers fired in deadline order with ties in scheduling order, never early; a full buffer leaving the rest pending
 * and cancellable; cancel of live, pending, fired and unknown ids; periodic timers keeping their id and counting
 * skipped periods; advance_callback with a C function and a context (stop, schedule and cancel from inside, a nested
 * advance or clear refused with VELOZ_E_STATE); the range and max_timers limits; time going backwards; next_deadline;
 * clear; get_stats with a full and with a smaller struct_size (only that many bytes written); the owner-thread rule
 * (a second C11 thread gets VELOZ_E_STATE); and hostile input: NULL, destroyed and wrong-type handles
 * (VELOZ_E_INVALID_HANDLE), NULL out pointers and bad configs (VELOZ_E_INVALID_ARGUMENT), each with a last-error
 * message that names the function. Prints "N passed, N failed" and exits non-zero on any failure.
 *
 * Build (build.cake, target Test):
 *   gcc -std=c11 -Wall -Wextra -Werror -pedantic -O1 -Iinclude tests/c/timer_test.c -o build/c/timer_test \
 *       -Lartifacts/lib -lveloz -Wl,-rpath,<abs>/artifacts/lib
 */
#include "veloz.h"
#include "check.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

_Static_assert(sizeof(veloz_timer_wheel_config) == 48, "veloz_timer_wheel_config size");
_Static_assert(offsetof(veloz_timer_wheel_config, tick_ns) == 8, "veloz_timer_wheel_config.tick_ns");
_Static_assert(offsetof(veloz_timer_wheel_config, name) == 40, "veloz_timer_wheel_config.name");
_Static_assert(sizeof(veloz_timer_expiry) == 40, "veloz_timer_expiry size");
_Static_assert(offsetof(veloz_timer_expiry, expirations) == 32, "veloz_timer_expiry.expirations");
_Static_assert(sizeof(veloz_timer_wheel_stats) == 120, "veloz_timer_wheel_stats size");
_Static_assert(offsetof(veloz_timer_wheel_stats, failed_cancels) == 112, "veloz_timer_wheel_stats.failed_cancels");

#define MS INT64_C(1000000)

static veloz_timer_wheel_config wheel_config(int64_t tick_ns, int32_t levels, int32_t max_timers, int64_t start_ns, const char* name)
{
    veloz_timer_wheel_config c;
    memset(&c, 0, sizeof c);
    c.struct_size = sizeof c;
    c.tick_ns = tick_ns;
    c.levels = levels;
    c.max_timers = max_timers;
    c.initial_timers = max_timers > 0 && max_timers < 8 ? max_timers : 8;
    c.start_ns = start_ns;
    c.name = name;
    return c;
}

static veloz_timer_wheel* new_wheel(const veloz_timer_wheel_config* config)
{
    veloz_timer_wheel* w = NULL;
    EXPECT(VELOZ_OK, veloz_timer_wheel_create, (config, &w));
    CHECK(w != NULL);
    return w;
}

static veloz_timer_wheel_stats wheel_stats(veloz_timer_wheel* w)
{
    veloz_timer_wheel_stats s;
    memset(&s, 0, sizeof s);
    s.struct_size = sizeof s;
    EXPECT(VELOZ_OK, veloz_timer_wheel_get_stats, (w, &s));
    return s;
}

static uint64_t schedule(veloz_timer_wheel* w, int64_t deadline, uint64_t payload)
{
    uint64_t id = 0;
    EXPECT(VELOZ_OK, veloz_timer_wheel_schedule, (w, deadline, payload, &id));
    CHECK(id != 0);
    return id;
}

static int active(veloz_timer_wheel* w, uint64_t id)
{
    int32_t out = -1;
    EXPECT(VELOZ_OK, veloz_timer_wheel_is_active, (w, id, &out));
    return out;
}

static int32_t advance(veloz_timer_wheel* w, int64_t now, veloz_timer_expiry* out, int32_t capacity)
{
    int32_t written = -1;
    EXPECT(VELOZ_OK, veloz_timer_wheel_advance, (w, now, out, capacity, &written));
    return written;
}

static int64_t next_deadline(veloz_timer_wheel* w)
{
    int64_t ns = -1;
    EXPECT(VELOZ_OK, veloz_timer_wheel_next_deadline, (w, &ns));
    return ns;
}

/* ---- one-shot timers, order, buffers ---------------------------------------------------------------------- */

static void test_order_and_buffers(void)
{
    veloz_timer_wheel_config config = wheel_config(1000, 4, 0, 0, "c-order");
    veloz_timer_wheel* w = new_wheel(&config);
    /* payload = the expected position: deadlines over several levels, ties broken by scheduling order. */
    const int64_t deadlines[9] = {5 * MS, 1 * MS, 300 * MS, 5 * MS, 0, 1 * MS, 70 * MS, 1 * MS, 300 * MS};
    const uint64_t payloads[9] = {4, 1, 7, 5, 0, 2, 6, 3, 8};
    uint64_t ids[9];
    for (int i = 0; i < 9; i++)
        ids[i] = schedule(w, deadlines[i], payloads[i]);
    int distinct = 1;
    for (int i = 0; i < 9; i++)
        for (int k = i + 1; k < 9; k++)
            distinct &= ids[i] != ids[k];
    CHECK(distinct);
    CHECK(active(w, ids[2]) == 1);

    veloz_timer_expiry out[4];
    CHECK(advance(w, 1 * MS - 1, out, 4) == 1 && out[0].payload == 0 && out[0].late_ns == 1 * MS - 1);
    CHECK(advance(w, 1 * MS - 1, out, 4) == 0);
    /* Seven due at 400 ms, four at a time: the rest wait in order and can be cancelled. */
    CHECK(advance(w, 400 * MS, out, 4) == 4);
    CHECK(out[0].payload == 1 && out[1].payload == 2 && out[2].payload == 3 && out[3].payload == 4);
    CHECK(out[3].deadline == 5 * MS && out[3].late_ns == 395 * MS && out[3].expirations == 1 && out[3].flags == VELOZ_TIMER_EXPIRY_FLAGS_NONE);
    veloz_timer_wheel_stats s = wheel_stats(w);
    CHECK(s.pending == 4 && s.active == 4 && s.now_ns == 400 * MS);
    CHECK(next_deadline(w) == 400 * MS);
    EXPECT(VELOZ_OK, veloz_timer_wheel_cancel, (w, ids[6])); /* payload 6, pending */
    CHECK(advance(w, 400 * MS, NULL, 0) == 0);               /* an empty buffer delivers nothing */
    CHECK(advance(w, 400 * MS, out, 4) == 3);
    CHECK(out[0].payload == 5 && out[1].payload == 7 && out[2].payload == 8);
    CHECK(advance(w, 400 * MS, out, 4) == 0);
    for (int i = 0; i < 9; i++)
        CHECK(active(w, ids[i]) == 0);
    CHECK(next_deadline(w) == INT64_MAX);

    /* Cancel: fired, cancelled and unknown ids are VELOZ_E_NOT_FOUND. */
    EXPECT(VELOZ_E_NOT_FOUND, veloz_timer_wheel_cancel, (w, ids[0]));
    EXPECT(VELOZ_E_NOT_FOUND, veloz_timer_wheel_cancel, (w, ids[6]));
    EXPECT(VELOZ_E_NOT_FOUND, veloz_timer_wheel_cancel, (w, 0));
    EXPECT(VELOZ_E_NOT_FOUND, veloz_timer_wheel_cancel, (w, UINT64_MAX));
    s = wheel_stats(w);
    CHECK(s.scheduled == 9 && s.fired == 8 && s.cancelled == 1 && s.failed_cancels == 4 && s.active == 0 && s.peak_active == 9);

    /* Time going backwards, or beyond 2^62: refused, the wheel unchanged. */
    uint64_t later = schedule(w, 401 * MS, 9);
    int32_t written = -1;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_advance, (w, 400 * MS - 1, out, 4, &written));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_advance, (w, (INT64_C(1) << 62) + 1, out, 4, &written));
    CHECK(wheel_stats(w).now_ns == 400 * MS && active(w, later) == 1);
    CHECK(advance(w, 401 * MS, out, 4) == 1 && out[0].id == later);

    /* Clear cancels every timer, pending ones too; the time stays. */
    for (int i = 0; i < 5; i++)
        (void)schedule(w, 402 * MS, (uint64_t)i);
    CHECK(advance(w, 402 * MS, out, 2) == 2);
    EXPECT(VELOZ_OK, veloz_timer_wheel_clear, (w));
    s = wheel_stats(w);
    CHECK(s.active == 0 && s.pending == 0 && s.now_ns == 402 * MS && s.cancelled == 4);
    CHECK(advance(w, 500 * MS, out, 4) == 0);
    veloz_timer_wheel_destroy(w);
}

/* ---- periodic, range, capacity ---------------------------------------------------------------------------- */

static void test_periodic(void)
{
    veloz_timer_wheel* w = new_wheel(NULL); /* 1 ms tick, 4 levels, time 0 */
    uint64_t id = 0;
    EXPECT(VELOZ_OK, veloz_timer_wheel_schedule_periodic, (w, 5 * MS, 10 * MS, 77, &id));
    CHECK(id != 0);
    veloz_timer_expiry e[2];
    CHECK(advance(w, 5 * MS, e, 2) == 1);
    CHECK(e[0].id == id && e[0].payload == 77 && e[0].deadline == 5 * MS && e[0].expirations == 1 && e[0].flags == VELOZ_TIMER_EXPIRY_FLAGS_PERIODIC);
    CHECK(active(w, id) == 1);
    CHECK(advance(w, 15 * MS - 1, e, 2) == 0);
    /* 25, 35, 45 and 55 pass before 57: one expiry with 4 periods, re-armed at 65. */
    CHECK(advance(w, 15 * MS, e, 2) == 1 && e[0].deadline == 15 * MS);
    CHECK(advance(w, 57 * MS, e, 2) == 1);
    CHECK(e[0].id == id && e[0].deadline == 25 * MS && e[0].expirations == 4 && e[0].late_ns == 32 * MS);
    CHECK(next_deadline(w) <= 65 * MS);
    CHECK(advance(w, 65 * MS - 1, e, 2) == 0);
    CHECK(advance(w, 65 * MS, e, 2) == 1 && e[0].deadline == 65 * MS && e[0].expirations == 1);
    veloz_timer_wheel_stats s = wheel_stats(w);
    CHECK(s.fired == 4 && s.missed_periods == 3 && s.active == 1);
    EXPECT(VELOZ_OK, veloz_timer_wheel_cancel, (w, id));
    EXPECT(VELOZ_E_NOT_FOUND, veloz_timer_wheel_cancel, (w, id));
    CHECK(advance(w, 1000 * MS, e, 2) == 0);

    /* Intervals out of range, deadlines beyond max_delay_ns: VELOZ_E_INVALID_ARGUMENT with *out_id 0. */
    s = wheel_stats(w);
    const int64_t max_delay = s.max_delay_ns;
    CHECK(max_delay == (INT64_C(255) * 256 * 256 * 256 - 2) * MS);
    id = 5;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_schedule_periodic, (w, 1001 * MS, 0, 0, &id));
    CHECK(id == 0);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_schedule_periodic, (w, 1001 * MS, -1, 0, &id));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_schedule_periodic, (w, 1001 * MS, max_delay + 1, 0, &id));
    CHECK(strstr(last_error(), "interval") != NULL);
    id = 5;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_schedule, (w, 1000 * MS + max_delay + 1, 0, &id));
    CHECK(id == 0 && strstr(last_error(), "range") != NULL);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_schedule_after, (w, max_delay + 1, 0, &id));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_schedule_after, (w, -1, 0, &id));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_schedule_periodic, (w, 1000 * MS + max_delay + 1, MS, 0, &id));
    EXPECT(VELOZ_OK, veloz_timer_wheel_schedule, (w, 1000 * MS + max_delay, 0, &id));
    EXPECT(VELOZ_OK, veloz_timer_wheel_schedule_after, (w, max_delay, 0, &id));
    EXPECT(VELOZ_OK, veloz_timer_wheel_schedule_after, (w, 0, 0, &id));
    CHECK(advance(w, 1000 * MS, e, 2) == 1 && e[0].id == id);
    CHECK(wheel_stats(w).failed_schedules == 7);
    veloz_timer_wheel_destroy(w);

    /* max_timers live: VELOZ_E_FULL (message on request), a freed place can be taken again. */
    veloz_timer_wheel_config config = wheel_config(MS, 2, 3, 0, "c-full");
    w = new_wheel(&config);
    uint64_t ids[3];
    for (int i = 0; i < 3; i++)
        ids[i] = schedule(w, (i + 1) * MS, 0);
    id = 5;
    EXPECT(VELOZ_E_FULL, veloz_timer_wheel_schedule, (w, MS, 0, &id));
    CHECK(id == 0 && strstr(last_error(), "full") != NULL);
    EXPECT(VELOZ_E_FULL, veloz_timer_wheel_schedule_after, (w, MS, 0, &id));
    EXPECT(VELOZ_E_FULL, veloz_timer_wheel_schedule_periodic, (w, MS, MS, 0, &id));
    EXPECT(VELOZ_OK, veloz_timer_wheel_cancel, (w, ids[1]));
    (void)schedule(w, 9 * MS, 0);
    CHECK(advance(w, 1 * MS, e, 2) == 1 && e[0].id == ids[0]);
    (void)schedule(w, 9 * MS, 0);
    s = wheel_stats(w);
    CHECK(s.active == 3 && s.peak_active == 3 && s.capacity == 3 && s.failed_schedules == 3);
    veloz_timer_wheel_destroy(w);
}

/* ---- advance_callback ------------------------------------------------------------------------------------ */

typedef struct {
    veloz_timer_wheel* wheel;
    uint64_t seen[16];
    int count;
    int stop_at;          /* stop after this many calls (0: never) */
    uint64_t cancel_id;   /* cancelled from the first call */
    uint64_t scheduled;   /* scheduled from the first call, already due */
    veloz_status nested_advance;
    veloz_status nested_callback;
    veloz_status nested_clear;
} callback_state;

static int32_t on_expiry(void* context, veloz_timer_expiry* expiry)
{
    callback_state* state = (callback_state*)context;
    if (state->count < 16)
        state->seen[state->count] = expiry->payload;
    state->count++;
    if (state->count == 1) {
        if (state->cancel_id != 0)
            (void)veloz_timer_wheel_cancel(state->wheel, state->cancel_id);
        (void)veloz_timer_wheel_schedule(state->wheel, 0, 100, &state->scheduled);
        veloz_timer_expiry buffer[2];
        int32_t written = -1;
        state->nested_advance = veloz_timer_wheel_advance(state->wheel, expiry->deadline + expiry->late_ns, buffer, 2, &written);
        int32_t fired = -1;
        state->nested_callback = veloz_timer_wheel_advance_callback(state->wheel, expiry->deadline + expiry->late_ns, on_expiry, state, &fired);
        state->nested_clear = veloz_timer_wheel_clear(state->wheel);
    }
    return state->stop_at != 0 && state->count >= state->stop_at;
}

static void test_callback(void)
{
    veloz_timer_wheel* w = new_wheel(NULL);
    uint64_t ids[6];
    for (int i = 0; i < 6; i++)
        ids[i] = schedule(w, (6 - i) * MS, (uint64_t)(6 - i)); /* payload = deadline in ms */
    callback_state state;
    memset(&state, 0, sizeof state);
    state.wheel = w;
    state.stop_at = 3;
    state.cancel_id = ids[3]; /* payload 3: due, pending when cancelled */
    int32_t fired = -1;
    EXPECT(VELOZ_OK, veloz_timer_wheel_advance_callback, (w, 10 * MS, on_expiry, &state, &fired));
    CHECK(fired == 3 && state.count == 3);
    CHECK(state.seen[0] == 1 && state.seen[1] == 2 && state.seen[2] == 4);
    CHECK(state.nested_advance == VELOZ_E_STATE && state.nested_callback == VELOZ_E_STATE && state.nested_clear == VELOZ_E_STATE);
    CHECK(state.scheduled != 0 && active(w, state.scheduled) == 1);
    veloz_timer_wheel_stats s = wheel_stats(w);
    CHECK(s.pending == 2 && s.active == 3 && s.now_ns == 10 * MS);

    /* The next advance (same now): the two left pending, then the one scheduled from inside, already due. */
    const uint64_t first_scheduled = state.scheduled;
    memset(&state, 0, sizeof state);
    state.wheel = w;
    EXPECT(VELOZ_OK, veloz_timer_wheel_advance_callback, (w, 10 * MS, on_expiry, &state, &fired));
    CHECK(fired == 3 && state.seen[0] == 5 && state.seen[1] == 6 && state.seen[2] == 100);
    CHECK(active(w, first_scheduled) == 0);
    /* The first call of this round scheduled payload 100 again: it waits for the next advance. */
    CHECK(state.scheduled != 0 && active(w, state.scheduled) == 1);
    veloz_timer_expiry e[4];
    CHECK(advance(w, 10 * MS, e, 4) == 1 && e[0].payload == 100 && e[0].id == state.scheduled && e[0].late_ns == 10 * MS);
    CHECK(wheel_stats(w).active == 0);

    /* Nothing due: the callback is not called; bad arguments. */
    memset(&state, 0, sizeof state);
    EXPECT(VELOZ_OK, veloz_timer_wheel_advance_callback, (w, 11 * MS, on_expiry, &state, &fired));
    CHECK(fired == 0 && state.count == 0);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_advance_callback, (w, 12 * MS, NULL, &state, &fired));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_advance_callback, (w, 12 * MS, on_expiry, &state, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_advance_callback, (w, 11 * MS - 1, on_expiry, &state, &fired));
    CHECK(wheel_stats(w).now_ns == 11 * MS);
    veloz_timer_wheel_destroy(w);
}

/* ---- configs and stats struct_size ------------------------------------------------------------------------ */

static void test_configs_and_stats(void)
{
    veloz_timer_wheel_config config = wheel_config(2000, 3, 0, 7 * MS, "c-config");
    veloz_timer_wheel* w = new_wheel(&config);
    veloz_timer_wheel_stats s = wheel_stats(w);
    CHECK(s.struct_size == sizeof s && s.levels == 3 && s.tick_ns == 2000 && s.now_ns == 7 * MS && s.capacity == 8);
    CHECK(s.max_delay_ns == (INT64_C(255) * 256 * 256 - 2) * 2000);
    CHECK(next_deadline(w) == INT64_MAX);
    (void)schedule(w, 9 * MS, 1);
    int64_t next = next_deadline(w);
    CHECK(next >= 7 * MS && next <= 9 * MS);

    /* A smaller struct_size: exactly that many bytes written, struct_size left as it was. */
    unsigned char raw[sizeof(veloz_timer_wheel_stats)];
    memset(raw, 0xAB, sizeof raw);
    veloz_timer_wheel_stats* small = (veloz_timer_wheel_stats*)(void*)raw;
    small->struct_size = 16;
    EXPECT(VELOZ_OK, veloz_timer_wheel_get_stats, (w, small));
    CHECK(small->struct_size == 16 && small->levels == 3 && small->tick_ns == 2000);
    int untouched = 1;
    for (size_t i = 16; i < sizeof raw; i++)
        untouched &= raw[i] == 0xAB;
    CHECK(untouched);
    memset(raw, 0xAB, sizeof raw);
    small->struct_size = 4;
    EXPECT(VELOZ_OK, veloz_timer_wheel_get_stats, (w, small));
    untouched = small->struct_size == 4;
    for (size_t i = 4; i < sizeof raw; i++)
        untouched &= raw[i] == 0xAB;
    CHECK(untouched);
    /* A larger one (a newer caller): the library's size is written, the rest left alone. */
    unsigned char large[256];
    memset(large, 0xCD, sizeof large);
    veloz_timer_wheel_stats* big = (veloz_timer_wheel_stats*)(void*)large;
    big->struct_size = sizeof large;
    EXPECT(VELOZ_OK, veloz_timer_wheel_get_stats, (w, big));
    CHECK(big->struct_size == sizeof large && big->active == 1 && large[sizeof(veloz_timer_wheel_stats)] == 0xCD);
    s.struct_size = 0;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_get_stats, (w, &s));
    CHECK(strstr(last_error(), "struct_size") != NULL);
    s.struct_size = 5000;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_get_stats, (w, &s));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_get_stats, (w, NULL));
    veloz_timer_wheel_destroy(w);

    /* An older config (struct_size 16: struct_size, levels, tick_ns): the fields beyond take their defaults. */
    config = wheel_config(5000, 2, 0, -5, NULL); /* start_ns -5 would be refused, but lies beyond struct_size */
    config.struct_size = 16;
    config.reserved = 3;
    w = new_wheel(&config);
    s = wheel_stats(w);
    CHECK(s.levels == 2 && s.tick_ns == 5000 && s.now_ns == 0 && s.capacity == 1024);
    veloz_timer_wheel_destroy(w);

    /* Bad configs: VELOZ_E_INVALID_ARGUMENT naming the field; out is NULL afterwards. */
    struct {
        int64_t tick_ns, start_ns;
        int32_t levels, initial_timers, max_timers, reserved;
        uint32_t flags;
        const char* field;
    } cases[] = {
        {999, 0, 0, 0, 0, 0, 0, "config->tick_ns"},           {INT64_C(3600000000001), 0, 0, 0, 0, 0, 0, "config->tick_ns"},
        {0, 0, 8, 0, 0, 0, 0, "config->levels"},             {0, 0, -1, 0, 0, 0, 0, "config->levels"},
        {0, -1, 0, 0, 0, 0, 0, "config->start_ns"},           {0, (INT64_C(1) << 62) + 1, 0, 0, 0, 0, 0, "config->start_ns"},
        {0, 0, 0, -1, 0, 0, 0, "config->initial_timers"},     {0, 0, 0, 16, 8, 0, 0, "config->max_timers"},
        {0, 0, 0, 0, (1 << 26) + 1, 0, 0, "config->max_timers"}, {0, 0, 0, 0, 0, 1, 0, "config->reserved"},
        {0, 0, 0, 0, 0, 0, 1, "config->flags"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        veloz_timer_wheel_config c;
        memset(&c, 0, sizeof c);
        c.struct_size = sizeof c;
        c.tick_ns = cases[i].tick_ns;
        c.start_ns = cases[i].start_ns;
        c.levels = cases[i].levels;
        c.initial_timers = cases[i].initial_timers;
        c.max_timers = cases[i].max_timers;
        c.reserved = cases[i].reserved;
        c.flags = cases[i].flags;
        veloz_timer_wheel* none = (veloz_timer_wheel*)(void*)&c;
        EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_create, (&c, &none));
        CHECK(none == NULL);
        CHECK(strstr(last_error(), cases[i].field) != NULL);
    }
    char long_name[130];
    memset(long_name, 'n', 129);
    long_name[129] = '\0';
    veloz_timer_wheel_config named = wheel_config(0, 0, 0, 0, long_name);
    veloz_timer_wheel* none = NULL;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_create, (&named, &none));
    named.name = NULL;
    named.struct_size = 0;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_create, (&named, &none));
    named.struct_size = 5000;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_create, (&named, &none));
    CHECK(strstr(last_error(), "struct_size") != NULL);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_create, (NULL, NULL));
}

/* ---- hostile input ------------------------------------------------------------------------------------------- */

/* Every export refuses `w` with VELOZ_E_INVALID_HANDLE (and names itself in the message). */
static void expect_every_call_refuses(veloz_timer_wheel* w)
{
    uint64_t id = 9;
    int32_t n = 0;
    int64_t ns = 0;
    veloz_timer_expiry e[1];
    veloz_timer_wheel_stats s;
    memset(&s, 0, sizeof s);
    s.struct_size = sizeof s;
    callback_state state;
    memset(&state, 0, sizeof state);
    /* veloz.h promises *out_id 0 on any failure, a refused handle included. */
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_timer_wheel_schedule, (w, 1, 0, &id));
    CHECK(id == 0);
    id = 9;
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_timer_wheel_schedule_after, (w, 1, 0, &id));
    CHECK(id == 0);
    id = 9;
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_timer_wheel_schedule_periodic, (w, 1, 1, 0, &id));
    CHECK(id == 0);
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_timer_wheel_cancel, (w, 1));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_timer_wheel_is_active, (w, 1, &n));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_timer_wheel_advance, (w, 1, e, 1, &n));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_timer_wheel_advance_callback, (w, 1, on_expiry, &state, &n));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_timer_wheel_next_deadline, (w, &ns));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_timer_wheel_clear, (w));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_timer_wheel_get_stats, (w, &s));
    CHECK(state.count == 0);
    veloz_timer_wheel_destroy(w); /* NULL, destroyed or another type: a no-op */
}

static void test_hostile(void)
{
    expect_every_call_refuses(NULL);
    CHECK(strstr(last_error(), "wheel is NULL") != NULL);

    veloz_timer_wheel* dead = new_wheel(NULL);
    (void)schedule(dead, 1, 0);
    veloz_timer_wheel_destroy(dead);
    expect_every_call_refuses(dead);
    veloz_timer_wheel_destroy(dead); /* twice: harmless */

    /* Another type's handle is refused by its tag (never dereferenced) and survives the wrong-type destroy. */
    veloz_pool* pool = NULL;
    veloz_pool_config pc;
    memset(&pc, 0, sizeof pc);
    pc.struct_size = sizeof pc;
    pc.block_size = 32;
    EXPECT(VELOZ_OK, veloz_pool_create, (&pc, &pool));
    veloz_histogram* histogram = NULL;
    EXPECT(VELOZ_OK, veloz_histogram_create, (NULL, &histogram));
    expect_every_call_refuses((veloz_timer_wheel*)(void*)pool);
    expect_every_call_refuses((veloz_timer_wheel*)(void*)histogram);
    expect_every_call_refuses((veloz_timer_wheel*)(uintptr_t)0xDEADBEEF);
    void* block = NULL;
    EXPECT(VELOZ_OK, veloz_pool_rent, (pool, &block));
    EXPECT(VELOZ_OK, veloz_pool_return, (pool, block));
    EXPECT(VELOZ_OK, veloz_histogram_record, (histogram, 5));
    /* And a wheel handle is no pool. */
    veloz_timer_wheel* w = new_wheel(NULL);
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_pool_rent, ((veloz_pool*)(void*)w, &block));
    veloz_pool_destroy((veloz_pool*)(void*)w);
    CHECK(active(w, 1) == 0);
    veloz_pool_destroy(pool);
    veloz_histogram_destroy(histogram);

    /* NULL out pointers and bad buffers: VELOZ_E_INVALID_ARGUMENT, nothing scheduled or moved. */
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_schedule, (w, 1, 0, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_schedule_after, (w, 1, 0, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_schedule_periodic, (w, 1, 1, 0, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_is_active, (w, 1, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_next_deadline, (w, NULL));
    veloz_timer_expiry e[2];
    int32_t n = -1;
    (void)schedule(w, 1, 0);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_advance, (w, 5, e, 2, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_advance, (w, 5, NULL, 2, &n));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_timer_wheel_advance, (w, 5, e, -1, &n));
    veloz_timer_wheel_stats s = wheel_stats(w);
    CHECK(s.active == 1 && s.scheduled == 1 && s.fired == 0 && s.failed_schedules == 0);
    CHECK(advance(w, 5, e, 2) == 1);
    veloz_timer_wheel_destroy(w);
}

/* ---- owner thread ------------------------------------------------------------------------------------------ */

typedef struct {
    veloz_timer_wheel* wheel;
    veloz_status schedule;
    veloz_status advance;
    veloz_status stats;
} other_thread_state;

static int other_thread(void* arg)
{
    other_thread_state* state = (other_thread_state*)arg;
    uint64_t id = 0;
    veloz_timer_expiry e[1];
    int32_t n = 0;
    veloz_timer_wheel_stats s;
    memset(&s, 0, sizeof s);
    s.struct_size = sizeof s;
    state->schedule = veloz_timer_wheel_schedule(state->wheel, 1, 0, &id);
    state->advance = veloz_timer_wheel_advance(state->wheel, 1, e, 1, &n);
    state->stats = veloz_timer_wheel_get_stats(state->wheel, &s);
    return 0;
}

static void test_owner_thread(void)
{
    veloz_timer_wheel* w = new_wheel(NULL);
    (void)schedule(w, 10, 0); /* this thread is the owner now */
    other_thread_state state = {w, VELOZ_OK, VELOZ_OK, VELOZ_OK};
    thrd_t thread;
    CHECK(thrd_create(&thread, other_thread, &state) == thrd_success);
    thrd_join(thread, NULL);
    CHECK(state.schedule == VELOZ_E_STATE && state.advance == VELOZ_E_STATE && state.stats == VELOZ_E_STATE);
    CHECK(wheel_stats(w).scheduled == 1);
    EXPECT(VELOZ_OK, veloz_handle_release_owner, (w));
    CHECK(thrd_create(&thread, other_thread, &state) == thrd_success);
    thrd_join(thread, NULL);
    CHECK(state.schedule == VELOZ_OK && state.advance == VELOZ_OK && state.stats == VELOZ_OK);
    veloz_timer_wheel_destroy(w);
}

int main(void)
{
    test_order_and_buffers();
    test_periodic();
    test_callback();
    test_configs_and_stats();
    test_hostile();
    test_owner_thread();
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
