
namespace EmergencyFlow.Application.Ops;

/// <summary>An agent's emergency contacts in the stored semicolon format.</summary>
public sealed record ContactsDocument(string Contacts);
