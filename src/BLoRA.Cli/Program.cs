using BLoRA.Cli.Infrastructure;
using Spectre.Console;

var app = CliApp.Create(AnsiConsole.Console, CliConfiguration.Build());
return await app.RunAsync(args);
