using DumpFramework.Bench;

return BenchProgram.Run(args);
