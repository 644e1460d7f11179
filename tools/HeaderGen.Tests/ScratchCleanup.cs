using System.IO;
using NUnit.Framework;

namespace VeloZ.HeaderGen.Tests;

/// <summary>Deletes the fixtures, headers and compiled probes of this run once every test has finished.</summary>
[SetUpFixture]
public class ScratchCleanup
{
    [OneTimeTearDown]
    public void DeleteScratch()
    {
        if (Directory.Exists(FixtureAssembly.ScratchRoot))
            Directory.Delete(FixtureAssembly.ScratchRoot, recursive: true);
    }
}
