// Compiled (never linked) by the veloz_memory_rejects_* tests with one VELOZ_CASE defined: each must fail to
// compile with the static_assert message of veloz::fixed_pool::make, arena::make or pool_config::of that the
// test looks for.
#include <veloz.hpp>

#include <string>

#if VELOZ_CASE == 1
struct alignas(8192) object { char byte; }; // beyond the largest block alignment, 4096
int use(veloz::fixed_pool& pool, veloz::arena&) { return static_cast<int>(pool.make<object>()->byte); }
#elif VELOZ_CASE == 2
struct object { std::string text; }; // the arena would never run ~object()
int use(veloz::fixed_pool&, veloz::arena& arena) { return static_cast<int>(arena.make<object>()->text.size()); }
#elif VELOZ_CASE == 3
struct object { unsigned char bytes[(1 << 20) + 1]; }; // one byte over the largest block, 1 MiB
int use(veloz::fixed_pool&, veloz::arena&) { return veloz::pool_config::of<object>().block_size; }
#endif

int main() {
    veloz::fixed_pool pool(64);
    veloz::arena arena;
    return use(pool, arena);
}
