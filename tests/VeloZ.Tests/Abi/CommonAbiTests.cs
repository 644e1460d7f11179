using System;
using System.Linq;
using System.Text;
using NUnit.Framework;

namespace VeloZ.Tests.Abi;

[TestFixture]
public unsafe class CommonAbiTests
{
    [Test]
    public void Library_major_version_matches_the_spec()
    {
        uint version = LibVeloz.Version();
        TestContext.Out.WriteLine($"{LibVeloz.Path}: version {version >> 16}.{(version >> 8) & 0xFF}.{version & 0xFF}");
        Assert.That(version >> 16, Is.EqualTo((uint)VeloZ.Interop.Version.VELOZ_VERSION_MAJOR), "VELOZ_VERSION_MAJOR");
        Assert.That((version >> 8) & 0xFF, Is.EqualTo((uint)VeloZ.Interop.Version.VELOZ_VERSION_MINOR), "VELOZ_VERSION_MINOR");
    }

    [Test]
    public void Status_name_gives_the_C_name_of_every_status()
    {
        foreach (var (code, name) in VelozStatus.All)
            Assert.That(LibVeloz.NameOf(code), Is.EqualTo(name), $"veloz_status_name({code})");
    }

    [TestCase(1)]
    [TestCase(-14)]
    [TestCase(1000)]
    [TestCase(int.MinValue)]
    [TestCase(int.MaxValue)]
    public void Status_name_of_an_unknown_value_is_VELOZ_E_UNKNOWN(int status)
    {
        Assert.That(LibVeloz.NameOf(status), Is.EqualTo("VELOZ_E_UNKNOWN"));
    }

    [Test]
    public void Status_name_returns_the_same_static_string_every_time()
    {
        byte* first = LibVeloz.StatusName(VelozStatus.NotFound);
        byte* second = LibVeloz.StatusName(VelozStatus.NotFound);
        Assert.That((nint)second, Is.EqualTo((nint)first));
    }

    private static int ProvokeFailure()
    {
        int status = LibVeloz.ClockGetInfo(null);
        Assert.That(status, Is.EqualTo(VelozStatus.InvalidArgument), "veloz_clock_get_info(NULL)");
        return LibVeloz.LastErrorMessage(null, 0);
    }

    [Test]
    public void Last_error_with_a_NULL_buffer_returns_the_full_length()
    {
        int length = ProvokeFailure();
        Assert.That(length, Is.GreaterThan(0));
        Assert.That(LibVeloz.LastErrorMessage(null, 100), Is.EqualTo(length), "NULL buffer with a non-zero capacity");
        Assert.That(Encoding.UTF8.GetByteCount(LibVeloz.LastError()), Is.EqualTo(length));
    }

    [Test]
    public void Last_error_names_the_failing_function()
    {
        ProvokeFailure();
        Assert.That(LibVeloz.LastError(), Does.Contain("clock_get_info"));
    }

    [Test]
    public void Last_error_truncates_to_capacity_minus_one_and_still_returns_the_full_length()
    {
        int length = ProvokeFailure();
        byte[] full = Encoding.UTF8.GetBytes(LibVeloz.LastError());
        byte[] buffer = new byte[length + 8];
        fixed (byte* p = buffer)
        {
            foreach (int capacity in new[] { 1, 2, 5, length - 1, length, length + 1 })
            {
                Array.Fill(buffer, (byte)'x');
                Assert.That(LibVeloz.LastErrorMessage(p, capacity), Is.EqualTo(length), $"capacity {capacity}");
                int copied = Math.Min(capacity - 1, length);
                Assert.That(buffer.Take(copied), Is.EqualTo(full.Take(copied)), $"capacity {capacity}: prefix");
                Assert.That(buffer[copied], Is.EqualTo((byte)0), $"capacity {capacity}: NUL after {copied} bytes");
                Assert.That(buffer.Skip(capacity).All(b => b == (byte)'x'), Is.True, $"capacity {capacity}: wrote past the capacity");
            }
        }
    }

    [Test]
    public void Last_error_with_a_negative_capacity_writes_nothing()
    {
        int length = ProvokeFailure();
        byte[] buffer = { (byte)'x', (byte)'x' };
        fixed (byte* p = buffer)
        {
            Assert.That(LibVeloz.LastErrorMessage(p, -1), Is.EqualTo(length));
            Assert.That(LibVeloz.LastErrorMessage(p, int.MinValue), Is.EqualTo(length));
        }
        Assert.That(buffer, Is.EqualTo(new[] { (byte)'x', (byte)'x' }));
    }

    /// <summary>
    /// Every truncation of the message must be a valid UTF-8 prefix (a multi-byte character is dropped whole,
    /// never cut). The messages the exports produce are checked at every capacity; a message with non-ASCII
    /// text would exercise the character boundary.
    /// </summary>
    [Test]
    public void Last_error_truncation_is_always_a_valid_UTF8_prefix()
    {
        var strict = new UTF8Encoding(false, true);
        int length = ProvokeFailure();
        string message = LibVeloz.LastError();
        byte[] full = Encoding.UTF8.GetBytes(message);
        TestContext.Out.WriteLine($"message: \"{message}\" ({length} bytes, {(full.Length == message.Length ? "ASCII only" : "non-ASCII")})");
        byte[] buffer = new byte[length + 1];
        fixed (byte* p = buffer)
        {
            for (int capacity = 1; capacity <= length + 1; capacity++)
            {
                LibVeloz.LastErrorMessage(p, capacity);
                int end = Array.IndexOf(buffer, (byte)0);
                Assert.That(end, Is.InRange(0, capacity - 1), $"capacity {capacity}: NUL within the buffer");
                Assert.That(buffer.Take(end), Is.EqualTo(full.Take(end)), $"capacity {capacity}: a prefix of the message");
                Assert.That(() => strict.GetString(buffer, 0, end), Throws.Nothing, $"capacity {capacity}: valid UTF-8");
                // Only a partial character may be dropped: at most 3 bytes short of the room there was.
                Assert.That(end, Is.GreaterThanOrEqualTo(Math.Min(capacity - 1, length) - 3), $"capacity {capacity}");
            }
        }
    }

    [Test]
    public void Last_error_is_kept_per_thread()
    {
        ProvokeFailure();
        string mine = LibVeloz.LastError();
        string? other = null;
        var thread = new System.Threading.Thread(() =>
        {
            // A thread the library has never seen: its first call attaches it to the runtime.
            other = LibVeloz.LastError();
            LibVeloz.HistogramRecord(0, 1);
        });
        thread.Start();
        thread.Join();
        Assert.That(other, Is.Empty, "a new thread has no last error");
        Assert.That(LibVeloz.LastError(), Is.EqualTo(mine), "another thread's failure must not replace this thread's message");
    }
}
