namespace Suite.ServiceDefaults.Grpc;

/// <summary>One problem with one input field, in google.rpc.BadRequest terms.</summary>
public sealed record FieldViolation(string Field, string Description);
