using DurableTask.Core;

namespace EmergencyFlow.Engine.Sqlite;

/// <summary>A message on disk and in memory: its row id (send order), the message, and when it becomes visible (UTC ticks; 0: at once).</summary>
internal sealed record StoredMessage(long Id, string InstanceId, TaskMessage Message, long VisibleAt);
