using Suite.Testing;

namespace Suite.Reporting.Tests;

/// <summary>xunit 2 discovers collection definitions only in the test assembly itself: declare the shared one here.</summary>
[CollectionDefinition(InfraCollection.Name)]
public sealed class InfraCollectionDefinition : ICollectionFixture<InfraFixture>;
