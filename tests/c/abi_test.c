/*
 * VeloZ C ABI test: a C11 program that includes the generated veloz.h, links libveloz.so and calls every
 * export of include/veloz.h but the books' (book_test.c has those), including hostile input (NULL, destroyed
 * and wrong-type handles, NULL out pointers, struct_size 0, out-of-range configs, negative values,
 * capacity-0 buffers). After each failing call it checks the status, that veloz_last_error_message names
 * the function, and that the object still answers as before. Prints "N passed, N failed" and exits
 * non-zero on any failure.
 *
 * Build (build.cake, target Test):
 *   gcc -std=c11 -Wall -Wextra -Werror -pedantic -Iinclude tests/c/abi_test.c -Lartifacts/lib -lveloz -Wl,-rpath,<abs>/artifacts/lib
 * Usage: abi_test [seed]   (the seed of the short random-handle loop; printed either way)
 */
#include "veloz.h"
#include "check.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if !defined(__STDC_NO_THREADS__)
#include <threads.h>
#endif

/* The spec's layouts, checked independently of the header's own static_asserts. */
_Static_assert(sizeof(veloz_status) == 4, "veloz_status is int32_t");
_Static_assert(sizeof(veloz_clock_info) == 48, "veloz_clock_info size");
_Static_assert(offsetof(veloz_clock_info, ticks_per_second) == 16, "veloz_clock_info.ticks_per_second");
_Static_assert(offsetof(veloz_clock_info, calibration_count) == 40, "veloz_clock_info.calibration_count");
_Static_assert(sizeof(veloz_time_sync_config) == 16, "veloz_time_sync_config size");
_Static_assert(offsetof(veloz_time_sync_config, window) == 8, "veloz_time_sync_config.window");
_Static_assert(sizeof(veloz_time_sync_stats) == 48, "veloz_time_sync_stats size");
_Static_assert(offsetof(veloz_time_sync_stats, drift_ppm) == 24, "veloz_time_sync_stats.drift_ppm");
_Static_assert(offsetof(veloz_time_sync_stats, last_sample_ns) == 40, "veloz_time_sync_stats.last_sample_ns");
_Static_assert(sizeof(veloz_histogram_config) == 24, "veloz_histogram_config size");
_Static_assert(offsetof(veloz_histogram_config, lowest_trackable) == 8, "veloz_histogram_config.lowest_trackable");
_Static_assert(sizeof(veloz_histogram_stats) == 56, "veloz_histogram_stats size");
_Static_assert(offsetof(veloz_histogram_stats, mean) == 32, "veloz_histogram_stats.mean");
_Static_assert(offsetof(veloz_histogram_stats, clamped_count) == 48, "veloz_histogram_stats.clamped_count");
_Static_assert(sizeof(veloz_histogram_bucket) == 16, "veloz_histogram_bucket size");

static int is_known_status(veloz_status s)
{
    return s <= VELOZ_OK && s >= VELOZ_E_REJECTED;
}

static int64_t wall_now_ns(void)
{
    struct timespec ts;
    if (timespec_get(&ts, TIME_UTC) != TIME_UTC)
        return 0;
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t abs64(int64_t v)
{
    return v < 0 ? -v : v;
}

/* ------------------------------------------------------------------------------------------------ */
/* Common: version, status names, last error                                                          */
/* ------------------------------------------------------------------------------------------------ */

static void test_version(void)
{
    uint32_t version = veloz_version();
    printf("libveloz version %u.%u.%u, header %d.%d.%d\n", (unsigned)(version >> 16), (unsigned)((version >> 8) & 0xFF),
           (unsigned)(version & 0xFF), VELOZ_VERSION_MAJOR, VELOZ_VERSION_MINOR, VELOZ_VERSION_PATCH);
    CHECK((version >> 16) == VELOZ_VERSION_MAJOR);
    CHECK(version == (((uint32_t)VELOZ_VERSION_MAJOR << 16) | ((uint32_t)VELOZ_VERSION_MINOR << 8) | (uint32_t)VELOZ_VERSION_PATCH));
}

static void test_status_names(void)
{
    static const struct {
        veloz_status status;
        const char* name;
    } names[] = {
        {VELOZ_OK, "VELOZ_OK"},
        {VELOZ_E_INVALID_ARGUMENT, "VELOZ_E_INVALID_ARGUMENT"},
        {VELOZ_E_INVALID_HANDLE, "VELOZ_E_INVALID_HANDLE"},
        {VELOZ_E_NOT_FOUND, "VELOZ_E_NOT_FOUND"},
        {VELOZ_E_DUPLICATE, "VELOZ_E_DUPLICATE"},
        {VELOZ_E_FULL, "VELOZ_E_FULL"},
        {VELOZ_E_EMPTY, "VELOZ_E_EMPTY"},
        {VELOZ_E_OUT_OF_MEMORY, "VELOZ_E_OUT_OF_MEMORY"},
        {VELOZ_E_BUFFER_TOO_SMALL, "VELOZ_E_BUFFER_TOO_SMALL"},
        {VELOZ_E_STATE, "VELOZ_E_STATE"},
        {VELOZ_E_INTERNAL, "VELOZ_E_INTERNAL"},
        {VELOZ_E_UNSUPPORTED, "VELOZ_E_UNSUPPORTED"},
        {VELOZ_E_SEQUENCE_GAP, "VELOZ_E_SEQUENCE_GAP"},
        {VELOZ_E_REJECTED, "VELOZ_E_REJECTED"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char* name = veloz_status_name(names[i].status);
        int ok = name != NULL && strcmp(name, names[i].name) == 0;
        check_at(ok, __LINE__, names[i].name);
        /* The string is static: a second call returns the same pointer. */
        CHECK(veloz_status_name(names[i].status) == name);
    }
    static const veloz_status unknown[] = {1, 42, -14, -100, INT32_MIN, INT32_MAX};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        const char* name = veloz_status_name(unknown[i]);
        CHECK(name != NULL && strcmp(name, "VELOZ_E_UNKNOWN") == 0);
    }
}

static void test_last_error_message(void)
{
    /* Provoke a failure with a known cause. */
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_clock_get_info, (NULL));
    int32_t length = veloz_last_error_message(NULL, 0);
    CHECK(length > 10);
    if (length <= 10 || length > 4000)
        return;

    char full[4096];
    CHECK(veloz_last_error_message(full, (int32_t)sizeof full) == length);
    CHECK((int32_t)strlen(full) == length);

    /* Truncation: capacity - 1 bytes and a NUL, the return value stays the full length (like snprintf). */
    char small[8];
    memset(small, 'x', sizeof small);
    CHECK(veloz_last_error_message(small, 5) == length);
    CHECK(small[4] == '\0' && strncmp(small, full, 4) == 0);
    CHECK(small[5] == 'x'); /* nothing written past capacity */

    char one[2] = {'x', 'x'};
    CHECK(veloz_last_error_message(one, 1) == length);
    CHECK(one[0] == '\0' && one[1] == 'x');

    /* Exactly the length: one byte short for the NUL, so the last character is dropped. */
    char exact[4096];
    CHECK(veloz_last_error_message(exact, length) == length);
    CHECK((int32_t)strlen(exact) == length - 1 && strncmp(exact, full, (size_t)(length - 1)) == 0);

    /* A negative capacity is treated as "no buffer": nothing is written. */
    char untouched[4] = {'x', 'x', 'x', 'x'};
    CHECK(veloz_last_error_message(untouched, -1) == length);
    CHECK(untouched[0] == 'x');
    CHECK(veloz_last_error_message(NULL, 100) == length);
}

