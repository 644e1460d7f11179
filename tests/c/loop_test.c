/*
 * VeloZ event loop C ABI test: a C11 program that includes the generated veloz.h, links libveloz.so and calls every
 * veloz_event_loop_* export: create with a NULL config, a full config and bad configs; post at each priority
 * (priority order, FIFO within one); the starvation guard; post_at and post_after (never early, deadline order,
 * *out_id 0 on failure); cancel of waiting, run and unknown ids; run_once, run_for, run and stop (from a task, from
 * another thread, before a run); nested runs from a task refused with VELOZ_E_STATE; a full loop (VELOZ_E_FULL);
 * get_stats with a full, a smaller and a bad struct_size; a C11 thread posting while the main thread runs; the
 * owner-thread rule (a second C11 thread gets VELOZ_E_STATE); and hostile input: NULL, destroyed and wrong-type
 * handles (VELOZ_E_INVALID_HANDLE; destroy is a no-op), NULL tasks, NULL out pointers and unknown priorities
 * (VELOZ_E_INVALID_ARGUMENT), each with a last-error message that names the function. Prints "N passed, N failed"
 * and exits non-zero on any failure.
 *
 * Build (as build.cake builds the other tests/c programs):
 *   gcc -std=c11 -Wall -Wextra -Werror -pedantic -O1 -Iinclude tests/c/loop_test.c -o build/c/loop_test \
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
#include <time.h>

_Static_assert(sizeof(veloz_event_loop_config) == 48, "veloz_event_loop_config size");
_Static_assert(offsetof(veloz_event_loop_config, pin_cpu) == 40, "veloz_event_loop_config.pin_cpu");
_Static_assert(offsetof(veloz_event_loop_config, name) == 32, "veloz_event_loop_config.name");
_Static_assert(sizeof(veloz_event_loop_stats) == 136, "veloz_event_loop_stats size");
_Static_assert(offsetof(veloz_event_loop_stats, latency_max_ns) == 128, "veloz_event_loop_stats.latency_max_ns");

#define MS INT64_C(1000000)

static veloz_event_loop_config loop_config(int32_t capacity, int32_t starvation_limit, veloz_loop_idle_strategy idle, const char* name)
{
    veloz_event_loop_config c;
    memset(&c, 0, sizeof c);
    c.struct_size = sizeof c;
    c.task_capacity = capacity;
    c.starvation_limit = starvation_limit;
    c.spin_iterations = 50;
    c.idle_strategy = idle;
    c.name = name;
    return c;
}

static veloz_event_loop* new_loop(const veloz_event_loop_config* config)
{
    veloz_event_loop* loop = NULL;
    EXPECT(VELOZ_OK, veloz_event_loop_create, (config, &loop));
    CHECK(loop != NULL);
    return loop;
}

static veloz_event_loop_stats loop_stats(veloz_event_loop* loop)
{
    veloz_event_loop_stats s;
    memset(&s, 0, sizeof s);
    s.struct_size = sizeof s;
    EXPECT(VELOZ_OK, veloz_event_loop_get_stats, (loop, &s));
    return s;
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    thrd_sleep(&t, NULL);
}

/* ---- a log of task runs --------------------------------------------------------------------------------------- */

#define LOG_MAX 64

typedef struct {
    int values[LOG_MAX];
    int64_t ran_at[LOG_MAX];
    int count;
} run_log;

typedef struct {
    run_log* log;
    int value;
    int64_t deadline;
} log_task;

static void record(void* context)
{
    log_task* t = (log_task*)context;
    if (t->log->count < LOG_MAX) {
        t->log->values[t->log->count] = t->value;
        t->log->ran_at[t->log->count] = veloz_clock_now_ns();
    }
    t->log->count++;
}

static void count_task(void* context) { (*(int*)context)++; }

static void noop(void* context) { (void)context; }

/* ---- order -------------------------------------------------------------------------------------------------- */

