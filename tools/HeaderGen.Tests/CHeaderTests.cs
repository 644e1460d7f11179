using System.IO;
using NUnit.Framework;

namespace VeloZ.HeaderGen.Tests;

public class CHeaderTests
{
    private static string s_header = string.Empty;

    [OneTimeSetUp]
    public void Generate() =>
        s_header = CHeaderWriter.Write(AbiReader.Read(FixtureAssembly.Compile(GoodFixture.Source), out _));

    [Test]
    public void Enums_are_an_int32_typedef_plus_prefixed_upper_snake_constants()
    {
        Assert.That(s_header, Does.Contain("typedef int32_t veloz_fixture_mode;\nenum {\n"));
        Assert.That(s_header, Does.Contain("    VELOZ_FIXTURE_MODE_FAST_PATH = 1,\n"));
        Assert.That(s_header, Does.Contain("    VELOZ_FIXTURE_MODE_TSC_CLOCK = 2\n};"));
        Assert.That(s_header, Does.Contain("typedef int32_t veloz_status;"));
        Assert.That(s_header, Does.Contain("    VELOZ_E_INVALID_ARGUMENT = -1,"));
    }

    [Test]
    public void Narrow_enums_are_int32_typedefs_held_by_struct_fields_at_their_width_and_wide_values_become_typed_defines()
    {
        // C's enum constants are int: a byte enum's typedef is int32_t like any other; a struct field keeps one byte.
        Assert.That(s_header, Does.Contain("typedef int32_t veloz_fixture_side;\nenum {\n"));
        Assert.That(s_header, Does.Contain("    VELOZ_FIXTURE_SIDE_SELL = 2\n};"));
        Assert.That(s_header, Does.Contain("typedef struct veloz_fixture_line {\n    /** Side. */\n    uint8_t side;\n"));
        Assert.That(s_header, Does.Contain("VELOZ_STATIC_ASSERT(offsetof(veloz_fixture_sized, side) == 8,"));
        Assert.That(s_header, Does.Contain("veloz_status veloz_fixture_lines(veloz_fixture* fixture, veloz_fixture_line* out_lines, veloz_fixture_sized* out_sized, veloz_fixture_side side);\n"));
        Assert.That(s_header, Does.Contain("typedef uint64_t veloz_fixture_wide;\n"));
        Assert.That(s_header, Does.Contain("#define VELOZ_FIXTURE_WIDE_HIGH UINT64_C(9223372036854775808)\n"));
    }

    [Test]
    public void Constants_are_defines_spelled_with_their_width()
    {
        Assert.That(s_header, Does.Contain("#define VELOZ_FIXTURE_INT (-3)\n"));
        Assert.That(s_header, Does.Contain("#define VELOZ_FIXTURE_UINT 7u\n"));
        Assert.That(s_header, Does.Contain("#define VELOZ_FIXTURE_LONG INT64_C(3600000000000)\n"));
        Assert.That(s_header, Does.Contain("#define VELOZ_FIXTURE_ULONG UINT64_C(18000000000000000000)\n"));
        Assert.That(s_header, Does.Contain("#define VELOZ_FIXTURE_DOUBLE 1000000000.0\n"));
        Assert.That(s_header, Does.Contain("#define VELOZ_FIXTURE_STRING \"a\\\"b\"\n"));
        Assert.That(s_header, Does.Not.Contain("NotAConstant").And.Not.Contain("NOT_A_CONSTANT"));
    }

    [Test]
    public void Opaque_handles_structs_and_functions_are_spelled_the_C_way()
    {
        Assert.That(s_header, Does.Contain("typedef struct veloz_fixture veloz_fixture;\n"));
        Assert.That(s_header, Does.Contain("typedef struct veloz_fixture_config {\n"));
        Assert.That(s_header, Does.Contain("    uint32_t struct_size;\n"));
        Assert.That(s_header, Does.Contain("    veloz_fixture_point where;\n"));
        Assert.That(s_header, Does.Contain("    uint8_t symbol[13];\n"));
        Assert.That(s_header, Does.Contain("    void* context;\n"));
        Assert.That(s_header, Does.Contain("veloz_status veloz_fixture_create(const veloz_fixture_config* config, veloz_fixture** out);\n"));
        Assert.That(s_header, Does.Contain("void veloz_fixture_destroy(veloz_fixture* fixture);\n"));
        Assert.That(s_header, Does.Contain("veloz_status veloz_fixture_sum(veloz_fixture* fixture, const int64_t* values, int32_t count, int64_t* out_sum);\n"));
        Assert.That(s_header, Does.Contain("veloz_fixture_mode veloz_fixture_mode_of(veloz_fixture* fixture);\n"));
        Assert.That(s_header, Does.Contain("float veloz_fixture_scalars(intptr_t a, uintptr_t b, float c, double d, int8_t e, uint16_t f, void* g);\n"));
        Assert.That(s_header, Does.Contain("const char* veloz_fixture_name(veloz_status status);\n"));
        Assert.That(s_header, Does.Contain("int32_t veloz_fixture_message(char* buffer, int32_t capacity);\n"));
        Assert.That(s_header, Does.Contain("uint64_t veloz_fixture_ticks(void);\n"));
        Assert.That(s_header, Does.Contain("veloz_status veloz_fixture_on_event(veloz_fixture* fixture, int32_t (*callback)(void*, veloz_fixture_event*), void* context);\n"));
        Assert.That(s_header, Does.Contain("    void (*on_idle)(void*);\n"));
    }