#if !defined(__STDC_NO_THREADS__)
static int failing_thread(void* arg)
{
    int32_t* length = (int32_t*)arg;
    /* A thread the runtime has never seen: the first call attaches it. */
    (void)veloz_histogram_record(NULL, 1);
    *length = veloz_last_error_message(NULL, 0);
    return 0;
}
#endif

static void test_last_error_is_per_thread(void)
{
#if !defined(__STDC_NO_THREADS__)
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_clock_get_info, (NULL));
    char before[1024];
    (void)veloz_last_error_message(before, (int32_t)sizeof before);
    thrd_t thread;
    int32_t other_length = -1;
    CHECK(thrd_create(&thread, failing_thread, &other_length) == thrd_success);
    CHECK(thrd_join(thread, NULL) == thrd_success);
    CHECK(other_length > 0);
    char after[1024];
    (void)veloz_last_error_message(after, (int32_t)sizeof after);
    CHECK(strcmp(before, after) == 0);
#else
    printf("note: no <threads.h>; per-thread last error not checked\n");
#endif
}

/* An owner-only object belongs to the first thread that drives it (docs/DESIGN.md rule 8). */
#if !defined(__STDC_NO_THREADS__)
static int record_from_other_thread(void* histogram)
{
    return (int)veloz_histogram_record((veloz_histogram*)histogram, 7);
}

static veloz_status record_on_a_new_thread(veloz_histogram* histogram)
{
    thrd_t thread;
    int result = 0;
    if (thrd_create(&thread, record_from_other_thread, histogram) != thrd_success || thrd_join(thread, &result) != thrd_success)
        return VELOZ_E_INTERNAL;
    return (veloz_status)result;
}
#endif

static void test_owner_thread(void)
{
#if !defined(__STDC_NO_THREADS__)
    veloz_histogram* histogram = NULL;
    EXPECT(VELOZ_OK, veloz_histogram_create, (NULL, &histogram));
    EXPECT(VELOZ_OK, veloz_histogram_record, (histogram, 5));          /* this thread owns it now */
    CHECK(record_on_a_new_thread(histogram) == VELOZ_E_STATE);         /* refused, nothing recorded */
    veloz_histogram_stats stats;
    memset(&stats, 0, sizeof stats);
    stats.struct_size = (uint32_t)sizeof stats;
    EXPECT(VELOZ_OK, veloz_histogram_get_stats, (histogram, &stats));
    CHECK(stats.count == 1);
    EXPECT(VELOZ_OK, veloz_handle_release_owner, (histogram));
    CHECK(record_on_a_new_thread(histogram) == VELOZ_OK);              /* the other thread took it over */
    CHECK(veloz_histogram_record(histogram, 5) == VELOZ_E_STATE);      /* ... so this one is refused now */
    CHECK(veloz_handle_release_owner(histogram) == VELOZ_E_STATE);     /* and cannot release it */
    char message[512];
    CHECK(veloz_last_error_message(message, (int32_t)sizeof message) > 0);
    CHECK(strstr(message, "veloz_handle_release_owner") != NULL);
    veloz_histogram_destroy(histogram);

    EXPECT(VELOZ_OK, veloz_histogram_create, (NULL, &histogram));
    EXPECT(VELOZ_OK, veloz_handle_share, (histogram));                 /* the caller serializes from here on */
    CHECK(record_on_a_new_thread(histogram) == VELOZ_OK);
    EXPECT(VELOZ_OK, veloz_histogram_record, (histogram, 5));
    veloz_histogram_destroy(histogram);
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_handle_share, (histogram));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_handle_release_owner, (histogram));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_handle_share, (NULL));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_handle_release_owner, (NULL));
#else
    printf("note: no <threads.h>; the owner-thread rule is not checked\n");
#endif
}

/* ------------------------------------------------------------------------------------------------ */
/* Clock                                                                                             */
/* ------------------------------------------------------------------------------------------------ */

