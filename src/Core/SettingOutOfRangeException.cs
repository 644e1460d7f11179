using System;

namespace VeloZ;

/// <summary>
/// A setting of a component's configuration (for example <c>OrderBookConfig.ExpectedOrders</c>) is outside its
/// documented range. Thrown by the component's constructor, the one place that judges its settings: the C ABI
/// reports it as VELOZ_E_INVALID_ARGUMENT with the setting's C name (<c>config->expected_orders</c>) and
/// <see cref="Rule"/>, so a range is written once.
/// </summary>
public sealed class SettingOutOfRangeException : ArgumentOutOfRangeException
{
    /// <summary>The configuration type, for example <c>OrderBookConfig</c>.</summary>
    public string Owner { get; }

    /// <summary>The setting's name as the configuration type spells it, for example <c>ExpectedOrders</c>.</summary>
    public string Setting { get; }

    /// <summary>What the setting must be, for example <c>must be in 1..2^28 (default 65,536)</c>.</summary>
    public string Rule { get; }

    /// <summary>Creates the exception for <paramref name="owner"/>.<paramref name="setting"/> = <paramref name="value"/>.</summary>
    public SettingOutOfRangeException(string owner, string setting, object? value, string rule)
        : base(setting, value, $"{owner}.{setting} {rule}, got {value}.")
    {
        Owner = owner;
        Setting = setting;
        Rule = rule;
    }

    /// <summary>The message without the parameter and value lines the base class appends.</summary>
    public override string Message => $"{Owner}.{Setting} {Rule}, got {ActualValue}.";
}
