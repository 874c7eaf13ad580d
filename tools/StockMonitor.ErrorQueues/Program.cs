using System.Globalization;
using StockMonitor.ServiceDefaults;

// ./stockmonitor errors: `list QUEUE_error...` prints each queue's faulted messages with their fault reason (left in
// place); `requeue QUEUE[_error]` moves them back to the queue they came from. The broker is STOCKMONITOR_RABBITMQ.
if (args.Length < 2 || args[0] is not ("list" or "requeue"))
{
    await Console.Error.WriteLineAsync("usage: StockMonitor.ErrorQueues list QUEUE_error... | requeue QUEUE");
    return 2;
}

var broker = new Uri(Environment.GetEnvironmentVariable(MessageBusExtensions.ConnectionVariable) ?? MessageBusExtensions.DefaultConnection);
await using var queues = new ErrorQueues(broker);
if (args[0] == "requeue")
{
    try
    {
        var moved = await queues.RequeueAsync(args[1]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"re-queued {moved} message(s) from {ErrorQueues.ErrorQueueOf(args[1])} to {ErrorQueues.OriginalQueueOf(args[1])}"));
        return 0;
    }
    catch (InvalidOperationException ex)
    {
        await Console.Error.WriteLineAsync(ex.Message);
        return 1;
    }
}

foreach (var queue in args.Skip(1).Select(ErrorQueues.ErrorQueueOf))
{
    var depth = await queues.DepthAsync(queue);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{queue}: {depth ?? 0} faulted message(s)"));
    foreach (var m in await queues.ListAsync(queue))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {m.FaultedAt ?? "-"}  {m.MessageId ?? "-"}  {m.MessageType ?? "-"}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {m.ExceptionType ?? "fault"}: {m.Reason ?? "(no reason recorded)"}"));
    }
}

return 0;