static void test_clock(void)
{
    int64_t wall = wall_now_ns();
    int64_t now = veloz_clock_now_ns();
    /* Unix-epoch nanoseconds: within 100 ms of the C library's UTC clock. */
    CHECK(abs64(now - wall) < 100000000);

    int monotonic = 1;
    int64_t previous = veloz_clock_now_ns();
    for (int i = 0; i < 100000; i++) {
        int64_t t = veloz_clock_now_ns();
        if (t < previous)
            monotonic = 0;
        previous = t;
    }
    CHECK(monotonic);

    uint64_t ticks = veloz_clock_ticks();
    int64_t from_ticks = veloz_clock_ticks_to_ns(ticks);
    CHECK(abs64(from_ticks - veloz_clock_now_ns()) < 10000000);
    uint64_t later_ticks = veloz_clock_ticks();
    CHECK(veloz_clock_ticks_to_ns(later_ticks) >= from_ticks);

    veloz_clock_info info;
    memset(&info, 0xAB, sizeof info);
    info.struct_size = (uint32_t)sizeof info;
    EXPECT(VELOZ_OK, veloz_clock_get_info, (&info));
    printf("clock: source %d, invariant_tsc %d, %.0f ticks/s, error %lld ns, %lld calibrations\n", (int)info.source,
           (int)info.invariant_tsc, info.ticks_per_second, (long long)info.error_ns, (long long)info.calibration_count);
    CHECK(info.source == VELOZ_CLOCK_SOURCE_OS || info.source == VELOZ_CLOCK_SOURCE_TSC);
    CHECK(info.invariant_tsc == 0 || info.invariant_tsc == 1);
    CHECK(info.reserved == 0);
    CHECK(info.ticks_per_second > 1e6 && info.ticks_per_second < 1e11);
    CHECK(info.source != VELOZ_CLOCK_SOURCE_OS || info.ticks_per_second == 1e9);
    CHECK(info.error_ns >= 0);
    CHECK(info.calibration_count >= 1 || info.source == VELOZ_CLOCK_SOURCE_OS);
    CHECK(info.calibrated_at_ns <= veloz_clock_now_ns() + 1000000000);

    int64_t before = veloz_clock_now_ns();
    EXPECT(VELOZ_OK, veloz_clock_calibrate, ());
    CHECK(veloz_clock_now_ns() >= before); /* calibration slews, never jumps back */
    veloz_clock_info after;
    memset(&after, 0, sizeof after);
    after.struct_size = (uint32_t)sizeof after;
    EXPECT(VELOZ_OK, veloz_clock_get_info, (&after));
    CHECK(after.calibration_count >= info.calibration_count);

    /* Hostile: NULL, struct_size 0 (caller forgot to set it). */
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_clock_get_info, (NULL));
    veloz_clock_info zero;
    memset(&zero, 0, sizeof zero);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_clock_get_info, (&zero));

    /* An older caller's smaller struct: only struct_size bytes are written. */
    unsigned char partial[sizeof(veloz_clock_info)];
    memset(partial, 0xCD, sizeof partial);
    uint32_t eight = 8;
    memcpy(partial, &eight, sizeof eight);
    EXPECT(VELOZ_OK, veloz_clock_get_info, ((veloz_clock_info*)(void*)partial));
    int untouched = 1;
    for (size_t i = 8; i < sizeof partial; i++)
        if (partial[i] != 0xCD)
            untouched = 0;
    CHECK(untouched);

    /* A newer caller's larger struct: the known part is written, the rest left alone. */
    unsigned char larger[sizeof(veloz_clock_info) + 16];
    memset(larger, 0xCD, sizeof larger);
    uint32_t larger_size = (uint32_t)sizeof larger;
    memcpy(larger, &larger_size, sizeof larger_size);
    EXPECT(VELOZ_OK, veloz_clock_get_info, ((veloz_clock_info*)(void*)larger));
    untouched = 1;
    for (size_t i = sizeof(veloz_clock_info); i < sizeof larger; i++)
        if (larger[i] != 0xCD)
            untouched = 0;
    CHECK(untouched);

    /* The clock still works after the failed calls. */
    CHECK(veloz_clock_now_ns() >= before);
}

/* ------------------------------------------------------------------------------------------------ */
/* Exchange-time sync                                                                                */
/* ------------------------------------------------------------------------------------------------ */

static int64_t sample_count(veloz_time_sync* sync, int32_t venue)
{
    veloz_time_sync_stats stats;
    memset(&stats, 0, sizeof stats);
    stats.struct_size = (uint32_t)sizeof stats;
    if (veloz_time_sync_get_stats(sync, venue, &stats) != VELOZ_OK)
        return -1;
    return stats.sample_count;
}

