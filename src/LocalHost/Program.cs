using System.CommandLine;
using EmergencyFlow.LocalHost;

// The host's own lifetime handles Ctrl+C and stops gracefully (lifecycles resume on the next start),
// so the parser does not install a handler that would end the process after a timeout.
return await LocalHostCommand.InvokeAsync(LocalHostCommand.Create(), args, new InvocationConfiguration { ProcessTerminationTimeout = null });
