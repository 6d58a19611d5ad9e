using DurableTask.Core;

namespace EmergencyFlow.Engine.Sqlite.Tests.Support;

/// <summary>Greets its input and counts its invocations (activities run at least once: a crash may repeat one).</summary>
internal sealed class Greeter : TaskActivity<string, string>
{
    private int invocations;

    public int Invocations => Volatile.Read(ref invocations);

    protected override string Execute(TaskContext context, string input)
    {
        Interlocked.Increment(ref invocations);
        return "hello " + input;
    }
}