static void test_time_sync_lifecycle(void)
{
    veloz_time_sync* sync = NULL;
    EXPECT(VELOZ_OK, veloz_time_sync_create, (NULL, &sync)); /* NULL config: all defaults */
    CHECK(sync != NULL);
    CHECK(veloz_time_sync_venue_count(sync) == 0);

    /* Venue 7's clock runs 5 us ahead; round trips of 200 ns (and one slow one of 10 us). */
    const int64_t offset = 5000;
    int64_t base = 1700000000000000000LL;
    for (int i = 0; i < 10; i++) {
        int64_t send = base + (int64_t)i * 1000000;
        int64_t rtt = i == 3 ? 10000 : 200;
        int64_t recv = send + rtt;
        int64_t exchange = send + rtt / 2 + offset;
        EXPECT(VELOZ_OK, veloz_time_sync_add_sample, (sync, 7, exchange, send, recv));
    }
    CHECK(veloz_time_sync_venue_count(sync) == 1);

    veloz_time_sync_stats stats;
    memset(&stats, 0, sizeof stats);
    stats.struct_size = (uint32_t)sizeof stats;
    EXPECT(VELOZ_OK, veloz_time_sync_get_stats, (sync, 7, &stats));
    printf("time sync: venue %d offset %lld ns, best rtt %lld ns, drift %.3f ppm, %lld samples\n", (int)stats.venue,
           (long long)stats.offset_ns, (long long)stats.best_rtt_ns, stats.drift_ppm, (long long)stats.sample_count);
    CHECK(stats.venue == 7);
    CHECK(abs64(stats.offset_ns - offset) <= 100);
    CHECK(stats.best_rtt_ns == 200);
    CHECK(stats.sample_count == 10);
    CHECK(stats.last_sample_ns == base + 9 * 1000000 + 200);
    CHECK(fabs(stats.drift_ppm) < 1.0);

    int64_t local = base + 20000000;
    int64_t exchange = 0;
    EXPECT(VELOZ_OK, veloz_time_sync_to_exchange, (sync, 7, local, &exchange));
    CHECK(abs64(exchange - (local + offset)) <= 100);
    int64_t back = 0;
    EXPECT(VELOZ_OK, veloz_time_sync_to_local, (sync, 7, exchange, &back));
    CHECK(abs64(back - local) <= 2);

    /* Hostile input on a live object: each call fails and changes nothing. */
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_time_sync_add_sample, (sync, 7, base, base + 100, base + 50)); /* recv < send */
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_time_sync_add_sample, (sync, -1, base, base, base + 10));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_time_sync_add_sample, (sync, INT32_MIN, base, base, base + 10));
    EXPECT(VELOZ_E_NOT_FOUND, veloz_time_sync_to_exchange, (sync, 8, local, &exchange));
    EXPECT(VELOZ_E_NOT_FOUND, veloz_time_sync_to_local, (sync, 8, local, &exchange));
    EXPECT(VELOZ_E_NOT_FOUND, veloz_time_sync_get_stats, (sync, 8, &stats));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_time_sync_to_exchange, (sync, 7, local, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_time_sync_to_local, (sync, 7, local, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_time_sync_get_stats, (sync, 7, NULL));
    veloz_time_sync_stats zero;
    memset(&zero, 0, sizeof zero);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_time_sync_get_stats, (sync, 7, &zero));
    CHECK(veloz_time_sync_venue_count(sync) == 1);
    CHECK(sample_count(sync, 7) == 10);
    int64_t again = 0;
    EXPECT(VELOZ_OK, veloz_time_sync_to_exchange, (sync, 7, local, &again));
    CHECK(again == exchange);

    veloz_time_sync_destroy(sync);
    /* Destroyed: every call reports the handle; destroy again is a no-op. */
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_time_sync_add_sample, (sync, 7, base, base, base + 10));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_time_sync_to_exchange, (sync, 7, local, &exchange));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_time_sync_to_local, (sync, 7, local, &exchange));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_time_sync_get_stats, (sync, 7, &stats));
    CHECK(veloz_time_sync_venue_count(sync) == 0);
    veloz_time_sync_destroy(sync);
    veloz_time_sync_destroy(NULL);
}

static void test_time_sync_hostile(void)
{
    veloz_time_sync* sync = (veloz_time_sync*)(uintptr_t)0x1234;
    veloz_time_sync_config config;

    /* NULL out pointer. */
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_time_sync_create, (NULL, NULL));

    /* Bad configs: struct_size 0 or absurd, max_venues and window out of range. */
    static const struct {
        uint32_t struct_size;
        int32_t max_venues;
        int32_t window;
    } bad[] = {
        {0, 64, 64},
        {1u << 20, 64, 64},
        {UINT32_MAX, 64, 64},
        {sizeof(veloz_time_sync_config), -1, 64},
        {sizeof(veloz_time_sync_config), 4097, 64},
        {sizeof(veloz_time_sync_config), INT32_MIN, 64},
        {sizeof(veloz_time_sync_config), 64, -5},
        {sizeof(veloz_time_sync_config), 64, 65537},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&config, 0, sizeof config);
        config.struct_size = bad[i].struct_size;
        config.max_venues = bad[i].max_venues;
        config.window = bad[i].window;
        sync = (veloz_time_sync*)(uintptr_t)0x1234;
        EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_time_sync_create, (&config, &sync));
        CHECK(sync == NULL || sync == (veloz_time_sync*)(uintptr_t)0x1234);
    }

    /* NULL handle everywhere. */
    int64_t value = 0;
    veloz_time_sync_stats stats;
    memset(&stats, 0, sizeof stats);
    stats.struct_size = (uint32_t)sizeof stats;
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_time_sync_add_sample, (NULL, 1, 10, 0, 20));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_time_sync_to_exchange, (NULL, 1, 0, &value));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_time_sync_to_local, (NULL, 1, 0, &value));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_time_sync_get_stats, (NULL, 1, &stats));
    CHECK(veloz_time_sync_venue_count(NULL) == 0);

    /* A zeroed config with struct_size set means all defaults: 64 venues. */
    memset(&config, 0, sizeof config);
    config.struct_size = (uint32_t)sizeof config;
    sync = NULL;
    EXPECT(VELOZ_OK, veloz_time_sync_create, (&config, &sync));
    for (int32_t v = 0; v < 64; v++)
        EXPECT(VELOZ_OK, veloz_time_sync_add_sample, (sync, v, 1100, 1000, 1200));
    EXPECT(VELOZ_E_FULL, veloz_time_sync_add_sample, (sync, 64, 1100, 1000, 1200));
    CHECK(veloz_time_sync_venue_count(sync) == 64);
    veloz_time_sync_destroy(sync);

    /* A smaller (older) config: only max_venues fits, window beyond struct_size is ignored (default). */
    memset(&config, 0, sizeof config);
    config.struct_size = 8;
    config.max_venues = 2;
    config.window = -5;
    sync = NULL;
    EXPECT(VELOZ_OK, veloz_time_sync_create, (&config, &sync));
    if (sync == NULL)
        return;
    EXPECT(VELOZ_OK, veloz_time_sync_add_sample, (sync, 0, 1100, 1000, 1200));
    EXPECT(VELOZ_OK, veloz_time_sync_add_sample, (sync, INT32_MAX, 1100, 1000, 1200));
    /* A third distinct venue exceeds max_venues = 2; known venues still accept samples. */
    EXPECT(VELOZ_E_FULL, veloz_time_sync_add_sample, (sync, 5, 1100, 1000, 1200));
    CHECK(veloz_time_sync_venue_count(sync) == 2);
    EXPECT(VELOZ_OK, veloz_time_sync_add_sample, (sync, 0, 2100, 2000, 2200));
    CHECK(sample_count(sync, 0) == 2);
    EXPECT(VELOZ_E_NOT_FOUND, veloz_time_sync_get_stats, (sync, 5, &stats));

    /* A histogram handle where a time sync is expected, and the other way round. */
    veloz_histogram* histogram = NULL;
    EXPECT(VELOZ_OK, veloz_histogram_create, (NULL, &histogram));
    EXPECT(VELOZ_OK, veloz_histogram_record, (histogram, 42));
    veloz_time_sync* wrong = (veloz_time_sync*)(void*)histogram;
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_time_sync_add_sample, (wrong, 0, 1100, 1000, 1200));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_time_sync_to_exchange, (wrong, 0, 0, &value));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_time_sync_to_local, (wrong, 0, 0, &value));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_time_sync_get_stats, (wrong, 0, &stats));
    CHECK(veloz_time_sync_venue_count(wrong) == 0);
    veloz_time_sync_destroy(wrong); /* wrong type: a no-op, the histogram lives on */
    veloz_histogram* wrong_histogram = (veloz_histogram*)(void*)sync;
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_record, (wrong_histogram, 1));
    veloz_histogram_destroy(wrong_histogram); /* a no-op, the sync lives on */

    veloz_histogram_stats hstats;
    memset(&hstats, 0, sizeof hstats);
    hstats.struct_size = (uint32_t)sizeof hstats;
    EXPECT(VELOZ_OK, veloz_histogram_get_stats, (histogram, &hstats));
    CHECK(hstats.count == 1 && hstats.max == 42);
    CHECK(veloz_time_sync_venue_count(sync) == 2);
    CHECK(sample_count(sync, 0) == 2);

    veloz_histogram_destroy(histogram);
    veloz_time_sync_destroy(sync);
}

