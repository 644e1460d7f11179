using System;

namespace VeloZ.HeaderGen;

/// <summary>
/// An export, type or input file the generator cannot turn into C: the message names the C# member
/// and what to change. Reported with exit code 2.
/// </summary>
internal sealed class GeneratorException : Exception
{
    public GeneratorException(string message) : base(message)
    {
    }
}
