using System.Collections.Generic;

namespace VeloZ.Tests.Abi;

/// <summary>The status codes of include/veloz.h (veloz_status), as the C caller sees them.</summary>
internal static class VelozStatus
{
    public const int Ok = 0;
    public const int InvalidArgument = -1;
    public const int InvalidHandle = -2;
    public const int NotFound = -3;
    public const int Duplicate = -4;
    public const int Full = -5;
    public const int Empty = -6;
    public const int OutOfMemory = -7;
    public const int BufferTooSmall = -8;
    public const int State = -9;
    public const int Internal = -10;
    public const int Unsupported = -11;
    public const int SequenceGap = -12;
    public const int Rejected = -13;

    /// <summary>Every code with its C name, in the order of the spec.</summary>
    public static readonly IReadOnlyList<(int Code, string Name)> All = new[]
    {
        (Ok, "VELOZ_OK"),
        (InvalidArgument, "VELOZ_E_INVALID_ARGUMENT"),
        (InvalidHandle, "VELOZ_E_INVALID_HANDLE"),
        (NotFound, "VELOZ_E_NOT_FOUND"),
        (Duplicate, "VELOZ_E_DUPLICATE"),
        (Full, "VELOZ_E_FULL"),
        (Empty, "VELOZ_E_EMPTY"),
        (OutOfMemory, "VELOZ_E_OUT_OF_MEMORY"),
        (BufferTooSmall, "VELOZ_E_BUFFER_TOO_SMALL"),
        (State, "VELOZ_E_STATE"),
        (Internal, "VELOZ_E_INTERNAL"),
        (Unsupported, "VELOZ_E_UNSUPPORTED"),
        (SequenceGap, "VELOZ_E_SEQUENCE_GAP"),
        (Rejected, "VELOZ_E_REJECTED"),
    };

    /// <summary>True for a code the spec defines.</summary>
    public static bool IsKnown(int status) => status <= Ok && status >= Rejected;
}