/* ------------------------------------------------------------------------------------------------ */
/* Histogram                                                                                         */
/* ------------------------------------------------------------------------------------------------ */

static veloz_histogram_stats histogram_stats(veloz_histogram* histogram)
{
    veloz_histogram_stats stats;
    memset(&stats, 0, sizeof stats);
    stats.struct_size = (uint32_t)sizeof stats;
    EXPECT(VELOZ_OK, veloz_histogram_get_stats, (histogram, &stats));
    return stats;
}

static void test_histogram_lifecycle(void)
{
    veloz_histogram* histogram = NULL;
    EXPECT(VELOZ_OK, veloz_histogram_create, (NULL, &histogram));
    CHECK(histogram != NULL);
    if (histogram == NULL)
        return;

    int64_t p50 = -1;
    EXPECT(VELOZ_E_EMPTY, veloz_histogram_value_at_percentile, (histogram, 50.0, &p50));
    veloz_histogram_stats stats = histogram_stats(histogram);
    CHECK(stats.count == 0 && stats.min == 0 && stats.max == 0 && stats.mean == 0.0);

    /* 1..1000: below 2048 every value has its own bucket at 3 digits, so percentiles are exact. */
    for (int64_t v = 1; v <= 500; v++)
        EXPECT(VELOZ_OK, veloz_histogram_record, (histogram, v));
    int64_t rest[500];
    for (int i = 0; i < 500; i++)
        rest[i] = 501 + i;
    EXPECT(VELOZ_OK, veloz_histogram_record_batch, (histogram, rest, 500));

    stats = histogram_stats(histogram);
    printf("histogram: count %lld min %lld max %lld mean %.3f stddev %.3f\n", (long long)stats.count, (long long)stats.min,
           (long long)stats.max, stats.mean, stats.stddev);
    CHECK(stats.count == 1000);
    CHECK(stats.min == 1);
    CHECK(stats.max == 1000);
    CHECK(fabs(stats.mean - 500.5) < 0.01);
    CHECK(fabs(stats.stddev - 288.675) < 0.5); /* sqrt((n^2 - 1) / 12) */
    CHECK(stats.clamped_count == 0);

    static const struct {
        double percentile;
        int64_t value;
    } expected[] = {{0.0, 1}, {0.1, 1}, {50.0, 500}, {90.0, 900}, {99.0, 990}, {99.9, 999}, {100.0, 1000}};
    double percentiles[7];
    int64_t values[7];
    for (int i = 0; i < 7; i++) {
        int64_t value = -1;
        EXPECT(VELOZ_OK, veloz_histogram_value_at_percentile, (histogram, expected[i].percentile, &value));
        check_at(value == expected[i].value, __LINE__, "value_at_percentile matches the exact rank");
        percentiles[i] = expected[i].percentile;
        values[i] = -1;
    }
    EXPECT(VELOZ_OK, veloz_histogram_percentiles, (histogram, percentiles, values, 7));
    for (int i = 0; i < 7; i++)
        check_at(values[i] == expected[i].value, __LINE__, "percentiles matches value_at_percentile");

    /* Buckets: capacity 0 reports the size needed; then the full list, ascending, counts adding up. */
    int32_t written = -1;
    EXPECT(VELOZ_E_BUFFER_TOO_SMALL, veloz_histogram_buckets, (histogram, NULL, 0, &written));
    CHECK(written == 1000);
    veloz_histogram_bucket few[10];
    written = -1;
    EXPECT(VELOZ_E_BUFFER_TOO_SMALL, veloz_histogram_buckets, (histogram, few, 10, &written));
    CHECK(written == 1000);
    veloz_histogram_bucket* buckets = (veloz_histogram_bucket*)calloc(1000, sizeof *buckets);
    if (buckets != NULL) {
        written = -1;
        EXPECT(VELOZ_OK, veloz_histogram_buckets, (histogram, buckets, 1000, &written));
        CHECK(written == 1000);
        int ascending = 1;
        int64_t total = 0;
        for (int32_t i = 0; i < written && i < 1000; i++) {
            total += buckets[i].count;
            if (buckets[i].count <= 0 || (i > 0 && buckets[i].value <= buckets[i - 1].value))
                ascending = 0;
        }
        CHECK(ascending);
        CHECK(total == 1000);
        CHECK(buckets[0].value == 1 && buckets[999].value == 1000);
        free(buckets);
    }

    /* record_n, clamping above highest_trackable, merge, reset. */
    veloz_histogram_config config;
    memset(&config, 0, sizeof config);
    config.struct_size = (uint32_t)sizeof config;
    config.significant_digits = 2;
    config.lowest_trackable = 1;
    config.highest_trackable = 10000;
    veloz_histogram* small = NULL;
    EXPECT(VELOZ_OK, veloz_histogram_create, (&config, &small));
    if (small == NULL) {
        veloz_histogram_destroy(histogram);
        return;
    }
    EXPECT(VELOZ_OK, veloz_histogram_record_n, (small, 100, 5));
    EXPECT(VELOZ_OK, veloz_histogram_record_n, (small, 100, 0));
    EXPECT(VELOZ_OK, veloz_histogram_record, (small, 50000));
    veloz_histogram_stats small_stats = histogram_stats(small);
    CHECK(small_stats.count == 6);
    CHECK(small_stats.clamped_count == 1);
    CHECK(small_stats.max == 10000);
    CHECK(small_stats.min == 100);

    EXPECT(VELOZ_OK, veloz_histogram_merge, (histogram, small));
    stats = histogram_stats(histogram);
    CHECK(stats.count == 1006);
    CHECK(stats.max == 10000);
    /* The source is unchanged by a merge. */
    small_stats = histogram_stats(small);
    CHECK(small_stats.count == 6);

    EXPECT(VELOZ_OK, veloz_histogram_reset, (small));
    small_stats = histogram_stats(small);
    CHECK(small_stats.count == 0 && small_stats.clamped_count == 0 && small_stats.max == 0);
    EXPECT(VELOZ_E_EMPTY, veloz_histogram_value_at_percentile, (small, 50.0, &p50));
    written = -1;
    EXPECT(VELOZ_OK, veloz_histogram_buckets, (small, NULL, 0, &written));
    CHECK(written == 0);
    EXPECT(VELOZ_OK, veloz_histogram_record, (small, 7));
    EXPECT(VELOZ_OK, veloz_histogram_value_at_percentile, (small, 50.0, &p50));
    CHECK(p50 == 7);

    veloz_histogram_destroy(small);
    veloz_histogram_destroy(histogram);
}

