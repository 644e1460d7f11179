/*
 * VeloZ order book C ABI test: a C11 program that includes the generated veloz.h, links libveloz.so and calls
 * every veloz_book_* and veloz_depth_* export (include/veloz.h): lifecycle and configs, matching, every
 * single-command function and its reject statuses, batches through veloz_book_apply with event buffers of
 * capacity 0 and 1 that must lose nothing, hostile input (NULL, destroyed and wrong-type handles, NULL out
 * pointers, negative sizes), a reader thread on veloz_book_read_top while this thread applies, the depth book,
 * and the cross-language golden hash of tests/data/lobster_amzn_20000.hash (LOBSTER AMZN replay).
 * Prints "N passed, N failed" and exits non-zero on any failure.
 *
 * Build and run from the repository root:
 *   gcc -std=c11 -Wall -Wextra -Werror -pedantic -O1 -Iinclude tests/c/book_test.c -o build/c/book_test \
 *       -Lartifacts/lib -lveloz -Wl,-rpath,$PWD/artifacts/lib
 *   build/c/book_test [seed]
 * Environment: VELOZ_DATA (the LOBSTER folder, default $VELOZ_ROOT/data), VELOZ_ROOT (the repository root, default .).
 */
#include "veloz.h"
#include "check.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if !defined(__STDC_NO_THREADS__) && !defined(__STDC_NO_ATOMICS__)
#include <stdatomic.h>
#include <threads.h>
#define BOOK_TEST_THREADS 1
#endif

/* The book struct layouts, written out by hand and checked independently of the header's own static asserts. */
_Static_assert(sizeof(veloz_book_command) == 64, "veloz_book_command size");
_Static_assert(offsetof(veloz_book_command, owner) == 8, "veloz_book_command.owner");
_Static_assert(offsetof(veloz_book_command, order_id) == 16, "veloz_book_command.order_id");
_Static_assert(offsetof(veloz_book_command, quantity) == 40, "veloz_book_command.quantity");
_Static_assert(sizeof(veloz_book_event) == 64, "veloz_book_event size");
_Static_assert(offsetof(veloz_book_event, order_count) == 8, "veloz_book_event.order_count");
_Static_assert(offsetof(veloz_book_event, sequence) == 16, "veloz_book_event.sequence");
_Static_assert(offsetof(veloz_book_event, remaining_quantity) == 56, "veloz_book_event.remaining_quantity");
_Static_assert(sizeof(veloz_level) == 24, "veloz_level size");
_Static_assert(sizeof(veloz_top_of_book) == 56, "veloz_top_of_book size");
_Static_assert(offsetof(veloz_top_of_book, sequence) == 48, "veloz_top_of_book.sequence");
_Static_assert(sizeof(veloz_order_info) == 48, "veloz_order_info size");
_Static_assert(sizeof(veloz_depth_update) == 32, "veloz_depth_update size");
_Static_assert(offsetof(veloz_depth_update, side) == 24, "veloz_depth_update.side");
_Static_assert(offsetof(veloz_book_stats, order_count) == 8, "veloz_book_stats.order_count");
_Static_assert(offsetof(veloz_depth_state, status) == 8, "veloz_depth_state.status");
_Static_assert(sizeof(veloz_book_config) == 48, "veloz_book_config size");
_Static_assert(offsetof(veloz_book_config, min_price) == 32, "veloz_book_config.min_price");
_Static_assert(sizeof(veloz_depth_config) == 16, "veloz_depth_config size");

/* xorshift64*: the seeded random source of the randomized parts. */
static uint64_t g_random;

static uint64_t next_random(void)
{
    g_random ^= g_random >> 12;
    g_random ^= g_random << 25;
    g_random ^= g_random >> 27;
    return g_random * 0x2545F4914F6CDD1DULL;
}

static int64_t random_in(int64_t low, int64_t high) /* inclusive */
{
    return low + (int64_t)(next_random() % (uint64_t)(high - low + 1));
}

/* ------------------------------------------------------------------------------------------------ */
/* Helpers                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

static veloz_book_config book_config(veloz_book_mode mode, int32_t snapshot_depth)
{
    veloz_book_config config;
    memset(&config, 0, sizeof config);
    config.struct_size = sizeof config;
    config.mode = mode;
    config.snapshot_depth = snapshot_depth;
    return config;
}

static veloz_book* new_book(veloz_book_mode mode, int32_t snapshot_depth)
{
    veloz_book_config config = book_config(mode, snapshot_depth);
    veloz_book* book = NULL;
    EXPECT(VELOZ_OK, veloz_book_create, (&config, &book));
    CHECK(book != NULL);
    return book;
}

static veloz_book_command limit_order(int64_t id, veloz_side side, int64_t price, int64_t quantity)
{
    veloz_book_command c;
    memset(&c, 0, sizeof c);
    c.type = VELOZ_BOOK_COMMAND_SUBMIT;
    c.side = (uint8_t)side;
    c.order_type = VELOZ_ORDER_TYPE_LIMIT;
    c.time_in_force = VELOZ_TIME_IN_FORCE_GTC;
    c.order_id = id;
    c.price = price;
    c.quantity = quantity;
    return c;
}

static veloz_book_command simple_command(veloz_book_command_type type, int64_t id, int64_t price, int64_t quantity)
{
    veloz_book_command c;
    memset(&c, 0, sizeof c);
    c.type = (uint8_t)type;
    c.order_id = id;
    c.price = price;
    c.quantity = quantity;
    return c;
}

static uint64_t hash_of(veloz_book* book)
{
    uint64_t hash = 0;
    EXPECT(VELOZ_OK, veloz_book_hash, (book, &hash));
    return hash;
}

static veloz_book_stats stats_of(veloz_book* book)
{
    veloz_book_stats stats;
    memset(&stats, 0, sizeof stats);
    stats.struct_size = sizeof stats;
    EXPECT(VELOZ_OK, veloz_book_get_stats, (book, &stats));
    return stats;
}

/* Drains every queued event into `out` (up to `max`); returns how many there were. */
static int drain_all(veloz_book* book, veloz_book_event* out, int max)
{
    int total = 0;
    veloz_book_event chunk[5];
    for (;;) {
        int32_t written = -1;
        EXPECT(VELOZ_OK, veloz_book_drain_events, (book, chunk, 5, &written));
        if (written <= 0)
            return total;
        for (int i = 0; i < written; i++) {
            if (total < max)
                out[total] = chunk[i];
            total++;
        }
    }
}

