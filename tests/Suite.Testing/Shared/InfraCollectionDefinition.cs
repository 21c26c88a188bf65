// Compiled into every test project that references Suite.Testing (see tests/Directory.Build.targets): xunit 2 finds
// collection definitions only in the test assembly itself, so [Collection(InfraCollection.Name)] needs this there.
namespace Suite.Testing;

[Xunit.CollectionDefinition(InfraCollection.Name)]
public sealed class InfraCollectionDefinition : Xunit.ICollectionFixture<InfraFixture>;