static void test_histogram_hostile(void)
{
    veloz_histogram_config config;
    veloz_histogram* histogram = NULL;

    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_create, (NULL, NULL));

    static const struct {
        uint32_t struct_size;
        int32_t digits;
        int64_t lowest;
        int64_t highest;
    } bad[] = {
        {0, 3, 1, 1000000},
        {1u << 20, 3, 1, 1000000},
        {UINT32_MAX, 3, 1, 1000000},
        {sizeof(veloz_histogram_config), 6, 1, 1000000},
        {sizeof(veloz_histogram_config), -3, 1, 1000000},
        {sizeof(veloz_histogram_config), 3, -1, 1000000},
        {sizeof(veloz_histogram_config), 3, 1000, 1999},
        {sizeof(veloz_histogram_config), 3, 1, -1},
        {sizeof(veloz_histogram_config), 3, INT64_MIN, INT64_MAX},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&config, 0, sizeof config);
        config.struct_size = bad[i].struct_size;
        config.significant_digits = bad[i].digits;
        config.lowest_trackable = bad[i].lowest;
        config.highest_trackable = bad[i].highest;
        histogram = (veloz_histogram*)(uintptr_t)0x1234;
        EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_create, (&config, &histogram));
        CHECK(histogram == NULL || histogram == (veloz_histogram*)(uintptr_t)0x1234);
    }

    /* A zeroed config with struct_size set means all defaults: 1 .. an hour in ns. */
    memset(&config, 0, sizeof config);
    config.struct_size = (uint32_t)sizeof config;
    histogram = NULL;
    EXPECT(VELOZ_OK, veloz_histogram_create, (&config, &histogram));
    if (histogram != NULL) {
        EXPECT(VELOZ_OK, veloz_histogram_record, (histogram, 3600000000000LL));
        EXPECT(VELOZ_OK, veloz_histogram_record, (histogram, 3600000000001LL));
        veloz_histogram_stats defaults;
        memset(&defaults, 0, sizeof defaults);
        defaults.struct_size = (uint32_t)sizeof defaults;
        EXPECT(VELOZ_OK, veloz_histogram_get_stats, (histogram, &defaults));
        CHECK(defaults.count == 2 && defaults.clamped_count == 1);
        veloz_histogram_destroy(histogram);
    }

    /* An older caller's config that stops after significant_digits: the rest takes defaults. */
    memset(&config, 0xFF, sizeof config);
    config.struct_size = 8;
    config.significant_digits = 2;
    histogram = NULL;
    EXPECT(VELOZ_OK, veloz_histogram_create, (&config, &histogram));
    veloz_histogram_destroy(histogram);

    /* NULL handle everywhere. */
    int64_t value = 0;
    double percentile = 50.0;
    veloz_histogram_stats stats;
    memset(&stats, 0, sizeof stats);
    stats.struct_size = (uint32_t)sizeof stats;
    veloz_histogram_bucket buckets[4];
    int32_t written = 0;
    int64_t batch[3] = {1, 2, 3};
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_record, (NULL, 1));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_record_n, (NULL, 1, 1));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_record_batch, (NULL, batch, 3));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_value_at_percentile, (NULL, 50.0, &value));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_percentiles, (NULL, &percentile, &value, 1));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_get_stats, (NULL, &stats));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_buckets, (NULL, buckets, 4, &written));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_merge, (NULL, NULL));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_reset, (NULL));
    veloz_histogram_destroy(NULL);

    /* A live histogram holding 10, 20, 30: every bad call below must leave exactly that. */
    histogram = NULL;
    EXPECT(VELOZ_OK, veloz_histogram_create, (NULL, &histogram));
    if (histogram == NULL)
        return;
    int64_t good[3] = {10, 20, 30};
    EXPECT(VELOZ_OK, veloz_histogram_record_batch, (histogram, good, 3));

    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_record, (histogram, -1));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_record, (histogram, INT64_MIN));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_record_n, (histogram, -5, 1));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_record_n, (histogram, 5, -1));
    int64_t one_negative[4] = {1, 2, -3, 4};
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_record_batch, (histogram, one_negative, 4));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_record_batch, (histogram, NULL, 4));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_record_batch, (histogram, good, -1));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_value_at_percentile, (histogram, -0.1, &value));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_value_at_percentile, (histogram, 100.1, &value));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_value_at_percentile, (histogram, NAN, &value));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_value_at_percentile, (histogram, INFINITY, &value));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_value_at_percentile, (histogram, 50.0, NULL));
    double bad_percentiles[2] = {50.0, 101.0};
    int64_t out_values[2] = {-7, -7};
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_percentiles, (histogram, bad_percentiles, out_values, 2));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_percentiles, (histogram, NULL, out_values, 2));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_percentiles, (histogram, bad_percentiles, NULL, 2));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_percentiles, (histogram, bad_percentiles, out_values, -1));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_get_stats, (histogram, NULL));
    veloz_histogram_stats zero;
    memset(&zero, 0, sizeof zero);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_get_stats, (histogram, &zero));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_buckets, (histogram, buckets, 4, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_buckets, (histogram, buckets, -1, &written));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_histogram_buckets, (histogram, NULL, 4, &written));
    written = -1;
    EXPECT(VELOZ_E_BUFFER_TOO_SMALL, veloz_histogram_buckets, (histogram, buckets, 2, &written));
    CHECK(written == 3);
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_merge, (histogram, NULL));
    veloz_time_sync* sync = NULL;
    EXPECT(VELOZ_OK, veloz_time_sync_create, (NULL, &sync));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_merge, (histogram, (veloz_histogram*)(void*)sync));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_merge, ((veloz_histogram*)(void*)sync, histogram));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_get_stats, ((veloz_histogram*)(void*)sync, &stats));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_reset, ((veloz_histogram*)(void*)sync));
    veloz_time_sync_destroy(sync);

    /* Destroyed source and destroyed target. */
    veloz_histogram* dead = NULL;
    EXPECT(VELOZ_OK, veloz_histogram_create, (NULL, &dead));
    EXPECT(VELOZ_OK, veloz_histogram_record, (dead, 1000000));
    veloz_histogram_destroy(dead);
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_merge, (histogram, dead));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_merge, (dead, histogram));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_record, (dead, 1));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_record_n, (dead, 1, 1));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_record_batch, (dead, good, 3));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_value_at_percentile, (dead, 50.0, &value));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_percentiles, (dead, &percentile, &value, 1));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_get_stats, (dead, &stats));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_buckets, (dead, buckets, 4, &written));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_reset, (dead));
    veloz_histogram_destroy(dead);

    /* Still exactly 10, 20, 30. */
    stats = histogram_stats(histogram);
    CHECK(stats.count == 3 && stats.min == 10 && stats.max == 30 && stats.clamped_count == 0);
    CHECK(fabs(stats.mean - 20.0) < 0.05);
    EXPECT(VELOZ_OK, veloz_histogram_value_at_percentile, (histogram, 50.0, &value));
    CHECK(value == 20);
    written = -1;
    EXPECT(VELOZ_OK, veloz_histogram_buckets, (histogram, buckets, 4, &written));
    CHECK(written == 3);
    EXPECT(VELOZ_OK, veloz_histogram_record_batch, (histogram, NULL, 0));
    CHECK(histogram_stats(histogram).count == 3);

    veloz_histogram_destroy(histogram);
    veloz_histogram_destroy(histogram);
}

