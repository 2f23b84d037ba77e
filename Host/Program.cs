using DumpFramework.Host.Cli;

StartupWarmUp.Begin(args);
return await DumpStackCli.RunAsync(args);