/* ------------------------------------------------------------------------------------------------ */
/* Lifecycle and configuration                                                                       */
/* ------------------------------------------------------------------------------------------------ */

static void test_lifecycle(void)
{
    veloz_book* book = NULL;
    EXPECT(VELOZ_OK, veloz_book_create, (NULL, &book));
    CHECK(book != NULL);
    veloz_book_command order = limit_order(1, VELOZ_SIDE_BUY, 100, 5);
    EXPECT(VELOZ_OK, veloz_book_submit, (book, &order));
    veloz_top_of_book top;
    EXPECT(VELOZ_E_STATE, veloz_book_read_top, (book, &top)); /* snapshot_depth 0 */
    veloz_book_destroy(book);
    uint64_t hash;
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_hash, (book, &hash));
    CHECK(veloz_book_pending_events(book) == 0);
    veloz_book_destroy(book); /* twice: no-op */
    veloz_book_destroy(NULL);

    veloz_book_config config = book_config(VELOZ_BOOK_MODE_MATCHING, 0);
    veloz_book* out = (veloz_book*)&config; /* garbage that create must clear */
    config.mode = 7;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_create, (&config, &out));
    CHECK(out == NULL);
    CHECK(strstr(last_error(), "mode") != NULL);
    config = book_config(VELOZ_BOOK_MODE_MATCHING, 0);
    config.price_window_ticks = 1000;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_create, (&config, &out));
    config = book_config(VELOZ_BOOK_MODE_MATCHING, 0);
    config.flags = 0x80;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_create, (&config, &out));
    config = book_config(VELOZ_BOOK_MODE_MATCHING, 0);
    config.struct_size = 0;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_create, (&config, &out));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_create, (NULL, NULL));

    /* An older caller's smaller struct: only struct_size and mode are read. */
    config = book_config(VELOZ_BOOK_MODE_MIRROR, 0);
    config.struct_size = 8;
    config.expected_orders = -1;
    EXPECT(VELOZ_OK, veloz_book_create, (&config, &out));
    veloz_book_command add = simple_command(VELOZ_BOOK_COMMAND_ADD, 1, 100, 10);
    add.side = VELOZ_SIDE_SELL;
    EXPECT(VELOZ_OK, veloz_book_submit, (out, &add));
    EXPECT(VELOZ_OK, veloz_book_execute, (out, 1, 4));
    veloz_order_info info;
    EXPECT(VELOZ_OK, veloz_book_order, (out, 1, &info));
    CHECK(info.remaining_quantity == 6 && info.side == VELOZ_SIDE_SELL);
    veloz_book_destroy(out);
}

/* ------------------------------------------------------------------------------------------------ */
/* Matching and the single-command functions                                                         */
/* ------------------------------------------------------------------------------------------------ */

