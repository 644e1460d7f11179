# GENERATED FILE: DO NOT EDIT. tools/HeaderGen writes it from the exports of src/Interop, together
# with include/veloz.h and _capi.py; the build regenerates it and CI fails when this copy differs.
#   dotnet run --project tools/HeaderGen -c Release -- --interop <VeloZ.Interop.dll> --root <repository>
#
# Cython declarations of the VeloZ C API: `from veloz cimport capi`, then call capi.veloz_*
# directly (inside `with nogil:` if you like). Compile against include/ and link libveloz.so.

from libc.stdint cimport int32_t, uint32_t

cdef extern from "veloz.h" nogil:

    # ---- Constants
    enum:
        VELOZ_VERSION_MAJOR
        VELOZ_VERSION_MINOR
        VELOZ_VERSION_PATCH

    # ---- veloz_status
    # Result of every export that can fail. 0 is success; errors are negative.
    ctypedef int32_t veloz_status
    enum:
        VELOZ_OK
        VELOZ_E_INVALID_ARGUMENT
        VELOZ_E_INVALID_HANDLE
        VELOZ_E_NOT_FOUND
        VELOZ_E_DUPLICATE
        VELOZ_E_FULL
        VELOZ_E_EMPTY
        VELOZ_E_OUT_OF_MEMORY
        VELOZ_E_BUFFER_TOO_SMALL
        VELOZ_E_STATE
        VELOZ_E_INTERNAL
        VELOZ_E_UNSUPPORTED
        VELOZ_E_SEQUENCE_GAP

    # ---- Functions: Common
    # The library's version packed as (major << 16) | (minor << 8) | patch. Compare its major
    # with VELOZ_VERSION_MAJOR before using anything else. Thread safety: any thread, wait-free.
    uint32_t veloz_version()
    # The name of a status code, for example "VELOZ_E_NOT_FOUND", as a static NUL-terminated
    # string that is never freed; "VELOZ_E_UNKNOWN" for a value that is not a status. Thread
    # safety: any thread, wait-free.
    const char* veloz_status_name(veloz_status status)
    # Copies the message of the most recent failure on the calling thread into buffer as
    # NUL-terminated UTF-8, truncated to capacity - 1 bytes. Returns the full message length in
    # bytes (without the NUL), like snprintf; 0 when this thread has seen no failure. buffer may
    # be NULL with capacity 0 to ask for the length. Thread safety: thread-safe.
    int32_t veloz_last_error_message(char* buffer, int32_t capacity)