    [Test]
    public void Every_size_and_offset_is_pinned_by_a_static_assertion()
    {
        Assert.That(s_header, Does.Contain("VELOZ_STATIC_ASSERT(sizeof(veloz_fixture_event) == 56,"));
        Assert.That(s_header, Does.Contain("VELOZ_STATIC_ASSERT(offsetof(veloz_fixture_event, time_ns) == 16,"));
        Assert.That(s_header, Does.Contain("VELOZ_STATIC_ASSERT(offsetof(veloz_fixture_event, mode) == 48,"));
        Assert.That(s_header, Does.Contain("VELOZ_STATIC_ASSERT(offsetof(veloz_fixture_config, ratio) == 16,"));
    }

    [Test]
    public void Doc_comments_carry_C_names_plain_text_and_the_thread_contract()
    {
        Assert.That(s_header, Does.Contain(" * Creates a fixture from config (NULL means defaults) in *out; destroy it with\n * veloz_fixture_destroy(). Fails with VELOZ_E_INVALID_ARGUMENT.\n"));
        Assert.That(s_header, Does.Contain(" * Second paragraph ends with * / which must not end the comment.\n"));
        Assert.That(s_header, Does.Contain(" * config: The settings.\n"));
        Assert.That(s_header, Does.Contain(" * Thread safety: owner thread only.\n */\nveloz_status veloz_fixture_events("));
        Assert.That(s_header, Does.Contain("/** How the fixture runs; see VELOZ_FIXTURE_MODE_FAST_PATH. */"));
    }

    [Test]
    public void Common_exports_come_before_other_components_each_in_declaration_order()
    {
        int common = s_header.IndexOf("\nconst char* veloz_fixture_name(", System.StringComparison.Ordinal);
        int ticks = s_header.IndexOf("\nuint64_t veloz_fixture_ticks(", System.StringComparison.Ordinal);
        int create = s_header.IndexOf("\nveloz_status veloz_fixture_create(", System.StringComparison.Ordinal);
        int destroy = s_header.IndexOf("\nvoid veloz_fixture_destroy(", System.StringComparison.Ordinal);
        Assert.That(new[] { common, ticks, create, destroy }, Is.Ordered.And.All.GreaterThan(0));
        Assert.That(s_header, Does.Contain("/* ---- Functions: Common ---").And.Contain("/* ---- Functions: Alpha ---"));
    }

    [Test]
    public void Generation_is_byte_stable()
    {
        string again = CHeaderWriter.Write(AbiReader.Read(FixtureAssembly.Compile(GoodFixture.Source), out _));
        Assert.That(again, Is.EqualTo(s_header));
    }

    [TestCase("c", "-std=c11")]
    [TestCase("c++", "-std=c++17")]
    public void Header_compiles_warning_free_and_its_static_assertions_hold(string language, string standard)
    {
        string directory = FixtureAssembly.NewDirectory();
        File.WriteAllText(Path.Combine(directory, "veloz.h"), s_header);
        File.WriteAllText(Path.Combine(directory, "use.c"), """
            #include "veloz.h"
            int use(void);
            int use(void) {
                static veloz_fixture_event event;
                static veloz_fixture_config config;
                config.struct_size = (uint32_t)sizeof config;
                config.mode = VELOZ_FIXTURE_MODE_FAST_PATH;
                event.where.x = VELOZ_FIXTURE_INT;
                veloz_status (*on_event)(veloz_fixture*, int32_t (*)(void*, veloz_fixture_event*), void*) = veloz_fixture_on_event;
                (void)on_event;
                return (int)(sizeof event + config.struct_size) + event.where.x + (VELOZ_FIXTURE_LONG > 0) + VELOZ_E_NOT_FOUND;
            }
            """);
        string compiler = language == "c" ? "gcc" : "g++";
        (int exitCode, string output) = ExternalTool.Run(compiler, directory,
            "-x", language, standard, "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only", "use.c");
        Assert.That(exitCode, Is.EqualTo(0), output);
    }
}