static void test_priorities(void)
{
    veloz_event_loop_config config = loop_config(0, 100, VELOZ_LOOP_IDLE_STRATEGY_BUSY_SPIN, "c-order");
    veloz_event_loop* loop = new_loop(&config);
    run_log log;
    memset(&log, 0, sizeof log);
    /* value = 10 * priority + sequence: the order must come out sorted. */
    log_task tasks[9];
    const veloz_loop_priority priorities[9] = {2, 1, 0, 2, 0, 1, 1, 2, 0};
    int seq[3] = {0, 0, 0};
    for (int i = 0; i < 9; i++) {
        tasks[i].log = &log;
        tasks[i].value = 10 * priorities[i] + seq[priorities[i]]++;
        EXPECT(VELOZ_OK, veloz_event_loop_post, (loop, record, &tasks[i], priorities[i]));
    }
    int32_t ran = -1;
    EXPECT(VELOZ_OK, veloz_event_loop_run_once, (loop, &ran));
    CHECK(ran == 9 && log.count == 9);
    const int want[9] = {0, 1, 2, 10, 11, 12, 20, 21, 22};
    int in_order = 1;
    for (int i = 0; i < 9; i++)
        in_order &= log.values[i] == want[i];
    CHECK(in_order);
    EXPECT(VELOZ_OK, veloz_event_loop_run_once, (loop, &ran));
    CHECK(ran == 0);
    veloz_event_loop_stats s = loop_stats(loop);
    CHECK(s.posted == 9 && s.run_critical == 3 && s.run_normal == 3 && s.run_background == 3 && s.waiting == 0);
    CHECK(s.starvation_promotions == 0 && s.failed_posts == 0 && s.reserved == 0);
    veloz_event_loop_destroy(loop);

    /* The starvation guard: after 4 critical tasks ran while the background one waited, it runs. */
    config = loop_config(0, 4, VELOZ_LOOP_IDLE_STRATEGY_BUSY_SPIN, NULL);
    loop = new_loop(&config);
    memset(&log, 0, sizeof log);
    log_task low = {&log, -1, 0};
    log_task high[10];
    EXPECT(VELOZ_OK, veloz_event_loop_post, (loop, record, &low, VELOZ_LOOP_PRIORITY_BACKGROUND));
    for (int i = 0; i < 10; i++) {
        high[i].log = &log;
        high[i].value = i;
        EXPECT(VELOZ_OK, veloz_event_loop_post, (loop, record, &high[i], VELOZ_LOOP_PRIORITY_CRITICAL));
    }
    EXPECT(VELOZ_OK, veloz_event_loop_run_once, (loop, &ran));
    CHECK(ran == 11 && log.count == 11);
    CHECK(log.values[0] == 0 && log.values[3] == 3 && log.values[4] == -1 && log.values[5] == 4 && log.values[10] == 9);
    CHECK(loop_stats(loop).starvation_promotions == 1);
    veloz_event_loop_destroy(loop);
}

/* ---- delayed tasks ------------------------------------------------------------------------------------------ */