static void test_matching(void)
{
    veloz_book* book = new_book(VELOZ_BOOK_MODE_MATCHING, 2);
    veloz_book_command sell = limit_order(1, VELOZ_SIDE_SELL, 101, 10);
    veloz_book_command buy = limit_order(2, VELOZ_SIDE_BUY, 102, 4);
    EXPECT(VELOZ_OK, veloz_book_submit, (book, &sell));
    EXPECT(VELOZ_OK, veloz_book_submit, (book, &buy));
    CHECK(veloz_book_pending_events(book) == 6);
    veloz_book_event events[16];
    int n = drain_all(book, events, 16);
    CHECK(n == 6);
    CHECK(events[0].type == VELOZ_BOOK_EVENT_ACCEPTED && events[0].order_id == 1 && events[0].sequence == 1);
    CHECK(events[1].type == VELOZ_BOOK_EVENT_LEVEL_CHANGED && (events[1].flags & VELOZ_BOOK_EVENT_FLAGS_TOP_OF_BOOK));
    CHECK(events[3].type == VELOZ_BOOK_EVENT_TRADE && events[3].order_id == 1 && events[3].other_order_id == 2 &&
          events[3].price == 101 && events[3].quantity == 4 && events[3].remaining_quantity == 6 &&
          events[3].side == VELOZ_SIDE_BUY && events[3].command_type == VELOZ_BOOK_COMMAND_SUBMIT);
    CHECK(events[5].type == VELOZ_BOOK_EVENT_ORDER_DONE && events[5].reason == VELOZ_ORDER_DONE_FILLED && events[5].order_id == 2);

    veloz_top_of_book top, published;
    EXPECT(VELOZ_OK, veloz_book_best, (book, &top));
    CHECK(top.ask.price == 101 && top.ask.quantity == 6 && top.ask.order_count == 1 && top.bid.quantity == 0 && top.sequence == 2);
    EXPECT(VELOZ_OK, veloz_book_read_top, (book, &published));
    CHECK(memcmp(&top, &published, sizeof top) == 0);

    /* A deeper book; depth, read_levels, order, reduce, modify, replace, cancel. */
    for (int i = 0; i < 4; i++) {
        veloz_book_command bid = limit_order(10 + i, VELOZ_SIDE_BUY, 99 - i, 10 + i);
        EXPECT(VELOZ_OK, veloz_book_submit, (book, &bid));
    }
    veloz_book_command second = limit_order(20, VELOZ_SIDE_BUY, 99, 7);
    EXPECT(VELOZ_OK, veloz_book_submit, (book, &second));
    veloz_level levels[8];
    int32_t written = -1;
    EXPECT(VELOZ_OK, veloz_book_depth, (book, VELOZ_SIDE_BUY, levels, 8, &written));
    CHECK(written == 4 && levels[0].price == 99 && levels[0].quantity == 17 && levels[0].order_count == 2 && levels[3].price == 96);
    EXPECT(VELOZ_OK, veloz_book_depth, (book, VELOZ_SIDE_BUY, levels, 2, &written));
    CHECK(written == 2 && levels[1].price == 98);
    EXPECT(VELOZ_OK, veloz_book_depth, (book, VELOZ_SIDE_SELL, NULL, 0, &written));
    CHECK(written == 0);
    veloz_level bids[4], asks[4];
    int32_t bid_count = -1, ask_count = -1;
    EXPECT(VELOZ_OK, veloz_book_read_levels, (book, bids, asks, 4, &bid_count, &ask_count));
    CHECK(bid_count == 2 && ask_count == 1 && bids[1].price == 98 && asks[0].quantity == 6);

    veloz_order_info info;
    EXPECT(VELOZ_OK, veloz_book_order, (book, 20, &info));
    CHECK(info.order_id == 20 && info.quantity_ahead == 10 && info.orders_ahead == 1 && info.price == 99 && info.side == VELOZ_SIDE_BUY);
    EXPECT(VELOZ_OK, veloz_book_reduce, (book, 10, 4));
    EXPECT(VELOZ_OK, veloz_book_order, (book, 20, &info));
    CHECK(info.quantity_ahead == 6 && info.orders_ahead == 1);
    EXPECT(VELOZ_OK, veloz_book_modify, (book, 10, 99, 9)); /* more quantity: loses priority */
    EXPECT(VELOZ_OK, veloz_book_order, (book, 10, &info));
    CHECK(info.orders_ahead == 1 && info.remaining_quantity == 9);
    EXPECT(VELOZ_OK, veloz_book_replace, (book, 11, 31, 97, 2));
    EXPECT(VELOZ_E_NOT_FOUND, veloz_book_order, (book, 11, &info));
    EXPECT(VELOZ_OK, veloz_book_order, (book, 31, &info));
    CHECK(info.price == 97 && info.remaining_quantity == 2);
    EXPECT(VELOZ_OK, veloz_book_cancel, (book, 31));

    veloz_book_stats stats = stats_of(book);
    CHECK(stats.order_count == 5 && stats.trade_count == 1 && stats.trade_volume == 4 && stats.bid_level_count == 3 &&
          stats.ask_level_count == 1 && stats.rejected_count == 0 && stats.command_count == 11);
    /* A smaller struct_size: only those bytes are written. */
    veloz_book_stats small;
    memset(&small, 0xAB, sizeof small);
    small.struct_size = 16;
    EXPECT(VELOZ_OK, veloz_book_get_stats, (book, &small));
    CHECK(small.struct_size == 16 && small.order_count == 5 && small.command_count == (int64_t)0xABABABABABABABABULL);
    veloz_book_destroy(book);
}

