// The shim and these tests are Linux only (the shim declares it; CA1416 wants callers to agree).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
