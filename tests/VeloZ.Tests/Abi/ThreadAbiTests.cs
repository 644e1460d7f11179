using System;
using System.Linq;
using System.Threading;
using NUnit.Framework;

namespace VeloZ.Tests.Abi;

/// <summary>
/// veloz_thread_* through the published libveloz.so: the CPU count, the calling thread's affinity (read, pin, set),
/// the CPU it runs on, the kernel's isolated and nohz_full lists, and refusals (CPUs that do not exist, empty sets,
/// small buffers) that leave the affinity as it was. Pinning happens on threads of the test's own, never the runner's.
/// </summary>
[TestFixture]
[NonParallelizable]
public unsafe class ThreadAbiTests
{
    private static readonly delegate* unmanaged<int> CpuCount = (delegate* unmanaged<int>)LibVeloz.Export("veloz_thread_cpu_count");
    private static readonly delegate* unmanaged<int> CurrentCpu = (delegate* unmanaged<int>)LibVeloz.Export("veloz_thread_current_cpu");
    private static readonly delegate* unmanaged<int, int> Pin = (delegate* unmanaged<int, int>)LibVeloz.Export("veloz_thread_pin");
    private static readonly delegate* unmanaged<int*, int, int> SetAffinity = (delegate* unmanaged<int*, int, int>)LibVeloz.Export("veloz_thread_set_affinity");
    private static readonly delegate* unmanaged<int*, int, int*, int> GetAffinity = (delegate* unmanaged<int*, int, int*, int>)LibVeloz.Export("veloz_thread_get_affinity");
    private static readonly delegate* unmanaged<int*, int, int*, int> Isolated = (delegate* unmanaged<int*, int, int*, int>)LibVeloz.Export("veloz_thread_isolated_cpus");
    private static readonly delegate* unmanaged<int*, int, int*, int> NohzFull = (delegate* unmanaged<int*, int, int*, int>)LibVeloz.Export("veloz_thread_nohz_full_cpus");

    private static int[] List(delegate* unmanaged<int*, int, int*, int> function, string name)
    {
        int needed = -1;
        int status = function(null, 0, &needed);
        Assert.That(status, Is.EqualTo(VelozStatus.Ok).Or.EqualTo(VelozStatus.BufferTooSmall), name);
        Assert.That(needed, Is.GreaterThanOrEqualTo(0), $"{name}: *written says the capacity needed");
        if (status == VelozStatus.Ok)
        {
            Assert.That(needed, Is.Zero);
            return Array.Empty<int>();
        }
        Assert.That(LibVeloz.LastError(), Does.Contain("too small"));
        var cpus = new int[needed + 2];
        int written;
        fixed (int* p = cpus)
            AbiAssert.Ok(function(p, cpus.Length, &written), name);
        Assert.That(written, Is.EqualTo(needed));
        return cpus[..written];
    }

    private static void OnThread(Action body) => MemoryAbiTests.OnOtherThread(body);

    [Test]
    public void The_cpu_count_and_the_allowed_cpus_agree_with_the_runtime()
    {
        int count = CpuCount();
        int[] allowed = List(GetAffinity, "veloz_thread_get_affinity");
        Assert.That(count, Is.GreaterThanOrEqualTo(1));
        Assert.That(allowed, Is.Not.Empty.And.Ordered.And.Unique);
        Assert.That(allowed.Length, Is.LessThanOrEqualTo(count));
        Assert.That(allowed.Length, Is.EqualTo(Environment.ProcessorCount), ".NET counts the CPUs this process may use");
        Assert.That(CurrentCpu(), Is.AnyOf(allowed.Cast<object>().Append(-1).ToArray()));
        Assert.That(List(Isolated, "veloz_thread_isolated_cpus").All(c => c < 4096), Is.True);
        Assert.That(List(NohzFull, "veloz_thread_nohz_full_cpus").All(c => c < 4096), Is.True);
    }

    [Test]
    public void Pinning_keeps_a_thread_on_its_cpu()
    {
        int[] allowed = List(GetAffinity, "veloz_thread_get_affinity");
        foreach (int cpu in allowed)
        {
            OnThread(() =>
            {
                AbiAssert.Ok(Pin(cpu), "veloz_thread_pin");
                Assert.That(List(GetAffinity, "veloz_thread_get_affinity"), Is.EqualTo(new[] { cpu }));
                for (int i = 0; i < 1000; i++)
                {
                    Thread.SpinWait(100);
                    Assert.That(CurrentCpu(), Is.EqualTo(cpu), $"iteration {i}: the thread left cpu {cpu}");
                }
                fixed (int* set = allowed)
                    AbiAssert.Ok(SetAffinity(set, allowed.Length), "veloz_thread_set_affinity");
                Assert.That(List(GetAffinity, "veloz_thread_get_affinity"), Is.EqualTo(allowed), "widened again");
            });
        }
        Assert.That(List(GetAffinity, "veloz_thread_get_affinity"), Is.EqualTo(allowed), "the test's own thread was never touched");
    }

    [Test]
    public void Cpus_that_do_not_exist_and_empty_sets_are_refused_and_change_nothing()
    {
        int count = CpuCount();
        OnThread(() =>
        {
            int[] before = List(GetAffinity, "veloz_thread_get_affinity");
            foreach (int cpu in new[] { -1, count + 64, 4096, int.MaxValue })
            {
                AbiAssert.Status(Pin(cpu), VelozStatus.InvalidArgument, "veloz_thread_pin");
                Assert.That(LibVeloz.LastError(), Does.Contain($"cpu {cpu} does not exist").And.Contain("online CPUs are"));
            }
            int* mixed = stackalloc int[] { 0, count + 1 };
            AbiAssert.Status(SetAffinity(mixed, 2), VelozStatus.InvalidArgument, "veloz_thread_set_affinity");
            AbiAssert.Status(SetAffinity(mixed, 0), VelozStatus.InvalidArgument, "veloz_thread_set_affinity");
            AbiAssert.Status(SetAffinity(null, 1), VelozStatus.InvalidArgument, "veloz_thread_set_affinity");
            AbiAssert.Status(SetAffinity(mixed, -1), VelozStatus.InvalidArgument, "veloz_thread_set_affinity");
            int written;
            AbiAssert.Status(GetAffinity(null, 1, &written), VelozStatus.InvalidArgument, "veloz_thread_get_affinity");
            AbiAssert.Status(GetAffinity(mixed, 2, null), VelozStatus.InvalidArgument, "veloz_thread_get_affinity");
            Assert.That(List(GetAffinity, "veloz_thread_get_affinity"), Is.EqualTo(before), "the affinity is unchanged");
        });
    }
}