static void test_rejects(void)
{
    veloz_book* book = new_book(VELOZ_BOOK_MODE_MATCHING, 0);
    veloz_book_command resting = limit_order(1, VELOZ_SIDE_SELL, 101, 10);
    resting.owner = 5;
    EXPECT(VELOZ_OK, veloz_book_submit, (book, &resting));
    veloz_book_event events[64];
    (void)drain_all(book, events, 64);
    uint64_t hash = hash_of(book);

    veloz_book_command post_only = limit_order(2, VELOZ_SIDE_BUY, 101, 1);
    post_only.flags = VELOZ_ORDER_FLAGS_POST_ONLY;
    EXPECT(VELOZ_E_REJECTED, veloz_book_submit, (book, &post_only));
    CHECK(strstr(last_error(), "VELOZ_BOOK_REJECT_POST_ONLY_WOULD_CROSS") != NULL);
    veloz_book_command fok = limit_order(2, VELOZ_SIDE_BUY, 101, 11);
    fok.time_in_force = VELOZ_TIME_IN_FORCE_FOK;
    EXPECT(VELOZ_E_REJECTED, veloz_book_submit, (book, &fok));
    veloz_book_command market = limit_order(2, VELOZ_SIDE_SELL, 0, 1);
    market.order_type = VELOZ_ORDER_TYPE_MARKET;
    market.time_in_force = VELOZ_TIME_IN_FORCE_IOC;
    EXPECT(VELOZ_E_REJECTED, veloz_book_submit, (book, &market));
    veloz_book_command self = limit_order(2, VELOZ_SIDE_BUY, 101, 1);
    self.owner = 5;
    EXPECT(VELOZ_E_REJECTED, veloz_book_submit, (book, &self));
    EXPECT(VELOZ_E_REJECTED, veloz_book_execute, (book, 1, 1));
    veloz_book_command duplicate = limit_order(1, VELOZ_SIDE_BUY, 90, 1);
    EXPECT(VELOZ_E_DUPLICATE, veloz_book_submit, (book, &duplicate));
    veloz_book_command zero = limit_order(3, VELOZ_SIDE_BUY, 90, 0);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_submit, (book, &zero));
    veloz_book_command negative = limit_order(3, VELOZ_SIDE_BUY, 90, -4);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_submit, (book, &negative));
    veloz_book_command cheap = limit_order(3, VELOZ_SIDE_BUY, 0, 1);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_submit, (book, &cheap));
    CHECK(strstr(last_error(), "VELOZ_BOOK_REJECT_INVALID_PRICE") != NULL);
    veloz_book_command sideless = limit_order(3, 0, 90, 1);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_submit, (book, &sideless));
    EXPECT(VELOZ_E_NOT_FOUND, veloz_book_cancel, (book, 99));
    EXPECT(VELOZ_E_NOT_FOUND, veloz_book_reduce, (book, 99, 1));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_reduce, (book, 1, 11));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_modify, (book, 1, 101, 0));
    EXPECT(VELOZ_E_DUPLICATE, veloz_book_replace, (book, 1, 1, 101, 1));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_cancel, (book, 0));
    CHECK(hash_of(book) == hash);

    /* Each reject queued exactly one Rejected event. */
    int n = drain_all(book, events, 64);
    CHECK(n == 16);
    int rejected = 0;
    for (int i = 0; i < n && i < 64; i++)
        rejected += events[i].type == VELOZ_BOOK_EVENT_REJECTED;
    CHECK(rejected == 16);
    CHECK(events[0].reason == VELOZ_BOOK_REJECT_POST_ONLY_WOULD_CROSS && events[5].reason == VELOZ_BOOK_REJECT_DUPLICATE_ID);

    /* A command type that is not a new order: refused at the boundary, no event, no sequence number. */
    veloz_book_stats before = stats_of(book);
    veloz_book_command cancel = simple_command(VELOZ_BOOK_COMMAND_CANCEL, 1, 0, 0);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_submit, (book, &cancel));
    CHECK(veloz_book_pending_events(book) == 0 && stats_of(book).command_count == before.command_count);
    veloz_book_destroy(book);
}

/* ------------------------------------------------------------------------------------------------ */
/* veloz_book_apply never loses an event                                                            */
/* ------------------------------------------------------------------------------------------------ */

#define FLOW_COMMANDS 3000
#define MAX_EVENTS (FLOW_COMMANDS * 12)

static veloz_book_command g_flow[FLOW_COMMANDS];
static veloz_book_event g_expected[MAX_EVENTS];
static veloz_book_event g_actual[MAX_EVENTS];

static void make_flow(void)
{
    int64_t next_id = 1;
    for (int i = 0; i < FLOW_COMMANDS; i++) {
        veloz_side side = (next_random() & 1) ? VELOZ_SIDE_BUY : VELOZ_SIDE_SELL;
        int64_t price = random_in(990, 1010), quantity = random_in(1, 20), some_id = random_in(1, next_id + 1);
        int kind = (int)random_in(0, 9);
        if (kind < 5) {
            g_flow[i] = limit_order(next_id++, side, price, quantity);
            if (kind == 4)
                g_flow[i].time_in_force = VELOZ_TIME_IN_FORCE_IOC;
        } else if (kind < 7) {
            g_flow[i] = simple_command(VELOZ_BOOK_COMMAND_CANCEL, some_id, 0, 0);
        } else if (kind == 7) {
            g_flow[i] = simple_command(VELOZ_BOOK_COMMAND_REDUCE, some_id, 0, random_in(1, 4));
        } else if (kind == 8) {
            g_flow[i] = simple_command(VELOZ_BOOK_COMMAND_MODIFY, some_id, price, quantity);
        } else {
            g_flow[i] = simple_command(VELOZ_BOOK_COMMAND_REPLACE, some_id, price, quantity);
            g_flow[i].new_order_id = next_id++;
        }
    }
}

/* Applies the flow with `capacity` events per call; returns the number of events (all drained). */
static int run_flow(int32_t capacity, uint64_t* hash, int* calls)
{
    veloz_book* book = new_book(VELOZ_BOOK_MODE_MATCHING, 0);
    veloz_book_event buffer[512];
    int total = 0, position = 0;
    *calls = 0;
    while (position < FLOW_COMMANDS) {
        int32_t consumed = -1, written = -1;
        veloz_status status = veloz_book_apply(book, g_flow + position, FLOW_COMMANDS - position, &consumed,
                                               capacity == 0 ? NULL : buffer, capacity, &written);
        (*calls)++;
        if (status != VELOZ_OK || consumed < 1 || written < 0 || written > capacity) {
            CHECK(!"veloz_book_apply made progress within its buffer");
            printf("  apply returned %s, consumed %d, written %d, capacity %d\n", veloz_status_name(status), (int)consumed, (int)written, (int)capacity);
            break;
        }
        for (int i = 0; i < written && total < MAX_EVENTS; i++)
            g_actual[total++] = buffer[i];
        position += consumed;
    }
    total += drain_all(book, g_actual + total, MAX_EVENTS - total);
    CHECK(veloz_book_pending_events(book) == 0);
    *hash = hash_of(book);
    veloz_book_destroy(book);
    return total;
}

