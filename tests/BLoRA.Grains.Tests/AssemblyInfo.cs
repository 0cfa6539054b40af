// Clusters are heavy on a 2-core machine: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
