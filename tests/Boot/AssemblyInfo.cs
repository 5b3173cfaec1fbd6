// One VM at a time: two TCG guests on two cores would miss each other's deadlines.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