static void test_delayed(void)
{
    veloz_event_loop_config config = loop_config(0, 0, VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_SLEEP, "c-delayed");
    veloz_event_loop* loop = new_loop(&config);
    run_log log;
    memset(&log, 0, sizeof log);
    log_task tasks[6];
    const int offsets_ms[6] = {6, 2, 4, 1, 4, 3};
    const int64_t start = veloz_clock_now_ns();
    uint64_t ids[6];
    for (int i = 0; i < 6; i++) {
        tasks[i].log = &log;
        tasks[i].value = i;
        tasks[i].deadline = start + offsets_ms[i] * MS;
        ids[i] = 0;
        EXPECT(VELOZ_OK, veloz_event_loop_post_at, (loop, tasks[i].deadline, record, &tasks[i], VELOZ_LOOP_PRIORITY_NORMAL, &ids[i]));
        CHECK(ids[i] != 0);
    }
    CHECK(ids[0] != ids[1]);
    /* post_after: due at least delay_ns after the call. */
    log_task after_task = {&log, 100, 0};
    uint64_t after_id = 0;
    const int64_t before = veloz_clock_now_ns();
    /* Normal priority like the others: tasks that come due together run in priority order first, deadline second. */
    EXPECT(VELOZ_OK, veloz_event_loop_post_after, (loop, 5 * MS, record, &after_task, VELOZ_LOOP_PRIORITY_NORMAL, &after_id));
    after_task.deadline = before + 5 * MS;
    CHECK(after_id != 0);
    /* One to cancel. */
    int cancelled_runs = 0;
    uint64_t cancel_id = 0;
    EXPECT(VELOZ_OK, veloz_event_loop_post_after, (loop, 3 * MS, count_task, &cancelled_runs, VELOZ_LOOP_PRIORITY_NORMAL, &cancel_id));
    veloz_event_loop_stats s = loop_stats(loop);
    CHECK(s.delayed == 8 && s.posted == 8);
    EXPECT(VELOZ_OK, veloz_event_loop_cancel, (loop, cancel_id));
    EXPECT(VELOZ_E_NOT_FOUND, veloz_event_loop_cancel, (loop, cancel_id));
    EXPECT(VELOZ_E_NOT_FOUND, veloz_event_loop_cancel, (loop, UINT64_C(0xFFFFFFFF0000)));
    EXPECT(VELOZ_E_NOT_FOUND, veloz_event_loop_cancel, (loop, 0));
    CHECK(loop_stats(loop).delayed == 7 && loop_stats(loop).cancelled == 1);

    int32_t ran_once = -1;
    EXPECT(VELOZ_OK, veloz_event_loop_run_once, (loop, &ran_once));
    if (veloz_clock_now_ns() < start + MS) /* the whole call before the earliest deadline: nothing was due */
        CHECK(ran_once == 0);
    int64_t total = 0;
    for (int round = 0; round < 200 && log.count < 7; round++) {
        int64_t ran = -1;
        EXPECT(VELOZ_OK, veloz_event_loop_run_for, (loop, 2 * MS, &ran));
        total += ran;
    }
    CHECK(log.count == 7 && total == 7 && cancelled_runs == 0);
    int never_early = 1, ordered = 1;
    int64_t previous = INT64_MIN;
    for (int i = 0; i < log.count && i < LOG_MAX; i++) {
        const log_task* t = log.values[i] == 100 ? &after_task : &tasks[log.values[i]];
        never_early &= log.ran_at[i] >= t->deadline;
        ordered &= t->deadline >= previous;
        previous = t->deadline;
    }
    CHECK(never_early);
    CHECK(ordered);
    /* Equal deadlines (tasks 2 and 4 at 4 ms) in posting order. */
    int at2 = -1, at4 = -1;
    for (int i = 0; i < log.count; i++) {
        if (log.values[i] == 2)
            at2 = i;
        if (log.values[i] == 4)
            at4 = i;
    }
    CHECK(at2 >= 0 && at4 == at2 + 1);
    EXPECT(VELOZ_E_NOT_FOUND, veloz_event_loop_cancel, (loop, ids[0])); /* it ran */
    s = loop_stats(loop);
    CHECK(s.delayed == 0 && s.waiting == 0 && s.cancelled == 1 && s.run_normal == 7 && s.run_critical == 0);

    /* A passed deadline runs at the next run. */
    int late = 0;
    uint64_t id = 0;
    EXPECT(VELOZ_OK, veloz_event_loop_post_at, (loop, veloz_clock_now_ns() - MS, count_task, &late, VELOZ_LOOP_PRIORITY_BACKGROUND, &id));
    EXPECT(VELOZ_OK, veloz_event_loop_run_once, (loop, &ran_once));
    CHECK(ran_once == 1 && late == 1);

    /* Bad arguments: VELOZ_E_INVALID_ARGUMENT and *out_id 0. */
    id = 7;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_post_after, (loop, -1, count_task, &late, VELOZ_LOOP_PRIORITY_NORMAL, &id));
    CHECK(id == 0);
    id = 7;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_post_after, (loop, MS, NULL, &late, VELOZ_LOOP_PRIORITY_NORMAL, &id));
    CHECK(id == 0);
    id = 7;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_post_after, (loop, MS, count_task, &late, 3, &id));
    CHECK(id == 0);
    id = 7;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_post_at, (loop, INT64_MAX, count_task, &late, VELOZ_LOOP_PRIORITY_NORMAL, &id));
    CHECK(id == 0);
    id = 7;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_post_at, (loop, veloz_clock_now_ns(), NULL, &late, VELOZ_LOOP_PRIORITY_NORMAL, &id));
    CHECK(id == 0);
    id = 7;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_post_at, (loop, veloz_clock_now_ns(), count_task, &late, -1, &id));
    CHECK(id == 0);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_post_at, (loop, veloz_clock_now_ns(), count_task, &late, VELOZ_LOOP_PRIORITY_NORMAL, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_post_after, (loop, MS, count_task, &late, VELOZ_LOOP_PRIORITY_NORMAL, NULL));
    CHECK(loop_stats(loop).delayed == 0);

    /* Destroy with delayed and immediate tasks waiting: dropped, never run. */
    int dropped = 0;
    EXPECT(VELOZ_OK, veloz_event_loop_post_after, (loop, 60000 * MS, count_task, &dropped, VELOZ_LOOP_PRIORITY_NORMAL, &id));
    EXPECT(VELOZ_OK, veloz_event_loop_post, (loop, count_task, &dropped, VELOZ_LOOP_PRIORITY_NORMAL));
    veloz_event_loop_destroy(loop);
    CHECK(dropped == 0);
}

/* ---- running, stopping, nesting ----------------------------------------------------------------------------- */

typedef struct {
    veloz_event_loop* loop;
    veloz_status nested_once;
    veloz_status nested_for;
    veloz_status nested_run;
    veloz_status nested_post;
    veloz_status nested_post_after;
    int runs;
    int stop;
} nest_state;

static void nesting_task(void* context)
{
    nest_state* n = (nest_state*)context;
    int32_t ran32 = -1;
    int64_t ran64 = -1;
    uint64_t id = 0;
    n->nested_once = veloz_event_loop_run_once(n->loop, &ran32);
    n->nested_for = veloz_event_loop_run_for(n->loop, MS, &ran64);
    n->nested_run = veloz_event_loop_run(n->loop, &ran64);
    /* Posting from a task is allowed (immediate and delayed). */
    n->nested_post = veloz_event_loop_post(n->loop, count_task, &n->runs, VELOZ_LOOP_PRIORITY_CRITICAL);
    n->nested_post_after = veloz_event_loop_post_after(n->loop, 0, count_task, &n->runs, VELOZ_LOOP_PRIORITY_NORMAL, &id);
}

