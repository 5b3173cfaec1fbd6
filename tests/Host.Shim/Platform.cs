// Host tests create real containers: one at a time, so mount table comparisons see only their own.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
