/*
 * veloz.h: the C API of VeloZ, a low-latency trading core (libveloz.so).
 *
 * GENERATED FILE: DO NOT EDIT. tools/HeaderGen writes it from the exports of src/Interop
 * (the compiled VeloZ.Interop.dll and its XML doc comments); the build regenerates it and CI
 * fails when this copy differs. To change the API, change the exports, then run
 *   dotnet run --project tools/HeaderGen -c Release -- --interop <VeloZ.Interop.dll> --root <repository>
 *
 * Conventions: functions that can fail return veloz_status (VELOZ_OK is 0, errors are negative)
 * and write results through out pointers; veloz_last_error_message() explains the most recent
 * failure on the calling thread. Every function states its thread contract.
 */
#ifndef VELOZ_H
#define VELOZ_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__cplusplus)
#define VELOZ_STATIC_ASSERT(condition, message) static_assert(condition, message)
#else
#define VELOZ_STATIC_ASSERT(condition, message) _Static_assert(condition, message)
#endif

/* ---- Constants --------------------------------------------------------------------------- */

/** ABI major version; also the SONAME suffix (libveloz.so.0). */
#define VELOZ_VERSION_MAJOR 0
/** Minor version: additions that keep old callers working. */
#define VELOZ_VERSION_MINOR 1
/** Patch version: fixes only. */
#define VELOZ_VERSION_PATCH 0

/* ---- veloz_status ------------------------------------------------------------------------ */

/** Result of every export that can fail. 0 is success; errors are negative. */
typedef int32_t veloz_status;
enum {
    /** Success. */
    VELOZ_OK = 0,
    /** An argument is out of its documented range, or a required pointer is NULL. */
    VELOZ_E_INVALID_ARGUMENT = -1,
    /** The handle is NULL, destroyed, or of another object type. */
    VELOZ_E_INVALID_HANDLE = -2,
    /** The named item (order id, venue, key) does not exist. */
    VELOZ_E_NOT_FOUND = -3,
    /** The item already exists (for example an order id in use). */
    VELOZ_E_DUPLICATE = -4,
    /** A fixed capacity is exhausted (queue, pool, venue table). */
    VELOZ_E_FULL = -5,
    /** Nothing to take (empty queue or pool). */
    VELOZ_E_EMPTY = -6,
    /** Memory could not be allocated. */
    VELOZ_E_OUT_OF_MEMORY = -7,
    /** The caller's buffer is too small; where cheap, the needed size is reported. */
    VELOZ_E_BUFFER_TOO_SMALL = -8,
    /** The object is not in a state that allows the call. */
    VELOZ_E_STATE = -9,
    /** A bug inside VeloZ: an unexpected exception was caught at the boundary. */
    VELOZ_E_INTERNAL = -10,
    /** The operation is not supported on this platform or in this mode. */
    VELOZ_E_UNSUPPORTED = -11,
    /** A sequence number gap was detected (market data); the object is marked stale. */
    VELOZ_E_SEQUENCE_GAP = -12
};

/* ---- Functions: Common ------------------------------------------------------------------- */

/**
 * The library's version packed as (major << 16) | (minor << 8) | patch. Compare its major with
 * VELOZ_VERSION_MAJOR before using anything else.
 *
 * Thread safety: any thread, wait-free.
 */
uint32_t veloz_version(void);

/**
 * The name of a status code, for example "VELOZ_E_NOT_FOUND", as a static NUL-terminated string
 * that is never freed; "VELOZ_E_UNKNOWN" for a value that is not a status.
 *
 * Thread safety: any thread, wait-free.
 */
const char* veloz_status_name(veloz_status status);

/**
 * Copies the message of the most recent failure on the calling thread into buffer as
 * NUL-terminated UTF-8, truncated to capacity - 1 bytes. Returns the full message length in
 * bytes (without the NUL), like snprintf; 0 when this thread has seen no failure. buffer may be
 * NULL with capacity 0 to ask for the length.
 *
 * Thread safety: thread-safe.
 */
int32_t veloz_last_error_message(char* buffer, int32_t capacity);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* VELOZ_H */
