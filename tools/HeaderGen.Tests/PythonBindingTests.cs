using System.IO;
using NUnit.Framework;

namespace VeloZ.HeaderGen.Tests;

/// <summary>The generated _capi.py and capi.pxd, run through the real /usr/bin/python3 and cython3.</summary>
public class PythonBindingTests
{
    private static AbiModel s_model = null!;

    [OneTimeSetUp]
    public void Read() => s_model = AbiReader.Read(FixtureAssembly.Compile(GoodFixture.Source), out _);

    [Test]
    public void Ctypes_module_imports_checks_layouts_and_declares_every_function()
    {
        string directory = FixtureAssembly.NewDirectory();
        File.WriteAllText(Path.Combine(directory, "_capi.py"), PythonCtypesWriter.Write(s_model));
        File.WriteAllText(Path.Combine(directory, "probe.py"), """
            import ctypes
            import _capi as c
            assert ctypes.sizeof(c.veloz_fixture_event) == 56
            assert c.veloz_fixture_event.symbol.offset == 24 and c.veloz_fixture_event.symbol.size == 13
            assert c.veloz_fixture_config.ratio.offset == 16
            assert c.VELOZ_FIXTURE_MODE_TSC_CLOCK == 2 and c.VELOZ_E_SEQUENCE_GAP == -12
            assert c.VELOZ_FIXTURE_ULONG == 18000000000000000000 and c.VELOZ_FIXTURE_STRING == 'a"b'
            assert c.STATUS_NAMES[-3] == "VELOZ_E_NOT_FOUND"
            assert c.veloz_fixture_side is ctypes.c_int32 and c.VELOZ_FIXTURE_WIDE_HIGH == 1 << 63
            assert dict(c.veloz_fixture_line._fields_)["side"] is ctypes.c_uint8 and dict(c.veloz_fixture_sized._fields_)["side"] is ctypes.c_uint8
            assert c.FUNCTIONS["veloz_fixture_lines"][1][3] is c.veloz_fixture_side
            assert ctypes.sizeof(c.veloz_fixture_line) == 64 and c.veloz_fixture_line.price.offset == 24
            assert ctypes.sizeof(c.veloz_fixture_sized) == 32
            callback = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.POINTER(c.veloz_fixture_event))
            assert c.FUNCTIONS["veloz_fixture_on_event"] == (c.veloz_status, [ctypes.c_void_p, callback, ctypes.c_void_p])
            assert c.veloz_fixture_hooks.context.offset == 8
            assert c.FUNCTIONS["veloz_fixture_create"] == (c.veloz_status, [ctypes.POINTER(c.veloz_fixture_config), ctypes.POINTER(ctypes.c_void_p)])
            assert c.FUNCTIONS["veloz_fixture_destroy"] == (None, [ctypes.c_void_p])
            assert c.FUNCTIONS["veloz_fixture_name"] == (ctypes.c_char_p, [c.veloz_status])
            assert c.FUNCTIONS["veloz_fixture_message"][1][0] == ctypes.POINTER(ctypes.c_char)
            assert c.FUNCTIONS["veloz_fixture_scalars"] == (ctypes.c_float, [ctypes.c_ssize_t, ctypes.c_size_t, ctypes.c_float, ctypes.c_double, ctypes.c_int8, ctypes.c_uint16, ctypes.c_void_p])
            for size, offsets in ((57, {}), (56, {"time_ns": 12})):
                try:
                    c._check_layout(c.veloz_fixture_event, size, offsets)
                    raise SystemExit("a wrong layout passed the check")
                except ImportError as e:
                    assert "veloz_fixture_event" in str(e), str(e)
            class Empty:
                _name = "libempty.so"
            try:
                c.bind(Empty())
                raise SystemExit("bind accepted a library without the functions")
            except AttributeError as e:
                assert "veloz_fixture_create" in str(e) and "libempty.so" in str(e), str(e)
            print(len(c.FUNCTIONS))
            """);
        (int exitCode, string output) = ExternalTool.Run("/usr/bin/python3", directory, "probe.py");
        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output.Trim(), Is.EqualTo(s_model.Functions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Cython_declarations_compile_when_cimported_and_used_without_the_gil()
    {
        string directory = FixtureAssembly.NewDirectory();
        Directory.CreateDirectory(Path.Combine(directory, "veloz"));
        File.WriteAllText(Path.Combine(directory, "veloz.h"), CHeaderWriter.Write(s_model));
        File.WriteAllText(Path.Combine(directory, "veloz", "__init__.py"), "");
        File.WriteAllText(Path.Combine(directory, "veloz", "capi.pxd"), CythonPxdWriter.Write(s_model));
        File.WriteAllText(Path.Combine(directory, "use_capi.pyx"), """
            # cython: language_level=3
            from libc.stdint cimport int32_t, int64_t
            from veloz cimport capi

            cdef int32_t on_event(void* context, capi.veloz_fixture_event* event) nogil:
                return event.kind

            cdef void on_idle(void* context) nogil:
                pass

            def run():
                cdef capi.veloz_fixture* fixture = NULL
                cdef capi.veloz_fixture_config config
                cdef capi.veloz_fixture_event events[4]
                cdef int32_t written = 0
                cdef int64_t values[2]
                cdef int64_t total = 0
                config.struct_size = sizeof(config)
                config.mode = capi.VELOZ_FIXTURE_MODE_FAST_PATH
                with nogil:
                    if capi.veloz_fixture_create(&config, &fixture) == capi.VELOZ_OK:
                        capi.veloz_fixture_sum(fixture, values, 2, &total)
                        capi.veloz_fixture_events(fixture, events, 4, &written)
                        capi.veloz_fixture_on_event(fixture, on_event, NULL)
                        capi.veloz_fixture_destroy(fixture)
                cdef capi.veloz_fixture_hooks hooks
                hooks.on_idle = on_idle
                hooks.context = NULL
                cdef capi.veloz_fixture_line line
                line.side = capi.VELOZ_FIXTURE_SIDE_BUY
                line.flags = capi.VELOZ_FIXTURE_WIDE_HIGH
                return capi.veloz_fixture_name(capi.VELOZ_E_FULL), capi.VELOZ_FIXTURE_LONG, events[0].symbol[0], line.padding_32[0]
            """);
        (int cythonExit, string cythonOutput) = ExternalTool.Run("/usr/bin/cython3", directory, "-3", "-I", ".", "use_capi.pyx", "-o", "use_capi.c");
        Assert.That(cythonExit, Is.EqualTo(0), cythonOutput);
        (int includeExit, string includes) = ExternalTool.Run("/usr/bin/python3", directory, "-c", "import sysconfig; print(sysconfig.get_paths()['include'])");
        Assert.That(includeExit, Is.EqualTo(0), includes);
        (int gccExit, string gccOutput) = ExternalTool.Run("gcc", directory, "-fsyntax-only", "-Wall", "-Wno-unused-function", "-I", ".", "-I", includes.Trim(), "use_capi.c");
        Assert.That(gccExit, Is.EqualTo(0), gccOutput);
    }
}
