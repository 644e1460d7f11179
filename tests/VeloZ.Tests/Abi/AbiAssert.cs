using NUnit.Framework;

namespace VeloZ.Tests.Abi;

/// <summary>Assertions about a status returned by an export and the last-error message that must go with it.</summary>
internal static class AbiAssert
{
    /// <summary>
    /// Asserts that <paramref name="function"/> returned <paramref name="expected"/>; for an error also that
    /// <c>veloz_last_error_message</c> is non-empty and names the function (without its <c>veloz_</c> prefix),
    /// as every export's message must.
    /// </summary>
    public static void Status(int actual, int expected, string function)
    {
        string lastError = actual != VelozStatus.Ok ? LibVeloz.LastError() : string.Empty;
        Assert.That(LibVeloz.NameOf(actual), Is.EqualTo(LibVeloz.NameOf(expected)),
            $"{function} returned {actual}; last error: \"{lastError}\"");
        if (expected == VelozStatus.Ok)
            return;
        string name = function.StartsWith("veloz_") ? function["veloz_".Length..] : function;
        Assert.That(lastError, Is.Not.Empty, $"{function} failed with {LibVeloz.NameOf(actual)} but left no message");
        Assert.That(lastError, Does.Contain(name), $"{function}: the message should name the function");
    }

    /// <summary>Asserts success, showing the library's message if the call failed.</summary>
    public static void Ok(int actual, string function) => Status(actual, VelozStatus.Ok, function);
}