static void test_apply_loses_no_event(void)
{
    make_flow();
    uint64_t expected_hash, hash;
    int calls;
    int expected = run_flow(512, &expected_hash, &calls);
    memcpy(g_expected, g_actual, sizeof(veloz_book_event) * (size_t)(expected < MAX_EVENTS ? expected : MAX_EVENTS));
    printf("apply: %d commands -> %d events (%d calls with capacity 512)\n", FLOW_COMMANDS, expected, calls);
    CHECK(expected > FLOW_COMMANDS && expected < MAX_EVENTS);
    static const int32_t capacities[] = {1, 0, 3};
    for (size_t k = 0; k < sizeof capacities / sizeof capacities[0]; k++) {
        int got = run_flow(capacities[k], &hash, &calls);
        CHECK(got == expected);
        CHECK(hash == expected_hash);
        CHECK(memcmp(g_actual, g_expected, sizeof(veloz_book_event) * (size_t)(got < expected ? got : expected)) == 0);
        if (capacities[k] == 0)
            CHECK(calls == FLOW_COMMANDS); /* one command per call when no event fits */
    }
}

/* ------------------------------------------------------------------------------------------------ */
/* Hostile input                                                                                     */
/* ------------------------------------------------------------------------------------------------ */

static void test_hostile(void)
{
    veloz_book* book = new_book(VELOZ_BOOK_MODE_MATCHING, 1);
    for (int i = 0; i < 5; i++) {
        veloz_book_command c = limit_order(1 + i, VELOZ_SIDE_BUY, 100 - i, 3);
        EXPECT(VELOZ_OK, veloz_book_submit, (book, &c));
    }
    veloz_book_event sink[16];
    (void)drain_all(book, sink, 16);
    uint64_t hash = hash_of(book);
    veloz_book_stats stats = stats_of(book);

    veloz_book* dead = new_book(VELOZ_BOOK_MODE_MATCHING, 0);
    veloz_book_destroy(dead);
    veloz_histogram* histogram = NULL;
    EXPECT(VELOZ_OK, veloz_histogram_create, (NULL, &histogram));
    veloz_depth* depth = NULL;
    EXPECT(VELOZ_OK, veloz_depth_create, (NULL, &depth));
    veloz_book* wrong[] = {NULL, dead, (veloz_book*)(void*)histogram, (veloz_book*)(void*)depth, (veloz_book*)(uintptr_t)0x12345678u};

    for (size_t k = 0; k < sizeof wrong / sizeof wrong[0]; k++) {
        veloz_book* h = wrong[k];
        veloz_book_command c = limit_order(50, VELOZ_SIDE_BUY, 10, 1);
        veloz_book_event events[2];
        veloz_top_of_book top;
        veloz_level levels[2];
        veloz_order_info info;
        veloz_book_stats s;
        s.struct_size = sizeof s;
        int32_t a, b;
        uint64_t x;
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_submit, (h, &c));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_cancel, (h, 1));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_reduce, (h, 1, 1));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_modify, (h, 1, 100, 1));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_replace, (h, 1, 60, 100, 1));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_execute, (h, 1, 1));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_apply, (h, &c, 1, &a, events, 2, &b));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_drain_events, (h, events, 2, &a));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_best, (h, &top));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_depth, (h, VELOZ_SIDE_BUY, levels, 2, &a));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_order, (h, 1, &info));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_hash, (h, &x));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_get_stats, (h, &s));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_read_top, (h, &top));
        EXPECT(VELOZ_E_INVALID_HANDLE, veloz_book_read_levels, (h, levels, levels, 2, &a, &b));
        CHECK(veloz_book_pending_events(h) == 0);
    }
    /* The book's handle where a depth book or a histogram is expected. */
    veloz_depth_state state;
    state.struct_size = sizeof state;
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_depth_get_state, ((veloz_depth*)(void*)book, &state));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_histogram_record, ((veloz_histogram*)(void*)book, 1));
    veloz_depth_destroy((veloz_depth*)(void*)book); /* wrong type: no-op */
    veloz_histogram_destroy((veloz_histogram*)(void*)book);

    /* NULL outs and bad sizes on the live book. */
    veloz_book_command c = limit_order(50, VELOZ_SIDE_BUY, 10, 1);
    veloz_book_event events[2];
    veloz_level levels[2];
    int32_t a = -9, b = -9;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_submit, (book, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_apply, (book, &c, 1, NULL, events, 2, &b));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_apply, (book, &c, 1, &a, events, 2, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_apply, (book, &c, -1, &a, events, 2, &b));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_apply, (book, NULL, 1, &a, events, 2, &b));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_apply, (book, &c, 1, &a, events, -1, &b));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_apply, (book, &c, 1, &a, NULL, 2, &b));
    CHECK(a == -9 && b == -9);
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_drain_events, (book, NULL, 2, &a));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_drain_events, (book, events, 2, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_best, (book, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_depth, (book, 3, levels, 2, &a));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_depth, (book, VELOZ_SIDE_BUY, levels, -2, &a));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_depth, (book, VELOZ_SIDE_BUY, NULL, 2, &a));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_order, (book, 1, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_hash, (book, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_get_stats, (book, NULL));
    veloz_book_stats zero_size;
    zero_size.struct_size = 0;
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_get_stats, (book, &zero_size));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_read_top, (book, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_read_levels, (book, NULL, levels, 2, &a, &b));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_book_read_levels, (book, levels, levels, 2, NULL, &b));
    /* Capacity-0 buffers are fine. */
    EXPECT(VELOZ_OK, veloz_book_drain_events, (book, NULL, 0, &a));
    CHECK(a == 0);
    EXPECT(VELOZ_OK, veloz_book_read_levels, (book, NULL, NULL, 0, &a, &b));
    CHECK(a == 0 && b == 0);

    CHECK(hash_of(book) == hash);
    veloz_book_stats after = stats_of(book);
    CHECK(memcmp(&after, &stats, sizeof stats) == 0);
    CHECK(veloz_book_pending_events(book) == 0);

    veloz_histogram_destroy(histogram);
    veloz_depth_destroy(depth);
    veloz_book_destroy(book);
}

