// memory_peers.hpp: the allocators VeloZ's pools are measured against, behind one shape (alloc() / release(p)),
// so one benchmark template times them all the same way.
//
// glibc malloc is the process's own. mimalloc, jemalloc and tcmalloc would each replace malloc for the whole process
// if linked, so that glibc could no longer be measured beside them: they are loaded with dlopen(RTLD_LOCAL) and called
// through their own entry points (mi_malloc/mi_free, jemalloc's malloc/free looked up in its handle,
// tc_malloc/tc_free), which is what a call through the PLT costs anyway. TBB's scalable_malloc and boost::pool are
// linked normally (they never replace malloc).
#ifndef VELOZ_BENCH_MEMORY_PEERS_HPP
#define VELOZ_BENCH_MEMORY_PEERS_HPP

#include <veloz.h>

#include <boost/pool/object_pool.hpp>
#include <boost/pool/pool.hpp>
#include <tbb/scalable_allocator.h>

#include <dlfcn.h>
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <cstring>
#include <string>

namespace bench {

// jemalloc keeps its thread state in initial-exec TLS, which a library loaded with dlopen must take from glibc's
// small static TLS surplus ("cannot allocate memory in static TLS block" once the .NET runtime has used it). glibc
// reads the surplus size only at start-up, from GLIBC_TUNABLES: so the benchmark re-executes itself once with a
// larger one. Call first thing in main.
inline void reserve_static_tls(char** argv) {
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    if (tunables != nullptr && std::strstr(tunables, "glibc.rtld.optional_static_tls") != nullptr)
        return;
    std::string value = "glibc.rtld.optional_static_tls=65536";
    if (tunables != nullptr && *tunables != '\0')
        value = std::string(tunables) + ":" + value;
    setenv("GLIBC_TUNABLES", value.c_str(), 1);
    execv("/proc/self/exe", argv);
    // exec failed: carry on; jemalloc's row reports why it is missing.
}

// An allocator loaded from its own shared library without interposing malloc: its alloc and free functions.
struct loaded_allocator {
    void* (*alloc)(std::size_t) = nullptr;
    void (*release)(void*) = nullptr;
    std::string error;

    loaded_allocator(const char* library, const char* alloc_name, const char* free_name) {
        void* handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            const char* why = dlerror();
            error = why != nullptr ? why : library;
            return;
        }
        alloc = reinterpret_cast<void* (*)(std::size_t)>(dlsym(handle, alloc_name));
        release = reinterpret_cast<void (*)(void*)>(dlsym(handle, free_name));
        if (alloc == nullptr || release == nullptr)
            error = std::string(library) + ": " + alloc_name + " or " + free_name + " not found";
    }

    bool available() const { return alloc != nullptr && release != nullptr; }
};

inline loaded_allocator& mimalloc_library() {
    static loaded_allocator loaded("libmimalloc.so.2", "mi_malloc", "mi_free");
    return loaded;
}
inline loaded_allocator& jemalloc_library() {
    static loaded_allocator loaded("libjemalloc.so.2", "malloc", "free");
    return loaded;
}
inline loaded_allocator& tcmalloc_library() {
    static loaded_allocator loaded("libtcmalloc_minimal.so.4", "tc_malloc", "tc_free");
    return loaded;
}

// Every peer: constructed for one block size, then alloc() and release(p) of blocks of that size.
struct glibc_malloc {
    std::size_t size;
    explicit glibc_malloc(std::size_t s) : size(s) {}
    void* alloc() { return std::malloc(size); }
    void release(void* p) { std::free(p); }
};

template <loaded_allocator& (*Library)()>
struct loaded {
    std::size_t size;
    void* (*alloc_)(std::size_t);
    void (*release_)(void*);
    explicit loaded(std::size_t s) : size(s), alloc_(Library().alloc), release_(Library().release) {
        if (!Library().available())
            throw std::runtime_error(Library().error);
    }
    void* alloc() { return alloc_(size); }
    void release(void* p) { release_(p); }
};
using mimalloc = loaded<mimalloc_library>;
using jemalloc = loaded<jemalloc_library>;
using tcmalloc = loaded<tcmalloc_library>;

