using DumpFramework.Host.Cli;

return await DumpStackCli.RunAsync(args);
