using Builder.Packages;

namespace Tests.UnitBuilder.Packages;

/// <summary>A small Packages index in apt's own format, for closure tests.</summary>
internal static class FakeIndex
{
    public const string Text = """
        Package: libc6
        Version: 2.36-9
        Architecture: amd64
        Priority: required
        Description: the C library
         with a continuation line

        Package: libssl3
        Version: 3.0.11-1
        Architecture: amd64
        Depends: libc6 (>= 2.34)

        Package: web
        Version: 1.2-1
        Architecture: amd64
        Pre-Depends: libc6 (>= 2.30)
        Depends: libssl3 (>= 3.0), web-common (= 1.2-1), mawk | awk, www-browser-data, debconf (>= 0.5) | debconf-2.0

        Package: web-common
        Version: 1.2-1
        Architecture: all

        Package: gawk
        Version: 1:5.2.1-2
        Architecture: amd64
        Priority: optional
        Provides: awk

        Package: original-awk
        Version: 2012-12-20-1
        Architecture: amd64
        Priority: optional
        Provides: awk

        Package: lynx-data
        Version: 1.0
        Architecture: all
        Priority: optional
        Provides: www-browser-data

        Package: elinks-data
        Version: 1.0
        Architecture: all
        Priority: standard
        Provides: www-browser-data

        Package: debconf
        Version: 1.5.82
        Architecture: all
        Priority: important

        Package: newer-only
        Version: 1.0
        Architecture: amd64
        Depends: libc6 (>= 2.99)

        Package: mta-a
        Version: 1
        Architecture: amd64
        Provides: mail-transport-agent
        Conflicts: mail-transport-agent

        Package: mta-b
        Version: 1
        Architecture: amd64
        Provides: mail-transport-agent
        Conflicts: mail-transport-agent

        Package: old-breaker
        Version: 1
        Architecture: amd64
        Breaks: libssl3 (<< 3.1)

        Package: armonly
        Version: 1
        Architecture: arm64

        Package: libc6
        Version: 2.36-9+deb12u4
        Architecture: amd64
        Priority: required

        """;

    public static PackageIndex Load() => PackageIndex.Parse(new StringReader(Text));
}
