using System.ComponentModel;
using Spectre.Console.Cli;

namespace BLoRA.Cli.Commands;

/// <summary>Flags of `blora train`; each overrides the same field of --file.</summary>
internal sealed class TrainSettings : CommandSettings
{
    [CommandOption("-f|--file <FILE>")]
    [Description("A trial file (YAML or JSON; see examples/trial-minilm-spam.yaml). Flags override it.")]
    public string? File { get; init; }

    [CommandOption("--model <REF>")]
    [Description("tiny | embedded:minilm | hf:DIR | DIR (default embedded:minilm).")]
    public string? Model { get; init; }

    [CommandOption("--task <REF>")]
    [Description("synthetic | spam | spam-hard | glue:NAME | csv:PATH | jsonl:PATH (default spam).")]
    public string? Task { get; init; }

    [CommandOption("--data <DIR>")]
    [Description("Data directory of file-based tasks (e.g. the GLUE task folder).")]
    public string? Data { get; init; }

    [CommandOption("--rank <R>")]
    public int? Rank { get; init; }

    [CommandOption("--prior-strength <S>")]
    [Description("Scales lambda_q and lambda_r (default 1).")]
    public double? PriorStrength { get; init; }

    [CommandOption("--bop-budget <B>")]
    [Description("Max relative adapter BOPs vs fp32 LoRA, in (0, 1].")]
    public double? BopBudget { get; init; }

    [CommandOption("--targets <NAMES>")]
    [Description("Comma-separated target modules (default query,key,value).")]
    public string? Targets { get; init; }

    [CommandOption("--no-gates")]
    [Description("Plain fp32 LoRA: the same adapter with every gate off (the baseline).")]
    public bool? NoGates { get; init; }

    [CommandOption("--epochs <N>")]
    public int? Epochs { get; init; }

    [CommandOption("--max-steps <N>")]
    public int? MaxSteps { get; init; }

    [CommandOption("--max-train-examples <N>")]
    public int? MaxTrainExamples { get; init; }

    [CommandOption("--max-eval-examples <N>")]
    public int? MaxEvalExamples { get; init; }

    [CommandOption("--max-length <N>")]
    public int? MaxLength { get; init; }

    [CommandOption("--batch-size <N>")]
    public int? BatchSize { get; init; }

    [CommandOption("--lr <LR>")]
    [Description("Learning rate of adapters and head.")]
    public double? LearningRate { get; init; }

    [CommandOption("--gate-lr <LR>")]
    [Description("Learning rate of gate logits and quantizer scales.")]
    public double? GateLearningRate { get; init; }

    [CommandOption("--eval-every <N>")]
    public int? EvalEvery { get; init; }

    [CommandOption("--checkpoint-every <N>")]
    public int? CheckpointEvery { get; init; }

    [CommandOption("--seed <N>")]
    public long? Seed { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description("cpu | cuda | cuda:N (default cpu).")]
    public string? Device { get; init; }

    [CommandOption("--precision <P>")]
    [Description("fp32 | bf16 (frozen model in bf16; adapters stay fp32).")]
    public string? Precision { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Write checkpoints, the exported adapter and result.json here.")]
    public string? Out { get; init; }

    [CommandOption("--json")]
    [Description("Print one JSON object with metrics, BOPs, ranks and bits instead of tables.")]
    public bool Json { get; init; }
}