/* An order book and a depth book passed where a histogram or time sync is expected, and back. */
static void test_other_handle_types(void)
{
    veloz_book* book = NULL;
    veloz_depth* depth = NULL;
    EXPECT(VELOZ_OK, veloz_book_create, (NULL, &book));
    EXPECT(VELOZ_OK, veloz_depth_create, (NULL, &depth));
    if (book == NULL || depth == NULL)
        return;
    uint64_t hash_before = 0, hash_after = 1;
    EXPECT(VELOZ_OK, veloz_book_hash, (book, &hash_before));

    veloz_histogram* as_histogram = (veloz_histogram*)(void*)book;
    veloz_time_sync* as_sync = (veloz_time_sync*)(void*)depth;
    int64_t value = 0;
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_record, (as_histogram, 1));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_value_at_percentile, (as_histogram, 50.0, &value));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_reset, (as_histogram));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_time_sync_add_sample, (as_sync, 0, 1100, 1000, 1200));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_time_sync_to_local, (as_sync, 0, 0, &value));
    CHECK(veloz_time_sync_venue_count(as_sync) == 0);
    veloz_histogram_destroy(as_histogram);              /* wrong type: no-op */
    veloz_time_sync_destroy(as_sync);                   /* wrong type: no-op */
    veloz_histogram_destroy((veloz_histogram*)(void*)depth);
    veloz_time_sync_destroy((veloz_time_sync*)(void*)book);

    /* A histogram handle given to the book: rejected, and the histogram lives on. */
    veloz_histogram* histogram = NULL;
    EXPECT(VELOZ_OK, veloz_histogram_create, (NULL, &histogram));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_hash, ((veloz_book*)(void*)histogram, &hash_after));
    veloz_book_destroy((veloz_book*)(void*)histogram);
    veloz_depth_destroy((veloz_depth*)(void*)histogram);
    EXPECT(VELOZ_OK, veloz_histogram_record, (histogram, 5));

    EXPECT(VELOZ_OK, veloz_book_hash, (book, &hash_after));
    CHECK(hash_after == hash_before);
    veloz_histogram_destroy(histogram);
    veloz_depth_destroy(depth);
    veloz_book_destroy(book);
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_hash, (book, &hash_after));
}