/* ------------------------------------------------------------------------------------------------ */
/* read_top from another thread                                                                      */
/* ------------------------------------------------------------------------------------------------ */

#ifdef BOOK_TEST_THREADS
struct reader_state {
    veloz_book* book;
    atomic_int done;
    long reads;
    long bad;
    long two_sided;
};

/* Every order at price p has quantity 3p + 1, so a level's quantity is a multiple of it: a torn level shows. */
static int64_t quantity_at(int64_t price)
{
    return price * 3 + 1;
}

static int reader_thread(void* argument)
{
    struct reader_state* state = argument;
    int64_t previous = 0;
    while (!atomic_load(&state->done)) {
        veloz_top_of_book top;
        if (veloz_book_read_top(state->book, &top) != VELOZ_OK) {
            state->bad++;
            continue;
        }
        int torn = top.sequence < previous;
        if (top.bid.quantity != 0)
            torn |= top.bid.quantity != top.bid.order_count * quantity_at(top.bid.price);
        if (top.ask.quantity != 0)
            torn |= top.ask.quantity != top.ask.order_count * quantity_at(top.ask.price);
        if (top.bid.quantity != 0 && top.ask.quantity != 0) {
            state->two_sided++;
            torn |= top.bid.price >= top.ask.price;
        }
        state->bad += torn;
        previous = top.sequence;
        state->reads++;
    }
    return 0;
}

/* Adds eight orders on one side from `best` away from the spread; returns the first id used. */
static int64_t add_side(veloz_book* book, int64_t* next_id, veloz_side side, int64_t best)
{
    int64_t first = *next_id;
    for (int i = 0; i < 8; i++) {
        int64_t price = side == VELOZ_SIDE_BUY ? best - i : best + i;
        veloz_book_command c = limit_order((*next_id)++, side, price, quantity_at(price));
        int32_t consumed, written;
        veloz_book_event events[8];
        (void)veloz_book_apply(book, &c, 1, &consumed, events, 8, &written);
    }
    return first;
}

static void cancel_side(veloz_book* book, int64_t first)
{
    for (int64_t id = first; id < first + 8; id++) {
        veloz_book_command c = simple_command(VELOZ_BOOK_COMMAND_CANCEL, id, 0, 0);
        int32_t consumed, written;
        veloz_book_event events[8];
        (void)veloz_book_apply(book, &c, 1, &consumed, events, 8, &written);
    }
}

static void test_read_top_from_another_thread(void)
{
    struct reader_state state;
    state.book = new_book(VELOZ_BOOK_MODE_MATCHING, 2);
    atomic_init(&state.done, 0);
    state.reads = state.bad = state.two_sided = 0;
    thrd_t thread;
    CHECK(thrd_create(&thread, reader_thread, &state) == thrd_success);

    /* Swing between bids 1999/asks 2000 and bids 999/asks 1000, uncrossed after every command. */
    int64_t next_id = 1;
    int64_t bids = add_side(state.book, &next_id, VELOZ_SIDE_BUY, 1999);
    int64_t asks = add_side(state.book, &next_id, VELOZ_SIDE_SELL, 2000);
    for (int cycle = 0; cycle < 2000; cycle++) {
        if (cycle % 2 == 0) {
            cancel_side(state.book, bids);
            int64_t low_asks = add_side(state.book, &next_id, VELOZ_SIDE_SELL, 1000);
            cancel_side(state.book, asks);
            asks = low_asks;
            bids = add_side(state.book, &next_id, VELOZ_SIDE_BUY, 999);
        } else {
            cancel_side(state.book, asks);
            int64_t high_bids = add_side(state.book, &next_id, VELOZ_SIDE_BUY, 1999);
            cancel_side(state.book, bids);
            bids = high_bids;
            asks = add_side(state.book, &next_id, VELOZ_SIDE_SELL, 2000);
        }
    }
    atomic_store(&state.done, 1);
    CHECK(thrd_join(thread, NULL) == thrd_success);
    printf("read_top: %ld reads (%ld two-sided) while %" PRId64 " commands were applied\n", state.reads, state.two_sided, stats_of(state.book).command_count);
    CHECK(state.reads > 0);
    CHECK(state.bad == 0);
    veloz_book_stats stats = stats_of(state.book);
    CHECK(stats.trade_count == 0 && stats.rejected_count == 0 && stats.command_count == 16 + 2000 * 32);
    veloz_book_destroy(state.book);
}
#endif

