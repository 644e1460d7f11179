using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using NUnit.Framework;
using VeloZ.Interop;

namespace VeloZ.Tests.Abi;

/// <summary>
/// Every export goes through the shared mechanism of src/Interop/README.md, checked on the compiled IL so that a
/// new export that forgets it fails here rather than in a user's process: it is named after its C function (the
/// messages take their function name from it), it catches every exception and hands it to Export.Fail (nothing
/// crosses the ABI), and an <c>owner thread only</c> / <c>single writer</c> export resolves its handle with
/// Export.Owned (the owner-thread check) while a <c>thread-safe</c> one never does.
/// </summary>
[TestFixture]
public class ExportShapeTests
{
    // Internal to the Interop assembly: found by name, so the tests need no access to its internals.
    private static readonly Type s_export = typeof(CommonExports).Assembly.GetType("VeloZ.Interop.Export", throwOnError: true)!;

    // Exports that cannot throw: a constant and a switch over string literals.
    private static readonly HashSet<string> s_cannotThrow = new(StringComparer.Ordinal) { "veloz_version", "veloz_status_name" };

    private static IEnumerable<MethodInfo> Exports() =>
        typeof(CommonExports).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<UnmanagedCallersOnlyAttribute>() is not null)
            .OrderBy(m => m.Name, StringComparer.Ordinal);

    [Test]
    public void There_are_exports_to_check()
    {
        Assert.That(Exports().Count(), Is.GreaterThanOrEqualTo(55));
    }

    [TestCaseSource(nameof(ExportNames))]
    public void The_export_is_named_after_its_C_function_and_states_its_thread_contract(string name)
    {
        MethodInfo export = Find(name);
        Assert.That(export.GetCustomAttribute<UnmanagedCallersOnlyAttribute>()!.EntryPoint, Is.EqualTo(export.Name));
        Assert.That(export.GetCustomAttribute<ThreadContractAttribute>(), Is.Not.Null, "missing [ThreadContract]");
    }

    [TestCaseSource(nameof(ExportNames))]
    public void Every_exception_is_caught_and_handed_to_Export_Fail(string name)
    {
        if (s_cannotThrow.Contains(name))
            Assert.That(Callees(Find(name)).Where(c => c.DeclaringType?.Namespace?.StartsWith("VeloZ", StringComparison.Ordinal) == true), Is.Empty,
                $"{name} is listed as unable to throw, so it must not call into VeloZ");
        else
            Assert.That(CatchesEverything(Find(name)) || Callees(Find(name)).OfType<MethodInfo>().Any(CatchesEverything), Is.True,
                $"{name} has no catch-all clause (ending in Export.Fail where it returns a status), nor does the helper it forwards to");
    }

    [TestCaseSource(nameof(ExportNames))]
    public void The_thread_contract_matches_the_handle_lookup(string name)
    {
        MethodInfo export = Find(name);
        string contract = export.GetCustomAttribute<ThreadContractAttribute>()!.Contract;
        bool owned = CallsOwned(export, depth: 3);
        if (contract.StartsWith("owner thread only", StringComparison.Ordinal) || contract.StartsWith("single writer", StringComparison.Ordinal))
        {
            // The two handle functions check ownership themselves, through the handle table.
            if (!name.StartsWith("veloz_handle_", StringComparison.Ordinal))
                Assert.That(owned, Is.True, $"{name} is '{contract}' but never calls Export.Owned");
        }
        else
        {
            Assert.That(owned, Is.False, $"{name} is '{contract}' but calls Export.Owned, which refuses other threads");
        }
    }

    private static IEnumerable<string> ExportNames() => Exports().Select(m => m.Name);

    private static MethodInfo Find(string name) => Exports().Single(m => m.Name == name);

    // A catch (Exception) or catch {} clause; a method that returns a status must also call Export.Fail.
    private static bool CatchesEverything(MethodInfo method)
    {
        MethodBody? body = method.GetMethodBody();
        if (body is null || !body.ExceptionHandlingClauses.Any(c => c.Flags == ExceptionHandlingClauseOptions.Clause
                && (c.CatchType == typeof(Exception) || c.CatchType == typeof(object))))
            return false;
        return method.ReturnType != typeof(Status) || Callees(method).Any(c => c.DeclaringType == s_export && c.Name == "Fail");
    }

    // Whether the method, or a method of the Interop assembly it calls (up to depth levels), calls Export.Owned.
    private static bool CallsOwned(MethodBase method, int depth)
    {
        foreach (MethodBase callee in Callees(method))
        {
            if (callee.DeclaringType == s_export && callee.Name == "Owned")
                return true;
            if (depth > 1 && callee.DeclaringType != s_export && callee.Module == s_export.Module && CallsOwned(callee, depth - 1))
                return true;
        }
        return false;
    }

    // The methods a method's IL calls directly (call, callvirt, newobj), read from the metadata tokens.
    private static IEnumerable<MethodBase> Callees(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
            yield break;
        for (int i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] != 0x28 && il[i] != 0x6F && il[i] != 0x73)
                continue;
            int token = BitConverter.ToInt32(il, i + 1);
            if ((token >> 24) is not (0x06 or 0x0A or 0x2B))
                continue;
            MethodBase? callee = null;
            try
            {
                callee = method.Module.ResolveMethod(token, method.DeclaringType?.GetGenericArguments(), method.IsGenericMethod ? method.GetGenericArguments() : null);
            }
            catch (ArgumentException)
            {
                // A byte that only looked like a call opcode: its operand is not a method token.
            }
            if (callee is not null)
                yield return callee;
        }
    }
}
