using Xunit;

// The suite fixture and the AppHost process test each start a whole suite: one at a time on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
