/* What one order costs through VeloZ's C ABI: 100,000 bids submitted to a matching book, cancelled and their
 * events drained, each round trip timed with VeloZ's TSC clock into a VeloZ histogram. The "floor" line is the
 * same timing around nothing (two clock reads), which every round trip includes.
 *
 *   cc -std=c11 -O2 order_latency.c $(pkg-config --cflags --libs veloz) -Wl,-rpath,$(pkg-config --variable=libdir veloz)
 */
#include <stdint.h>
#include <stdio.h>

#include <veloz.h>

enum { ORDERS = 100000 };

static int fail(const char* call, veloz_status status) {
    char message[256];
    veloz_last_error_message(message, sizeof message);
    fprintf(stderr, "%s: %s: %s\n", call, veloz_status_name(status), message);
    return 1;
}

static void print_row(const char* name, veloz_histogram* h) {
    const double percentiles[4] = { 50.0, 99.0, 99.9, 100.0 };
    int64_t ns[4] = { 0 };
    veloz_histogram_percentiles(h, percentiles, ns, 4);
    printf("%-32s p50 %5lld ns   p99 %5lld ns   p99.9 %6lld ns   max %7lld ns\n", name,
           (long long)ns[0], (long long)ns[1], (long long)ns[2], (long long)ns[3]);
}

int main(void) {
    veloz_book_config config = { .struct_size = sizeof config, .mode = VELOZ_BOOK_MODE_MATCHING };
    veloz_book* book = NULL;
    veloz_histogram *round_trip = NULL, *floor = NULL;
    veloz_status status;
    if ((status = veloz_book_create(&config, &book)) != VELOZ_OK) return fail("veloz_book_create", status);
    /* NULL config: 3 significant digits, 1 ns .. 1 h */
    if ((status = veloz_histogram_create(NULL, &round_trip)) != VELOZ_OK) return fail("veloz_histogram_create", status);
    if ((status = veloz_histogram_create(NULL, &floor)) != VELOZ_OK) return fail("veloz_histogram_create", status);

    veloz_book_event events[16];
    int32_t written = 0;
    for (int64_t id = 1; id <= ORDERS; id++) {
        veloz_book_command bid = { .type = VELOZ_BOOK_COMMAND_SUBMIT, .side = VELOZ_SIDE_BUY,
                                   .order_id = id, .price = 10000 + id % 64, .quantity = 1 };
        int64_t start = veloz_clock_now_ns();
        if ((status = veloz_book_submit(book, &bid)) != VELOZ_OK) return fail("veloz_book_submit", status);
        if ((status = veloz_book_cancel(book, id)) != VELOZ_OK) return fail("veloz_book_cancel", status);
        veloz_book_drain_events(book, events, 16, &written); /* accepted, level changed, done, level changed */
        veloz_histogram_record(round_trip, veloz_clock_now_ns() - start);

        start = veloz_clock_now_ns();
        veloz_histogram_record(floor, veloz_clock_now_ns() - start);
    }
    printf("libveloz %u.%u.%u: %d orders submitted, cancelled and drained, one at a time\n",
           veloz_version() >> 16, (veloz_version() >> 8) & 0xFF, veloz_version() & 0xFF, ORDERS);
    print_row("submit + cancel + drain", round_trip);
    print_row("floor (clock read pair)", floor);
    veloz_histogram_destroy(floor);
    veloz_histogram_destroy(round_trip);
    veloz_book_destroy(book);
    return 0;
}
