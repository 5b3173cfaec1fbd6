namespace Tests.HostEngines;

/// <summary>One engine at a time: each daemon and its containers take most of a core to start.</summary>
[CollectionDefinition("engines", DisableParallelization = true)]
public sealed class EngineCollection;