struct tbb_scalable {
    std::size_t size;
    explicit tbb_scalable(std::size_t s) : size(s) {}
    void* alloc() { return scalable_malloc(size); }
    void release(void* p) { scalable_free(p); }
};

// boost::pool<>: a simple segregated storage of one chunk size, single-threaded like VeloZ's fixed pool.
struct boost_pool {
    boost::pool<> pool;
    explicit boost_pool(std::size_t s) : pool(s, 1024) {}
    void* alloc() { return pool.malloc(); }
    void release(void* p) { pool.free(p); }
};

// boost::object_pool<T>: construct/destroy of typed objects (its destroy keeps the free list ordered, so a burst
// of frees costs more than the pair).
template <std::size_t Size>
struct boost_object_pool {
    struct object {
        unsigned char bytes[Size];
    };
    boost::object_pool<object> pool;
    explicit boost_object_pool(std::size_t) : pool(1024) {}
    void* alloc() { return pool.construct(); }
    void release(void* p) { pool.destroy(static_cast<object*>(p)); }
};

inline void veloz_check(veloz_status status, const char* what) {
    if (status != VELOZ_OK) {
        char message[512];
        veloz_last_error_message(message, sizeof message);
        throw std::runtime_error(std::string(what) + ": " + message);
    }
}

// VeloZ's fixed pool through the C ABI: one exported call per rent and per return.
struct veloz_fixed_pool {
    veloz_pool* pool = nullptr;
    explicit veloz_fixed_pool(std::size_t s, int max_blocks = 0) {
        veloz_pool_config config{};
        config.struct_size = sizeof config;
        config.block_size = static_cast<int32_t>(s);
        config.initial_blocks = 4096;
        config.max_blocks = max_blocks;
        config.name = "bench fixed";
        veloz_check(veloz_pool_create(&config, &pool), "veloz_pool_create");
    }
    ~veloz_fixed_pool() { veloz_pool_destroy(pool); }
    veloz_fixed_pool(const veloz_fixed_pool&) = delete;
    veloz_fixed_pool& operator=(const veloz_fixed_pool&) = delete;
    void* alloc() {
        void* p;
        return veloz_pool_rent(pool, &p) == VELOZ_OK ? p : nullptr;
    }
    void release(void* p) { (void)veloz_pool_return(pool, p); }
    bool alloc_batch(void** blocks, int count) {
        int rented = 0;
        return veloz_pool_rent_batch(pool, blocks, count, &rented) == VELOZ_OK;
    }
    bool release_batch(void** blocks, int count) {
        int returned = 0;
        return veloz_pool_return_batch(pool, blocks, count, &returned) == VELOZ_OK;
    }
};

// VeloZ's lock-free pool through the C ABI.
struct veloz_lockfree_pool {
    veloz_concurrent_pool* pool = nullptr;
    explicit veloz_lockfree_pool(std::size_t s) {
        veloz_pool_config config{};
        config.struct_size = sizeof config;
        config.block_size = static_cast<int32_t>(s);
        config.initial_blocks = 8192;
        config.name = "bench concurrent";
        veloz_check(veloz_concurrent_pool_create(&config, &pool), "veloz_concurrent_pool_create");
    }
    ~veloz_lockfree_pool() { veloz_concurrent_pool_destroy(pool); }
    veloz_lockfree_pool(const veloz_lockfree_pool&) = delete;
    veloz_lockfree_pool& operator=(const veloz_lockfree_pool&) = delete;
    void* alloc() {
        void* p;
        return veloz_concurrent_pool_rent(pool, &p) == VELOZ_OK ? p : nullptr;
    }
    void release(void* p) { (void)veloz_concurrent_pool_return(pool, p); }
    bool alloc_batch(void** blocks, int count) {
        int rented = 0;
        return veloz_concurrent_pool_rent_batch(pool, blocks, count, &rented) == VELOZ_OK;
    }
    bool release_batch(void** blocks, int count) {
        int returned = 0;
        return veloz_concurrent_pool_return_batch(pool, blocks, count, &returned) == VELOZ_OK;
    }
};

} // namespace bench

#endif
