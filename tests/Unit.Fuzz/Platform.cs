// The shim is Linux-only (lib/Linux), and so are its fuzz targets.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
