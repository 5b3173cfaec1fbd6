// metadata and these tests are Linux only (the program declares it; CA1416 wants callers to agree).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