static void stopping_task(void* context)
{
    nest_state* n = (nest_state*)context;
    n->stop++;
    EXPECT(VELOZ_OK, veloz_event_loop_stop, (n->loop));
}

static void test_running(void)
{
    veloz_event_loop_config config = loop_config(0, 0, VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_YIELD, "c-run");
    veloz_event_loop* loop = new_loop(&config);
    nest_state n;
    memset(&n, 0, sizeof n);
    n.loop = loop;
    EXPECT(VELOZ_OK, veloz_event_loop_post, (loop, nesting_task, &n, VELOZ_LOOP_PRIORITY_NORMAL));
    int32_t ran = -1;
    EXPECT(VELOZ_OK, veloz_event_loop_run_once, (loop, &ran));
    CHECK(ran == 1);
    CHECK(n.nested_once == VELOZ_E_STATE && n.nested_for == VELOZ_E_STATE && n.nested_run == VELOZ_E_STATE);
    CHECK(n.nested_post == VELOZ_OK && n.nested_post_after == VELOZ_OK);
    CHECK(n.runs == 0); /* posted meanwhile: the next call */
    EXPECT(VELOZ_OK, veloz_event_loop_run_once, (loop, &ran));
    CHECK(ran == 2 && n.runs == 2);

    /* Stop from a task ends run; the tasks posted before it at a higher priority ran first. */
    EXPECT(VELOZ_OK, veloz_event_loop_post, (loop, stopping_task, &n, VELOZ_LOOP_PRIORITY_BACKGROUND));
    EXPECT(VELOZ_OK, veloz_event_loop_post, (loop, count_task, &n.runs, VELOZ_LOOP_PRIORITY_CRITICAL));
    int64_t ran64 = -1;
    EXPECT(VELOZ_OK, veloz_event_loop_run, (loop, &ran64));
    CHECK(ran64 == 2 && n.stop == 1 && n.runs == 3);

    /* A stop while not running: the next run returns at once, having run nothing; the one after runs. */
    EXPECT(VELOZ_OK, veloz_event_loop_stop, (loop));
    EXPECT(VELOZ_OK, veloz_event_loop_run, (loop, &ran64));
    CHECK(ran64 == 0);
    EXPECT(VELOZ_OK, veloz_event_loop_stop, (loop));
    EXPECT(VELOZ_OK, veloz_event_loop_run_for, (loop, 10000 * MS, &ran64)); /* returns at once too */
    CHECK(ran64 == 0);

    /* run_for ends by itself. */
    const int64_t t0 = veloz_clock_now_ns();
    EXPECT(VELOZ_OK, veloz_event_loop_run_for, (loop, 5 * MS, &ran64));
    const int64_t took = veloz_clock_now_ns() - t0;
    CHECK(ran64 == 0 && took >= 5 * MS && took < 2000 * MS);
    EXPECT(VELOZ_OK, veloz_event_loop_run_for, (loop, 0, &ran64));
    CHECK(ran64 == 0);
    veloz_event_loop_stats s = loop_stats(loop);
    CHECK(s.idle_ns > 0 && s.busy_ns >= 0 && s.latency_max_ns >= s.latency_p50_ns && s.latency_p99_ns >= s.latency_p50_ns);

    /* NULL out pointers and bad durations. */
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_run_once, (loop, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_run_for, (loop, MS, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_run_for, (loop, -1, &ran64));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_run, (loop, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_post, (loop, NULL, &n, VELOZ_LOOP_PRIORITY_NORMAL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_post, (loop, noop, NULL, 3));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_post, (loop, noop, NULL, -1));
    EXPECT(VELOZ_OK, veloz_event_loop_post, (loop, noop, NULL, VELOZ_LOOP_PRIORITY_BACKGROUND)); /* NULL context is fine */
    EXPECT(VELOZ_OK, veloz_event_loop_run_once, (loop, &ran));
    CHECK(ran == 1);
    veloz_event_loop_destroy(loop);
}

/* ---- full ---------------------------------------------------------------------------------------------------- */

static void test_full(void)
{
    veloz_event_loop_config config = loop_config(16, 0, VELOZ_LOOP_IDLE_STRATEGY_BUSY_SPIN, NULL);
    veloz_event_loop* loop = new_loop(&config);
    int runs = 0;
    uint64_t id = 0;
    for (int i = 0; i < 15; i++)
        EXPECT(VELOZ_OK, veloz_event_loop_post, (loop, count_task, &runs, (veloz_loop_priority)(i % 3)));
    EXPECT(VELOZ_OK, veloz_event_loop_post_after, (loop, 100 * MS, count_task, &runs, VELOZ_LOOP_PRIORITY_NORMAL, &id));
    /* Full: no message is formatted unless asked, but asked, there is one naming the function. */
    EXPECT(VELOZ_E_FULL, veloz_event_loop_post, (loop, count_task, &runs, VELOZ_LOOP_PRIORITY_CRITICAL));
    CHECK(strstr(last_error(), "full") != NULL);
    id = 7;
    EXPECT(VELOZ_E_FULL, veloz_event_loop_post_at, (loop, veloz_clock_now_ns(), count_task, &runs, VELOZ_LOOP_PRIORITY_NORMAL, &id));
    CHECK(id == 0);
    id = 7;
    EXPECT(VELOZ_E_FULL, veloz_event_loop_post_after, (loop, MS, count_task, &runs, VELOZ_LOOP_PRIORITY_NORMAL, &id));
    CHECK(id == 0);
    veloz_event_loop_stats s = loop_stats(loop);
    CHECK(s.failed_posts == 3 && s.posted == 16 && s.waiting + s.delayed >= 16);
    int32_t ran = 0;
    EXPECT(VELOZ_OK, veloz_event_loop_run_once, (loop, &ran));
    CHECK(ran == 15 && runs == 15);
    EXPECT(VELOZ_OK, veloz_event_loop_post, (loop, count_task, &runs, VELOZ_LOOP_PRIORITY_CRITICAL));
    EXPECT(VELOZ_OK, veloz_event_loop_run_once, (loop, &ran));
    CHECK(runs == 16);
    veloz_event_loop_destroy(loop);
}

/* ---- configs and stats struct_size -------------------------------------------------------------------------- */

static void test_configs_and_stats(void)
{
    veloz_event_loop* loop = new_loop(NULL);
    veloz_event_loop_stats s = loop_stats(loop);
    CHECK(s.struct_size == sizeof s && s.posted == 0 && s.waiting == 0);
    EXPECT(VELOZ_OK, veloz_event_loop_post, (loop, noop, NULL, VELOZ_LOOP_PRIORITY_NORMAL));

    /* A smaller struct_size: at most that many bytes written, struct_size left as it was. */
    unsigned char raw[sizeof(veloz_event_loop_stats)];
    memset(raw, 0xAB, sizeof raw);
    veloz_event_loop_stats* small = (veloz_event_loop_stats*)(void*)raw;
    small->struct_size = 16;
    EXPECT(VELOZ_OK, veloz_event_loop_get_stats, (loop, small));
    CHECK(small->struct_size == 16 && small->posted == 1);
    int untouched = 1;
    for (size_t i = 16; i < sizeof raw; i++)
        untouched &= raw[i] == 0xAB;
    CHECK(untouched);
    /* A larger one (a newer caller): the library's fields written, the rest left alone. */
    unsigned char large[256];
    memset(large, 0xCD, sizeof large);
    veloz_event_loop_stats* big = (veloz_event_loop_stats*)(void*)large;
    big->struct_size = sizeof large;
    EXPECT(VELOZ_OK, veloz_event_loop_get_stats, (loop, big));
    CHECK(big->struct_size == sizeof large && big->posted == 1 && big->waiting == 1 && large[sizeof(veloz_event_loop_stats)] == 0xCD);
    s.struct_size = 0;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_get_stats, (loop, &s));
    CHECK(strstr(last_error(), "struct_size") != NULL);
    s.struct_size = 5000;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_get_stats, (loop, &s));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_get_stats, (loop, NULL));
    veloz_event_loop_destroy(loop);

    /* A full config at every upper limit. */
    veloz_event_loop_config config = loop_config(1 << 22, 1000000, VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_SLEEP, "c-limits");
    config.timer_tick_ns = INT64_C(3600000000000);
    config.spin_iterations = 10000000;
    loop = new_loop(&config);
    veloz_event_loop_destroy(loop);
    config.timer_tick_ns = 1000;
    loop = new_loop(&config);
    veloz_event_loop_destroy(loop);

    /* An older config (struct_size 8: struct_size and task_capacity): the fields beyond take their defaults. */
    config = loop_config(32, -5, 99, NULL); /* starvation_limit -5 and idle 99 would be refused, but lie beyond */
    config.struct_size = 8;
    loop = new_loop(&config);
    veloz_event_loop_destroy(loop);

    /* Names: veloz.h allows at most 128 characters, so 1..128 must be accepted and 129 refused. */
    char name[130];
    const int lengths[] = {1, 121, 122, 127, 128};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        memset(name, 'n', (size_t)lengths[i]);
        name[lengths[i]] = '\0';
        veloz_event_loop_config named = loop_config(0, 0, 0, name);
        veloz_event_loop* out = NULL;
        const veloz_status status = veloz_event_loop_create(&named, &out);
        if (status == VELOZ_OK) {
            g_passed++;
        } else {
            g_failed++;
            printf("FAIL name of %d characters refused: \"%s\"\n", lengths[i], last_error());
        }
        veloz_event_loop_destroy(out);
    }

    /* Bad configs: VELOZ_E_INVALID_ARGUMENT naming the field; out is NULL afterwards. */
    struct {
        int32_t capacity;
        int64_t tick_ns;
        int32_t starvation_limit, spin_iterations, idle;
        uint32_t flags, struct_size;
        const char* field;
    } cases[] = {
        {8, 0, 0, 0, 0, 0, 0, "task_capacity"},
        {(1 << 22) + 1, 0, 0, 0, 0, 0, 0, "task_capacity"},
        {-1, 0, 0, 0, 0, 0, 0, "task_capacity"},
        {0, 999, 0, 0, 0, 0, 0, "timer_tick_ns"},
        {0, INT64_C(3600000000001), 0, 0, 0, 0, 0, "timer_tick_ns"},
        {0, 0, 1000001, 0, 0, 0, 0, "starvation_limit"},
        {0, 0, -1, 0, 0, 0, 0, "starvation_limit"},
        {0, 0, 0, 10000001, 0, 0, 0, "spin_iterations"},
        {0, 0, 0, -5, 0, 0, 0, "spin_iterations"},
        {0, 0, 0, 0, 3, 0, 0, "idle_strategy"},
        {0, 0, 0, 0, -1, 0, 0, "idle_strategy"},
        {0, 0, 0, 0, 0, 2, 0, "flags"}, /* 1 is VELOZ_EVENT_LOOP_CONFIG_PIN_THREAD */
        {0, 0, 0, 0, 0, 0, 2, "struct_size"},
        {0, 0, 0, 0, 0, 0, 3, "struct_size"},
        {0, 0, 0, 0, 0, 0, 4097, "struct_size"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        veloz_event_loop_config c = loop_config(cases[i].capacity, cases[i].starvation_limit, cases[i].idle, NULL);
        c.timer_tick_ns = cases[i].tick_ns;
        c.spin_iterations = cases[i].spin_iterations;
        c.flags = cases[i].flags;
        if (cases[i].struct_size != 0)
            c.struct_size = cases[i].struct_size;
        veloz_event_loop* out = (veloz_event_loop*)(uintptr_t)0x1;
        EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_create, (&c, &out));
        CHECK(out == NULL);
        if (strstr(last_error(), cases[i].field) == NULL) {
            g_failed++;
            printf("FAIL bad config %u: \"%s\" does not name %s\n", (unsigned)i, last_error(), cases[i].field);
        } else {
            g_passed++;
        }
    }
    memset(name, 'x', 129);
    name[129] = '\0';
    veloz_event_loop_config c = loop_config(0, 0, 0, name);
    veloz_event_loop* out = NULL;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_create, (&c, &out));
    CHECK(out == NULL);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_event_loop_create, (NULL, NULL));
}

