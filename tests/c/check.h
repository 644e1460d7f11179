/*
 * The checking harness of the C ABI test programs in tests/c: pass/fail counters, CHECK for a condition,
 * and EXPECT for a call's status, which for an error also checks that veloz_last_error_message is not empty
 * and names the function. Each program prints "N passed, N failed" from g_passed and g_failed.
 */
#ifndef VELOZ_TESTS_C_CHECK_H
#define VELOZ_TESTS_C_CHECK_H

#include "veloz.h"

#include <stdio.h>
#include <string.h>

static int g_passed;
static int g_failed;

static void check_at(int ok, int line, const char* what)
{
    if (ok) {
        g_passed++;
    } else {
        g_failed++;
        printf("FAIL line %d: %s\n", line, what);
    }
}

#define CHECK(cond) check_at((cond) ? 1 : 0, __LINE__, #cond)

static const char* last_error(void)
{
    static char buffer[1024];
    buffer[0] = '\0';
    (void)veloz_last_error_message(buffer, (int32_t)sizeof buffer);
    return buffer;
}

/*
 * Checks that a call returned `want`. For an error it also checks that the last-error message is not empty
 * and names the function (`function` without its veloz_ prefix, e.g. "histogram_record").
 */
static void expect_status_at(veloz_status got, veloz_status want, const char* function, int line, const char* call)
{
    if (got != want) {
        g_failed++;
        printf("FAIL line %d: %s returned %d (%s), expected %d (%s); last error: \"%s\"\n", line, call, (int)got,
               veloz_status_name(got), (int)want, veloz_status_name(want), got != VELOZ_OK ? last_error() : "");
        return;
    }
    g_passed++;
    if (want == VELOZ_OK)
        return;
    const char* message = last_error();
    const char* name = strncmp(function, "veloz_", 6) == 0 ? function + 6 : function;
    if (message[0] == '\0') {
        g_failed++;
        printf("FAIL line %d: %s failed with %s but veloz_last_error_message is empty\n", line, call, veloz_status_name(got));
    } else if (strstr(message, name) == NULL) {
        g_failed++;
        printf("FAIL line %d: %s: last error \"%s\" does not name the function (%s)\n", line, call, message, name);
    } else {
        g_passed++;
    }
}

/* EXPECT(VELOZ_E_NOT_FOUND, veloz_book_cancel, (book, 7)) */
#define EXPECT(want, fn, args) expect_status_at(fn args, (want), #fn, __LINE__, #fn #args)

#endif