/* ------------------------------------------------------------------------------------------------ */
/* Depth book                                                                                        */
/* ------------------------------------------------------------------------------------------------ */

static veloz_depth_update depth_update(int64_t sequence, veloz_side side, int64_t price, int64_t quantity)
{
    veloz_depth_update u;
    memset(&u, 0, sizeof u);
    u.sequence = sequence;
    u.side = (uint8_t)side;
    u.price = price;
    u.quantity = quantity;
    return u;
}

static veloz_depth_state state_of(veloz_depth* depth)
{
    veloz_depth_state state;
    memset(&state, 0, sizeof state);
    state.struct_size = sizeof state;
    EXPECT(VELOZ_OK, veloz_depth_get_state, (depth, &state));
    return state;
}

static void test_depth(void)
{
    veloz_depth_config config;
    memset(&config, 0, sizeof config);
    config.struct_size = sizeof config;
    config.snapshot_depth = 2;
    veloz_depth* depth = NULL;
    EXPECT(VELOZ_OK, veloz_depth_create, (&config, &depth));
    CHECK(state_of(depth).status == VELOZ_DEPTH_STATUS_EMPTY);

    veloz_depth_update updates[4] = {
        depth_update(1, VELOZ_SIDE_BUY, 100, 5), depth_update(2, VELOZ_SIDE_SELL, 101, 7),
        depth_update(3, VELOZ_SIDE_BUY, 99, 2), depth_update(4, VELOZ_SIDE_BUY, 100, 6),
    };
    int32_t applied = -1;
    EXPECT(VELOZ_OK, veloz_depth_apply, (depth, updates, 4, &applied));
    CHECK(applied == 4);
    veloz_top_of_book top, published;
    EXPECT(VELOZ_OK, veloz_depth_best, (depth, &top));
    CHECK(top.bid.price == 100 && top.bid.quantity == 6 && top.ask.price == 101 && top.sequence == 4);
    EXPECT(VELOZ_OK, veloz_depth_read_top, (depth, &published));
    CHECK(memcmp(&top, &published, sizeof top) == 0);
    veloz_level levels[4];
    int32_t written = -1;
    EXPECT(VELOZ_OK, veloz_depth_levels, (depth, VELOZ_SIDE_BUY, levels, 4, &written));
    CHECK(written == 2 && levels[1].price == 99);
    veloz_level bids[2], asks[2];
    int32_t bid_count, ask_count;
    EXPECT(VELOZ_OK, veloz_depth_read_levels, (depth, bids, asks, 2, &bid_count, &ask_count));
    CHECK(bid_count == 2 && ask_count == 1 && bids[1].quantity == 2);

    /* Invalid update: the whole batch is refused. */
    veloz_depth_update bad[2] = {depth_update(5, VELOZ_SIDE_BUY, 98, 1), depth_update(6, VELOZ_SIDE_BUY, 97, -1)};
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_depth_apply, (depth, bad, 2, &applied));
    CHECK(applied == 0 && state_of(depth).last_sequence == 4);

    /* Gap: the prefix is applied, the book turns stale and refuses batches until a snapshot. */
    veloz_depth_update gap[3] = {depth_update(5, VELOZ_SIDE_BUY, 98, 1), depth_update(7, VELOZ_SIDE_BUY, 97, 1), depth_update(8, VELOZ_SIDE_BUY, 96, 1)};
    EXPECT(VELOZ_E_SEQUENCE_GAP, veloz_depth_apply, (depth, gap, 3, &applied));
    CHECK(applied == 1);
    veloz_depth_state state = state_of(depth);
    CHECK((state.status & VELOZ_DEPTH_STATUS_STALE) && state.last_sequence == 5 && state.gap_count == 1);
    EXPECT(VELOZ_E_STATE, veloz_depth_apply, (depth, gap + 1, 1, &applied));
    CHECK(applied == 0);
    veloz_level snapshot_bids[2] = {{100, 3, 1, 0}, {99, 4, 2, 0}};
    veloz_level snapshot_asks[1] = {{102, 5, 1, 0}};
    EXPECT(VELOZ_OK, veloz_depth_snapshot, (depth, snapshot_bids, 2, snapshot_asks, 1, 20));
    state = state_of(depth);
    CHECK(state.status == VELOZ_DEPTH_STATUS_OK && state.last_sequence == 20 && state.snapshot_sequence == 20);
    veloz_level unordered[2] = {{99, 3, 1, 0}, {100, 4, 2, 0}};
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_depth_snapshot, (depth, unordered, 2, NULL, 0, 30));
    CHECK(state_of(depth).last_sequence == 20);

    /* Hostile handles and arguments. */
    veloz_book* book = new_book(VELOZ_BOOK_MODE_MATCHING, 0);
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_depth_apply, ((veloz_depth*)(void*)book, updates, 1, &applied));
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_depth_best, (NULL, &top));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_depth_apply, (depth, NULL, 1, &applied));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_depth_apply, (depth, updates, 1, NULL));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_depth_levels, (depth, 0, levels, 4, &written));
    EXPECT(VELOZ_E_INVALID_ARGUMENT, veloz_depth_read_top, (depth, NULL));
    veloz_book_destroy(book);
    veloz_depth_destroy(depth);
    EXPECT(VELOZ_E_INVALID_HANDLE, veloz_depth_get_state, (depth, &state));
    veloz_depth_destroy(depth);
    veloz_depth_destroy(NULL);
}