/* ---- threads --------------------------------------------------------------------------------------------------- */

#define PRODUCER_POSTS 4000

typedef struct {
    veloz_event_loop* loop;
    unsigned char* seen; /* one counter per task */
    int base;
    atomic_int* done;
    int failures;
} producer_state;

typedef struct {
    unsigned char* counter;
} seen_task;

static void mark_seen(void* context) { (*(unsigned char*)context)++; }

static int producer(void* arg)
{
    producer_state* p = (producer_state*)arg;
    for (int i = 0; i < PRODUCER_POSTS; i++) {
        veloz_status status;
        while ((status = veloz_event_loop_post(p->loop, mark_seen, &p->seen[p->base + i], (veloz_loop_priority)(i % 3))) == VELOZ_E_FULL)
            thrd_yield();
        if (status != VELOZ_OK)
            p->failures++;
    }
    atomic_fetch_add(p->done, 1);
    return 0;
}

typedef struct {
    veloz_event_loop* loop;
    veloz_status status;
    int64_t stopped_at;
} stopper_state;

static int stopper(void* arg)
{
    stopper_state* s = (stopper_state*)arg;
    sleep_ms(30);
    s->stopped_at = veloz_clock_now_ns();
    s->status = veloz_event_loop_stop(s->loop);
    return 0;
}

