using BLoRA.Hosting;
using BLoRA.Training.Runtime;

try
{
    var app = BLoRASiloHost.Build(args);
    await app.RunAsync();
    return 0;
}
catch (SiloConfigurationException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
catch (TorchRuntimeException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 3;
}