/* ------------------------------------------------------------------------------------------------ */
/* Random handles: never a crash, only known status codes, live objects unchanged                   */
/* ------------------------------------------------------------------------------------------------ */

static uint64_t g_rng;

static uint64_t next_random(void)
{
    /* splitmix64: good enough to spread handle bits, and reproducible from the printed seed. */
    uint64_t z = (g_rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void test_random_handles(uint64_t seed)
{
    printf("random handles: seed %llu (rerun with: abi_test %llu)\n", (unsigned long long)seed, (unsigned long long)seed);
    g_rng = seed;

    veloz_histogram* histogram = NULL;
    veloz_time_sync* sync = NULL;
    EXPECT(VELOZ_OK, veloz_histogram_create, (NULL, &histogram));
    EXPECT(VELOZ_OK, veloz_time_sync_create, (NULL, &sync));
    if (histogram == NULL || sync == NULL)
        return;
    EXPECT(VELOZ_OK, veloz_histogram_record_n, (histogram, 1234, 10));
    EXPECT(VELOZ_OK, veloz_time_sync_add_sample, (sync, 3, 2000, 1000, 1100));
    veloz_histogram* dead_histogram = NULL;
    EXPECT(VELOZ_OK, veloz_histogram_create, (NULL, &dead_histogram));
    veloz_histogram_destroy(dead_histogram);

    int unknown_status = 0;
    int wrong_answer = 0;
    for (int i = 0; i < 20000; i++) {
        uint64_t bits = next_random();
        void* handle;
        switch (bits & 3) {
        case 0: handle = (void*)(uintptr_t)next_random(); break;
        case 1: handle = (void*)dead_histogram; break;
        case 2: handle = (bits & 4) ? (void*)sync : (void*)histogram; break; /* maybe the wrong type */
        default: handle = (void*)(uintptr_t)(next_random() & 0xFFFFFFFFu); break;
        }
        int64_t value = 0;
        veloz_histogram_stats stats;
        memset(&stats, 0, sizeof stats);
        stats.struct_size = (uint32_t)sizeof stats;
        veloz_time_sync_stats sync_stats;
        memset(&sync_stats, 0, sizeof sync_stats);
        sync_stats.struct_size = (uint32_t)sizeof sync_stats;
        veloz_status status;
        int op = (int)((bits >> 8) % 5);
        /* Only read-only calls, so a handle that happens to be one of our live objects leaves it unchanged. */
        switch (op) {
        case 0: status = veloz_histogram_get_stats((veloz_histogram*)handle, &stats); break;
        case 1: status = veloz_histogram_value_at_percentile((veloz_histogram*)handle, (double)((bits >> 16) % 101), &value); break;
        case 2: status = veloz_time_sync_get_stats((veloz_time_sync*)handle, 3, &sync_stats); break;
        case 3: status = veloz_time_sync_to_exchange((veloz_time_sync*)handle, 3, 0, &value); break;
        default:
            /* Cannot fail: 0 for anything but the live sync (one venue). */
            status = veloz_time_sync_venue_count((veloz_time_sync*)handle) == (handle == (void*)sync ? 1 : 0) ? VELOZ_OK : VELOZ_E_INTERNAL;
            if (status != VELOZ_OK)
                wrong_answer++;
            break;
        }
        if (!is_known_status(status))
            unknown_status++;
        int owner = op <= 1 ? handle == (void*)histogram : handle == (void*)sync;
        if (op != 4 && (status == VELOZ_OK) != owner)
            wrong_answer++; /* a made-up, dead or wrong-type handle never resolves; the right one always does */
    }
    CHECK(unknown_status == 0);
    CHECK(wrong_answer == 0);
    veloz_histogram_stats stats = histogram_stats(histogram);
    CHECK(stats.count == 10 && stats.min == 1234);
    CHECK(sample_count(sync, 3) == 1);
    veloz_histogram_destroy(histogram);
    veloz_time_sync_destroy(sync);
}

int main(int argc, char** argv)
{
    uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 10) : (uint64_t)time(NULL);

    test_version();
    test_status_names();
    test_last_error_message();
    test_last_error_is_per_thread();
    test_owner_thread();
    test_clock();
    test_time_sync_lifecycle();
    test_time_sync_hostile();
    test_histogram_lifecycle();
    test_histogram_hostile();
    test_other_handle_types();
    test_random_handles(seed);

    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
