using System.Text.Json.Nodes;

namespace BLoRA.Cli.Tests.BadInput;

/// <summary>The malformed inputs: sweep spec files, CLI arguments, model files. Each must get a clear error and change nothing stored.</summary>
internal static class BadInputTable
{
    private const string Head = "name: $ID\nmodel: tiny\ntask: synthetic\n";

    public static IReadOnlyList<BadInputRow> All { get; } =
    [
        // --- spec files: syntax ---
        Submit("YAML syntax error", "`grid: [1, 2` (unclosed flow sequence)", Head + "grid: [1, 2\n", ["spec.yaml:5:1: YAML syntax error: While parsing a flow sequence", "check the indentation, the ':' after each key and the brackets"]),
        Submit("YAML bad indentation", "`name: x` then `  model: tiny` (a key indented under a scalar)", "name: x\n  model: tiny\ntask: synthetic\n", ["spec.yaml:2:8: YAML syntax error:", "check the indentation"]),
        Submit("duplicate key", "`name:` twice", Head + "name: again\n", ["spec.yaml:4:1: name: duplicate key; each field may appear once, remove one of them"]),
        Submit("not a mapping", "a YAML list at the top", "- just\n- a list\n", ["spec.yaml:1:1: a sweep spec is a mapping"]),
        Submit("empty file", "an empty file", "", ["spec.yaml:1:1: a sweep spec is a mapping"]),
        Submit("binary garbage", "512 random bytes", "\u0000\u0001\u00fe\u00ff garbage \u0007", ["spec.yaml:1:"]),
        // --- spec files: fields and types ---
        Submit("unknown field", "`frobnicate: 3`", Head + "frobnicate: 3\n", ["spec.yaml:4:1: frobnicate: unknown field; expected one of name, id"]),
        Submit("misspelt trainer option", "`options: {rnak: 4}`", Head + "options:\n  rnak: 4\n", ["spec.yaml:5:3: options.rnak: unknown field; expected one of", "rank"]),
        Submit("wrong type: integer", "`maxConcurrentTrials: many`", Head + "maxConcurrentTrials: many\n", ["spec.yaml:4:22: maxConcurrentTrials: 'many' is not an integer"]),
        Submit("wrong type: mapping", "`grid: 5`", Head + "grid: 5\n", ["spec.yaml:4:7: grid: must be a mapping with priorStrength, bopBudget, seeds and extra"]),
        Submit("wrong type: list for a value", "`options: {rank: [4, 8]}` (a list where one value goes)", Head + "options:\n  rank: [4, 8]\n", ["spec.yaml:5:9: options.rank: takes one value, not a list; to try several, make it a grid axis (grid: extra: rank: [...])"]),
        Submit("wrong type: option value", "`options: {learningRate: fast}`", Head + "options:\n  learningRate: fast\n", ["options.learningRate: 'fast' is not a number"]),
        // --- spec files: values ---
        Submit("negative prior strength", "`priorStrength: [1, -2]`", Head + "grid:\n  priorStrength: [1, -2]\n", ["spec.yaml:5:22: grid.priorStrength[1]: must be a finite number in (0, 1000000] (got -2)"]),
        Submit("NaN prior strength", "`priorStrength: [NaN]`", Head + "grid:\n  priorStrength: [NaN]\n", ["grid.priorStrength[0]: must be a finite number in (0, 1000000] (got NaN)"]),
        Submit("YAML .nan", "`priorStrength: [.nan]`", Head + "grid:\n  priorStrength: [.nan]\n", ["grid.priorStrength[0]: must be a finite number in (0, 1000000] (got NaN)"]),
        Submit("huge prior strength", "`priorStrength: [1e308]`", Head + "grid:\n  priorStrength: [1e308]\n", ["grid.priorStrength[0]: must be a finite number in (0, 1000000] (got 1E+308)"]),
        Submit("infinite prior strength", "`priorStrength: [1e400]` (overflows to infinity)", Head + "grid:\n  priorStrength: [1e400]\n", ["grid.priorStrength[0]: must be a finite number in (0, 1000000]"]),
        Submit("BOP budget above 1", "`bopBudget: [0.5, 7]`", Head + "grid:\n  bopBudget: [0.5, 7]\n", ["grid.bopBudget[1]: must be in (0, 1] (relative adapter BOPs), or null for no budget (got 7)"]),
        Submit("negative seed", "`seeds: [-1]`", Head + "grid:\n  seeds: [-1]\n", ["grid.seeds[0]: must be >= 0 (got -1)"]),
        Submit("integer overflow", "`maxRetries: 99999999999`", Head + "maxRetries: 99999999999\n", ["maxRetries: '99999999999' is not an integer"]),
        Submit("out-of-range count", "`gpuSlotsPerTrial: 0`, `maxRetries: -1`", Head + "gpuSlotsPerTrial: 0\nmaxRetries: -1\n", ["gpuSlotsPerTrial: must be in 1..64 (got 0)", "maxRetries: must be in 0..100 (got -1)"]),
        Submit("huge learning rate", "`options: {learningRate: 1e308}`", Head + "options:\n  learningRate: 1e308\n", ["options.learningRate: must be in (0, 1) (got 1E+308)"]),
        Submit("unknown early stopping", "`earlyStopping: {kind: fast}`", Head + "earlyStopping:\n  kind: fast\n", ["earlyStopping.kind: 'fast' is not none or asha"]),
        Submit("bad reference point", "`reference: {relativeBops: -1}`", Head + "reference:\n  relativeBops: -1\n", ["reference.relativeBops: must be a finite number > 0"]),
        Submit("empty grid axis", "`priorStrength: []`", Head + "grid:\n  priorStrength: []\n", ["grid.priorStrength: must have at least one value"]),
        Submit("duplicate axis value", "`seeds: [0, 0]`", Head + "grid:\n  seeds: [0, 0]\n", ["grid.seeds[1]: duplicates grid.seeds[0] (0)"]),
        Submit("a million cells", "100 prior strengths x 100 seeds x 100 ranks (1,000,000 trials)",
            Head + $"grid:\n  priorStrength: [{Range(1, 100)}]\n  seeds: [{Range(0, 100)}]\n  extra:\n    rank: [{Range(1, 100)}]\n",
            ["grid: expands to 1,000,000 trials, more than the limit of 100,000 per sweep: shrink an axis or split the sweep"]),
        Submit("10^12 cells", "six axes of 100 values (10^12 trials): refused by counting, never expanded",
            Head + $"grid:\n  priorStrength: [{Range(1, 100)}]\n  seeds: [{Range(0, 100)}]\n  extra:\n    rank: [{Range(1, 100)}]\n    epochs: [{Range(1, 100)}]\n    batchSize: [{Range(1, 100)}]\n    maxLength: [{Range(8, 100)}]\n",
            ["grid: expands to 1,000,000,000,000 trials, more than the limit of 100,000"]),
        Submit("unknown model scheme", "`model: s3:bucket/bert`", "name: $ID\nmodel: s3:bucket/bert\ntask: synthetic\n", ["spec.yaml:2:8: model: unknown model reference 's3:bucket/bert' (scheme 's3:'); use embedded:minilm, hf:DIR"]),
        Submit("unknown embedded model", "`model: embedded:bert-large`", "name: $ID\nmodel: embedded:bert-large\ntask: spam\n", ["spec.yaml:2:8: model: unknown embedded model 'embedded:bert-large'; embedded models: embedded:minilm"]),
        Submit("unknown task", "`task: imdb`", "name: $ID\nmodel: embedded:minilm\ntask: imdb\n", ["spec.yaml:3:7: task: unknown task 'imdb'; use spam, spam-hard, glue:NAME"]),
        Submit("unknown GLUE task", "`task: glue:squad`", "name: $ID\nmodel: embedded:minilm\ntask: glue:squad\n", ["spec.yaml:3:7: task: unknown GLUE task 'squad'; GLUE tasks: cola"]),
        Submit("model without a tokenizer for a text task", "`model: tiny`, `task: spam`", "name: $ID\nmodel: tiny\ntask: spam\n", ["model: 'tiny' has no tokenizer"]),
        Submit("invalid sweep id", "`id: ../../etc`", Head + "id: ../../etc\n", ["id: '../../etc' may hold only letters, digits, '.', '_' and '-'"]),
        new("oversized spec file", "a 2 MiB spec (a comment line repeated)", 2,
            ["is larger than the 1048576-byte limit for sweep specs"],
            c => [["sweep", "submit", c.Spec(Head + string.Concat(Enumerable.Repeat("# padding padding padding padding padding padding padding\n", 40_000)))]]),
        new("missing spec file", "`sweep submit missing.yaml`", 2, ["missing.yaml: no such file"], c => [["sweep", "submit", c.Path("missing.yaml")]]),
        new("conflicting submit", "the stored sweep's id with a different spec", 2,
            ["Conflict", "already exists with a different spec", "submit under another sweep id"],
            c => [["sweep", "submit", c.ValidSpecWith("grid:\n  priorStrength: [3]"), "--id", c.BaselineId]]),
        new("invalid --id", "`sweep submit FILE --id 'a b/c'`", 2, ["sweepId: 'a b/c' may hold only letters"], c => [["sweep", "submit", c.ValidSpecWith(""), "--id", "a b/c"]]),
        // --- the worker's roots (checked where the files are read) ---
        new("data path escaping the roots", "`options.data: ../../../../etc` (glue:rte)", 5,
            ["options.data: '../../../../etc' (which resolves to '", "is outside this worker's data roots", "BLoRA:Runner:DataRoots", "1 of 1 trial(s) failed"],
            c => [["sweep", "submit", c.Spec("name: $ID\nmodel: embedded:minilm\ntask: glue:rte\nmaxRetries: 0\noptions:\n  data: ../../../../etc\n"), "--wait"]], CreatesSweep: true),
        new("model path outside the roots", "`model: hf:/etc`", 5,
            ["modelRef: '/etc' is outside this worker's model roots", "BLoRA:Runner:ModelRoots", "1 of 1 trial(s) failed"],
            c => [["sweep", "submit", c.Spec("name: $ID\nmodel: hf:/etc\ntask: spam\nmaxRetries: 0\n"), "--wait"]], CreatesSweep: true),
        // --- CLI arguments ---
        new("missing argument", "`sweep submit` (no FILE)", 2, ["missing required argument 'FILE'"], _ => [["sweep", "submit"]]),
        new("unknown flag", "`sweep list --frobnicate`", 2, ["Unknown option 'frobnicate'"], _ => [["sweep", "list", "--frobnicate"]]),
        new("unknown command", "`sweep launch`", 2, ["Unknown command 'launch'"], _ => [["sweep", "launch"]]),
        new("bad --cluster", "`--cluster gateway-without-port`", 2, ["--cluster: 'gateway-without-port' is not HOST:PORT with a port in 1-65535 (e.g. 127.0.0.1:30000)"], _ => [["sweep", "list", "--cluster", "gateway-without-port"]], RealGateway: true),
        new("bad --cluster port", "`--cluster 127.0.0.1:99999`", 2, ["--cluster: '127.0.0.1:99999' is not HOST:PORT"], _ => [["sweep", "list", "--cluster", "127.0.0.1:99999"]], RealGateway: true),
        new("missing --tls-cert file", "`--tls-cert missing.pfx`", 2, ["Cluster:Tls:CertificatePath: '", "missing.pfx' does not exist"], c => [["sweep", "list", "--tls-cert", c.Path("missing.pfx"), "--tls-ca", c.Path("ca.pem")]], RealGateway: true),
        new("unknown sweep", "`sweep status no-such-sweep`", 3, ["no sweep 'no-such-sweep' in this cluster; `./blora sweep list` shows the sweeps"], _ => [["sweep", "status", "no-such-sweep"]]),
        new("bad plot extension", "`sweep pareto ID --plot front.gif`", 2, ["--plot", ".png or .svg"], c => [["sweep", "pareto", c.BaselineId, "--plot", c.Path("front.gif")]]),
        new("train: bad number", "`train --lr fast`", 2, ["'fast' is not a value this option takes (a number such as 8e-4", "--help"], _ => [["train", "--lr", "fast"]]),
        new("train: out-of-range values", "`train --rank 0 --device tpu`", 2, ["trainer.Device", "adapter.Rank"], _ => [["train", "--model", "tiny", "--task", "synthetic", "--rank", "0", "--device", "tpu"]]),
        // --- model files ---
        Train("truncated safetensors", "model.safetensors cut 1000 bytes short", ["model.safetensors: truncated safetensors file: tensor 'pooler.dense.weight' ends at byte", "re-download or re-save the checkpoint"],
            dir =>
            {
                var file = Path.Combine(dir, "model.safetensors");
                var bytes = File.ReadAllBytes(file);
                File.WriteAllBytes(file, bytes[..^1000]);
            }),
        Train("safetensors header length lies", "the 8-byte header length says 2^40", ["model.safetensors: truncated or not a safetensors file (header length 1099511627776 bytes declared", "re-download or re-save the checkpoint"],
            dir =>
            {
                var file = Path.Combine(dir, "model.safetensors");
                var bytes = File.ReadAllBytes(file);
                BitConverter.GetBytes(1UL << 40).CopyTo(bytes, 0);
                File.WriteAllBytes(file, bytes);
            }),
        Train("safetensors offsets lie", "a tensor's data_offsets point past the end of the file", ["model.safetensors: truncated safetensors file: tensor 'embeddings.word_embeddings.weight' ends at byte 68719476736 of the data section", "re-download or re-save"],
            dir => BadInputContext.EditSafetensorsHeader(Path.Combine(dir, "model.safetensors"), h => h["embeddings.word_embeddings.weight"]!["data_offsets"] = new JsonArray(0, 1L << 36))),
        Train("safetensors shape disagrees with its bytes", "a tensor's shape claims more elements than its data_offsets hold", ["model.safetensors: corrupt safetensors header: tensor 'embeddings.word_embeddings.weight' has shape [2000, 64] of F32 (512000 bytes) but its data_offsets hold 256000 bytes (re-save the checkpoint)"],
            dir => BadInputContext.EditSafetensorsHeader(Path.Combine(dir, "model.safetensors"), h => h["embeddings.word_embeddings.weight"]!["shape"] = new JsonArray(2000, 64))),
        Train("not a safetensors file", "model.safetensors holds text", ["model.safetensors: truncated or not a safetensors file", "re-download or re-save"],
            dir => File.WriteAllText(Path.Combine(dir, "model.safetensors"), "this is not a checkpoint")),
        Train("checkpoint shape mismatch", "config.json says intermediate_size 256, the tensors have 128", ["model.safetensors: tensor 'encoder.layer.0.intermediate.dense.bias' has shape [128] in the checkpoint but the model (from its config) expects [256]; does config.json belong to these weights?"],
            dir =>
            {
                var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!;
                config["intermediate_size"] = 256;
                File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
            }),
        Train("missing config.json", "the checkpoint folder has no config.json", ["bert-tiny/config.json: not found. A Hugging Face checkpoint directory holds config.json, model.safetensors and its tokenizer files"], dir => File.Delete(Path.Combine(dir, "config.json"))),
        Train("vocabulary size mismatch", "vocab.txt with 6 tokens, config.json vocab_size 1000", ["the tokenizer has 6 tokens but config.json says vocab_size 1000"],
            dir => File.WriteAllLines(Path.Combine(dir, "vocab.txt"), ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a"])),
    ];

    private static BadInputRow Submit(string name, string input, string yaml, string[] expected) =>
        new(name, input, 2, ["the sweep spec has problems", .. expected], c => [["sweep", "submit", c.Spec(yaml)]]);

    private static BadInputRow Train(string name, string input, string[] expected, Action<string> breakCheckpoint) =>
        new(name, input, 2, expected, c =>
        {
            var dir = c.BertTiny();
            breakCheckpoint(dir);
            return [["train", "--model", "hf:" + dir, "--task", "csv:" + c.Csv(), "--max-steps", "1", "--json"]];
        });

    private static string Range(int from, int count) => string.Join(", ", Enumerable.Range(from, count));
}