/* ------------------------------------------------------------------------------------------------ */
/* The cross-language golden hash (tests/data/lobster_amzn_20000.hash)                               */
/* ------------------------------------------------------------------------------------------------ */

/* Applies the whole batch, events discarded (they are counted by the book, not needed here). */
static void apply_all(veloz_book* book, const veloz_book_command* commands, int count, veloz_book_event* events, int32_t capacity)
{
    int position = 0;
    while (position < count) {
        int32_t consumed = 0, written = 0;
        veloz_status status = veloz_book_apply(book, commands + position, count - position, &consumed, events, capacity, &written);
        if (status != VELOZ_OK) {
            CHECK(!"veloz_book_apply failed during the LOBSTER replay");
            return;
        }
        position += consumed;
    }
}

static void test_lobster_golden_hash(void)
{
    const char* root = getenv("VELOZ_ROOT");
    const char* data = getenv("VELOZ_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/lobster_amzn_20000.hash", root ? root : ".");
    FILE* golden = fopen(path, "r");
    CHECK(golden != NULL);
    if (golden == NULL) {
        printf("  cannot open %s (run from the repository root or set VELOZ_ROOT)\n", path);
        return;
    }
    long messages = 0;
    uint64_t expected = 0;
    char line[1024];
    while (fgets(line, sizeof line, golden) != NULL) {
        if (line[0] == '#')
            continue;
        const char* m = strstr(line, "messages=");
        const char* h = strstr(line, "hash=0x");
        if (m != NULL && h != NULL) {
            messages = strtol(m + 9, NULL, 10);
            expected = strtoull(h + 7, NULL, 16);
        }
    }
    fclose(golden);
    CHECK(messages > 0 && expected != 0);

    if (data != NULL && *data != '\0')
        snprintf(path, sizeof path, "%s/AMZN_2012-06-21_34200000_57600000_message_1.csv", data);
    else
        snprintf(path, sizeof path, "%s/data/AMZN_2012-06-21_34200000_57600000_message_1.csv", root ? root : ".");
    FILE* csv = fopen(path, "r");
    CHECK(csv != NULL);
    if (csv == NULL) {
        printf("  cannot open %s (run from the repository root, or set VELOZ_DATA to the LOBSTER folder)\n", path);
        return;
    }
    veloz_book* book = new_book(VELOZ_BOOK_MODE_MIRROR, 0);
    veloz_book_command batch[256];
    veloz_book_event events[256];
    int pending = 0;
    long read = 0;
    while (read < messages && fgets(line, sizeof line, csv) != NULL) {
        int type = 0, direction = 0;
        int64_t id = 0, size = 0, price = 0;
        if (sscanf(line, "%*[^,],%d,%" SCNd64 ",%" SCNd64 ",%" SCNd64 ",%d", &type, &id, &size, &price, &direction) != 5)
            continue;
        read++;
        veloz_book_command c;
        switch (type) {
        case 1:
            c = simple_command(VELOZ_BOOK_COMMAND_ADD, id, price, size);
            c.side = (uint8_t)(direction == 1 ? VELOZ_SIDE_BUY : VELOZ_SIDE_SELL);
            break;
        case 2: c = simple_command(VELOZ_BOOK_COMMAND_REDUCE, id, 0, size); break;
        case 3: c = simple_command(VELOZ_BOOK_COMMAND_DELETE, id, 0, 0); break;
        case 4: c = simple_command(VELOZ_BOOK_COMMAND_EXECUTE, id, 0, size); break;
        default: continue; /* 5, 6, 7: no command */
        }
        batch[pending++] = c;
        if (pending == 256) {
            apply_all(book, batch, pending, events, 256);
            pending = 0;
        }
    }
    fclose(csv);
    apply_all(book, batch, pending, events, 256);
    CHECK(read == messages);
    uint64_t hash = hash_of(book);
    veloz_book_stats stats = stats_of(book);
    printf("lobster: %ld messages, %" PRId64 " commands, %" PRId64 " orders resting, %" PRId64 " unknown ids, hash 0x%016" PRIx64 " (golden 0x%016" PRIx64 ")\n",
           read, stats.command_count, stats.order_count, stats.unknown_order_count, hash, expected);
    CHECK(hash == expected);
    veloz_book_destroy(book);
}

int main(int argc, char** argv)
{
    uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 10) : (uint64_t)time(NULL);
    printf("seed %" PRIu64 " (pass it as the argument to repeat)\n", seed);
    g_random = seed * 2 + 1;

    test_lifecycle();
    test_matching();
    test_rejects();
    test_apply_loses_no_event();
    test_hostile();
#ifdef BOOK_TEST_THREADS
    test_read_top_from_another_thread();
#else
    printf("no C11 threads: the reader-thread test is not compiled\n");
#endif
    test_depth();
    test_lobster_golden_hash();

    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