typedef struct {
    veloz_event_loop* loop;
    int64_t posted_at;
    int64_t ran_at;
    veloz_status status;
} waker_state;

static void wake_task(void* context)
{
    waker_state* w = (waker_state*)context;
    w->ran_at = veloz_clock_now_ns();
    (void)veloz_event_loop_stop(w->loop);
}

static int waker(void* arg)
{
    waker_state* w = (waker_state*)arg;
    sleep_ms(50); /* the loop is asleep by then */
    w->posted_at = veloz_clock_now_ns();
    w->status = veloz_event_loop_post(w->loop, wake_task, w, VELOZ_LOOP_PRIORITY_NORMAL);
    return 0;
}

static void test_threads(void)
{
    /* Two C11 threads posting while this thread runs the loop: each task runs exactly once. */
    veloz_event_loop_config config = loop_config(1024, 0, VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_YIELD, "c-threads");
    veloz_event_loop* loop = new_loop(&config);
    unsigned char* seen = (unsigned char*)calloc(2 * PRODUCER_POSTS, 1);
    atomic_int done;
    atomic_init(&done, 0);
    producer_state ps[2] = {{loop, seen, 0, &done, 0}, {loop, seen, PRODUCER_POSTS, &done, 0}};
    thrd_t threads[2];
    for (int i = 0; i < 2; i++)
        CHECK(thrd_create(&threads[i], producer, &ps[i]) == thrd_success);
    int64_t total = 0;
    const int64_t give_up = veloz_clock_now_ns() + 30000 * MS;
    while ((atomic_load(&done) < 2 || total < 2 * PRODUCER_POSTS) && veloz_clock_now_ns() < give_up) {
        int64_t ran = 0;
        EXPECT(VELOZ_OK, veloz_event_loop_run_for, (loop, MS, &ran));
        total += ran;
    }
    for (int i = 0; i < 2; i++)
        thrd_join(threads[i], NULL);
    CHECK(ps[0].failures == 0 && ps[1].failures == 0);
    CHECK(total == 2 * PRODUCER_POSTS);
    int once = 1;
    for (int i = 0; i < 2 * PRODUCER_POSTS; i++)
        once &= seen[i] == 1;
    CHECK(once);
    free(seen);
    veloz_event_loop_destroy(loop);

    /* Stop from another thread ends run. */
    config = loop_config(0, 0, VELOZ_LOOP_IDLE_STRATEGY_SPIN_THEN_SLEEP, NULL);
    loop = new_loop(&config);
    stopper_state st = {loop, VELOZ_E_STATE, 0};
    thrd_t thread;
    CHECK(thrd_create(&thread, stopper, &st) == thrd_success);
    int64_t ran = -1;
    EXPECT(VELOZ_OK, veloz_event_loop_run, (loop, &ran));
    const int64_t returned_at = veloz_clock_now_ns();
    thrd_join(thread, NULL);
    CHECK(st.status == VELOZ_OK && ran == 0 && returned_at >= st.stopped_at);

    /* A sleeping loop (spin then sleep) is woken by a post from another thread. */
    waker_state w = {loop, 0, 0, VELOZ_E_STATE};
    CHECK(thrd_create(&thread, waker, &w) == thrd_success);
    EXPECT(VELOZ_OK, veloz_event_loop_run, (loop, &ran));
    thrd_join(thread, NULL);
    CHECK(w.status == VELOZ_OK && ran == 1 && w.ran_at >= w.posted_at);
    CHECK(w.ran_at - w.posted_at < 200 * MS);
    veloz_event_loop_destroy(loop);
}

