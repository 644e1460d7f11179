using NUnit.Framework;

namespace VeloZ.HeaderGen.Tests;

public class NamingTests
{
    [TestCase("EInvalidArgument", "E_INVALID_ARGUMENT")]
    [TestCase("Ok", "OK")]
    [TestCase("Tsc", "TSC")]
    [TestCase("TSCClock", "TSC_CLOCK")]
    [TestCase("L2Book", "L2_BOOK")]
    [TestCase("ESequenceGap", "E_SEQUENCE_GAP")]
    public void Enum_member_names_become_upper_snake_case(string member, string expected) =>
        Assert.That(Naming.ToUpperSnakeCase(member), Is.EqualTo(expected));

    [TestCase("StructSize", "struct_size")]
    [TestCase("TicksPerSecond", "ticks_per_second")]
    [TestCase("BestRttNs", "best_rtt_ns")]
    [TestCase("P99", "p99")]
    [TestCase("Value", "value")]
    public void Field_names_become_snake_case(string field, string expected) =>
        Assert.That(Naming.ToSnakeCase(field), Is.EqualTo(expected));

    [TestCase("values", true)]
    [TestCase("out_value", true)]
    [TestCase("out", true)]
    [TestCase("new", false)]
    [TestCase("class", false)]
    [TestCase("from", false)]
    [TestCase("lambda", false)]
    [TestCase("cdef", false)]
    [TestCase("2x", false)]
    public void Identifiers_must_be_usable_in_C_CPlusPlus_Python_and_Cython(string name, bool usable) =>
        Assert.That(Naming.IsUsableIdentifier(name), Is.EqualTo(usable));

    [TestCase("TimeSync", "Time sync")]
    [TestCase("Common", "Common")]
    [TestCase("TSCClock", "TSC clock")]
    [TestCase("DepthBook", "Depth book")]
    public void Export_class_names_become_section_titles(string component, string expected) =>
        Assert.That(Naming.ToTitle(component), Is.EqualTo(expected));
}
