using StockMonitor.Bench;

return await BenchCommand.RunAsync(args);