/* ---- owner thread ------------------------------------------------------------------------------------------ */

typedef struct {
    veloz_event_loop* loop;
    veloz_status run_once;
    veloz_status run_for;
    veloz_status run;
    veloz_status post_after;
    veloz_status cancel;
    veloz_status stats;
    veloz_status post;
    veloz_status stop;
    uint64_t id;
} other_thread_state;

static int other_thread(void* arg)
{
    other_thread_state* s = (other_thread_state*)arg;
    int32_t ran32 = 0;
    int64_t ran64 = 0;
    veloz_event_loop_stats stats;
    memset(&stats, 0, sizeof stats);
    stats.struct_size = sizeof stats;
    s->id = 5;
    s->run_once = veloz_event_loop_run_once(s->loop, &ran32);
    s->run_for = veloz_event_loop_run_for(s->loop, 0, &ran64);
    s->stop = veloz_event_loop_stop(s->loop); /* any thread; makes the run below return at once once it may run */
    s->run = veloz_event_loop_run(s->loop, &ran64);
    s->post_after = veloz_event_loop_post_after(s->loop, MS, noop, NULL, VELOZ_LOOP_PRIORITY_NORMAL, &s->id);
    s->cancel = veloz_event_loop_cancel(s->loop, 1);
    s->stats = veloz_event_loop_get_stats(s->loop, &stats);
    s->post = veloz_event_loop_post(s->loop, noop, NULL, VELOZ_LOOP_PRIORITY_NORMAL); /* any thread */
    return 0;
}

static void test_owner_thread(void)
{
    veloz_event_loop* loop = new_loop(NULL);
    int32_t ran = 0;
    EXPECT(VELOZ_OK, veloz_event_loop_run_once, (loop, &ran)); /* this thread is the owner now */
    other_thread_state s;
    memset(&s, 0, sizeof s);
    s.loop = loop;
    thrd_t thread;
    CHECK(thrd_create(&thread, other_thread, &s) == thrd_success);
    thrd_join(thread, NULL);
    CHECK(s.run_once == VELOZ_E_STATE && s.run_for == VELOZ_E_STATE && s.run == VELOZ_E_STATE);
    CHECK(s.post_after == VELOZ_E_STATE && s.id == 0 && s.cancel == VELOZ_E_STATE && s.stats == VELOZ_E_STATE);
    CHECK(s.post == VELOZ_OK && s.stop == VELOZ_OK);
    EXPECT(VELOZ_OK, veloz_event_loop_run_once, (loop, &ran));
    CHECK(ran == 1);
    int64_t ran64 = -1;
    EXPECT(VELOZ_OK, veloz_event_loop_run, (loop, &ran64)); /* the other thread's stop: returns at once */
    CHECK(ran64 == 0);

    /* Handed over with veloz_handle_release_owner: the other thread may run it. */
    EXPECT(VELOZ_OK, veloz_handle_release_owner, (loop));
    memset(&s, 0, sizeof s);
    s.loop = loop;
    CHECK(thrd_create(&thread, other_thread, &s) == thrd_success);
    thrd_join(thread, NULL);
    CHECK(s.run_once == VELOZ_OK && s.run_for == VELOZ_OK && s.run == VELOZ_OK && s.post_after == VELOZ_OK);
    CHECK(s.id != 0 && s.cancel == VELOZ_E_NOT_FOUND && s.stats == VELOZ_OK && s.post == VELOZ_OK && s.stop == VELOZ_OK);
    if (s.run_once != VELOZ_OK || s.run != VELOZ_OK)
        printf("  after release_owner: run_once %d, run_for %d, run %d, post_after %d, stats %d\n", (int)s.run_once,
               (int)s.run_for, (int)s.run, (int)s.post_after, (int)s.stats);
    veloz_event_loop_destroy(loop);
}

/* ---- hostile handles ------------------------------------------------------------------------------------------ */

static void expect_every_call_refuses(veloz_event_loop* loop)
{
    int32_t ran32 = 3;
    int64_t ran64 = 3;
    uint64_t id = 9;
    veloz_event_loop_stats s;
    memset(&s, 0, sizeof s);
    s.struct_size = sizeof s;
    int runs = 0;
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_event_loop_post, (loop, count_task, &runs, VELOZ_LOOP_PRIORITY_NORMAL));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_event_loop_post_at, (loop, 1, count_task, &runs, VELOZ_LOOP_PRIORITY_NORMAL, &id));
    CHECK(id == 0);
    id = 9;
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_event_loop_post_after, (loop, 1, count_task, &runs, VELOZ_LOOP_PRIORITY_NORMAL, &id));
    CHECK(id == 0);
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_event_loop_cancel, (loop, 1));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_event_loop_run_once, (loop, &ran32));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_event_loop_run_for, (loop, 1, &ran64));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_event_loop_run, (loop, &ran64));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_event_loop_stop, (loop));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_event_loop_get_stats, (loop, &s));
    CHECK(runs == 0);
    veloz_event_loop_destroy(loop); /* NULL, destroyed or another type: a no-op */
}

static void test_hostile(void)
{
    expect_every_call_refuses(NULL);
    CHECK(strstr(last_error(), "NULL") != NULL);

    veloz_event_loop* dead = new_loop(NULL);
    int32_t ran = 0;
    EXPECT(VELOZ_OK, veloz_event_loop_run_once, (dead, &ran));
    veloz_event_loop_destroy(dead);
    expect_every_call_refuses(dead);
    veloz_event_loop_destroy(dead); /* twice: harmless */

    /* Another type's handle is refused by its tag and survives the wrong-type destroy. */
    veloz_histogram* histogram = NULL;
    EXPECT(VELOZ_OK, veloz_histogram_create, (NULL, &histogram));
    veloz_timer_wheel* wheel = NULL;
    EXPECT(VELOZ_OK, veloz_timer_wheel_create, (NULL, &wheel));
    expect_every_call_refuses((veloz_event_loop*)(void*)histogram);
    expect_every_call_refuses((veloz_event_loop*)(void*)wheel);
    expect_every_call_refuses((veloz_event_loop*)(uintptr_t)0xDEADBEEF);
    EXPECT(VELOZ_OK, veloz_histogram_record, (histogram, 5));
    uint64_t id = 0;
    EXPECT(VELOZ_OK, veloz_timer_wheel_schedule, (wheel, 1, 0, &id));
    /* And a loop handle is no histogram. */
    veloz_event_loop* loop = new_loop(NULL);
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_record, ((veloz_histogram*)(void*)loop, 5));
    veloz_histogram_destroy((veloz_histogram*)(void*)loop);
    EXPECT(VELOZ_OK, veloz_event_loop_post, (loop, noop, NULL, VELOZ_LOOP_PRIORITY_NORMAL));
    EXPECT(VELOZ_OK, veloz_event_loop_run_once, (loop, &ran));
    CHECK(ran == 1);
    veloz_event_loop_destroy(loop);
    veloz_histogram_destroy(histogram);
    veloz_timer_wheel_destroy(wheel);
}

int main(void)
{
    test_priorities();
    test_delayed();
    test_running();
    test_full();
    test_configs_and_stats();
    test_threads();
    test_owner_thread();
    test_hostile();
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
