#!/usr/bin/env python3
"""PyTorch baseline for the DeBERTa-v3 training-throughput benchmark (docs/benchmarks.md).

The same work as `scripts/bench.sh training deberta`, in plain PyTorch: a DeBERTa-v2/v3 encoder
written here the way Hugging Face transformers' DebertaV2Model computes it (no transformers is
installable on this machine; `--check` proves the module against transformers' own outputs on
../shared/fixtures/hf/deberta-tiny), with PEFT-style LoRA (rank 8, alpha 16, no dropout) on
query_proj/key_proj/value_proj, the context pooler and a 2-label head, AdamW, global-norm clipping.
A step is forward + cross-entropy + backward + clip + AdamW; samples/s = batch / median step time.
bf16 uses torch.autocast, as Hugging Face's Trainer does with bf16=True.

    python3 deberta_lora_bench.py --check ../shared/fixtures/hf/deberta-tiny
    python3 deberta_lora_bench.py --batch 32 --precision fp32,bf16 --length 128 --steps 3 --warmup 2
"""
import argparse
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

V3_BASE = dict(vocab_size=128100, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
               intermediate_size=3072, max_position_embeddings=512, max_relative_positions=-1,
               position_buckets=256, pos_att_type=["p2c", "c2p"], share_att_key=True,
               norm_rel_ebd="layer_norm", layer_norm_eps=1e-7, pooler_hidden_size=768)


def log_bucket_position(relative_pos, bucket_size, max_position):
    sign = torch.sign(relative_pos)
    mid = bucket_size // 2
    abs_pos = torch.where((relative_pos < mid) & (relative_pos > -mid),
                          torch.tensor(mid - 1).type_as(relative_pos), torch.abs(relative_pos))
    log_pos = torch.ceil(torch.log(abs_pos / mid) / math.log((max_position - 1) / mid) * (mid - 1)) + mid
    return torch.where(abs_pos <= mid, relative_pos.type_as(log_pos), log_pos * sign).long()


def relative_positions(length, bucket_size, max_position):
    ids = torch.arange(length)
    rel = ids[:, None] - ids[None, :]
    if bucket_size > 0 and max_position > 0:
        rel = log_bucket_position(rel, bucket_size, max_position)
    return rel


class LoraLinear(nn.Module):
    """PEFT's LoRA: y = W x + b + (alpha / r) B A x, A Kaiming-uniform, B zero."""

    def __init__(self, base, rank=8, alpha=16):
        super().__init__()
        self.base = base
        self.lora_A = nn.Linear(base.in_features, rank, bias=False)
        self.lora_B = nn.Linear(rank, base.out_features, bias=False)
        nn.init.kaiming_uniform_(self.lora_A.weight, a=math.sqrt(5))
        nn.init.zeros_(self.lora_B.weight)
        self.scaling = alpha / rank

    def forward(self, x):
        return self.base(x) + self.lora_B(self.lora_A(x)) * self.scaling


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c["hidden_size"]
        self.heads = c["num_attention_heads"]
        self.query_proj, self.key_proj, self.value_proj = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)
        self.pos_att_type = c["pos_att_type"]
        self.share_att_key = c["share_att_key"]
        if not self.share_att_key:
            self.pos_key_proj, self.pos_query_proj = nn.Linear(h, h), nn.Linear(h, h)
        buckets, max_rel = c["position_buckets"], c["max_relative_positions"]
        self.span = buckets if buckets > 0 else max_rel
        self.dense, self.LayerNorm = nn.Linear(h, h), nn.LayerNorm(h, eps=c["layer_norm_eps"])

    def split(self, x):
        b, l, _ = x.shape
        return x.view(b, l, self.heads, -1).permute(0, 2, 1, 3).contiguous().view(b * self.heads, l, -1)

    def forward(self, x, mask4, rel_pos, rel_emb):
        b, l, h = x.shape
        q, k, v = self.split(self.query_proj(x)), self.split(self.key_proj(x)), self.split(self.value_proj(x))
        factor = 1 + len(self.pos_att_type)
        scores = torch.bmm(q, k.transpose(-1, -2) / math.sqrt(q.size(-1) * factor))
        rel = rel_emb[: self.span * 2].unsqueeze(0)
        pos_q_proj = self.query_proj if self.share_att_key else self.pos_query_proj
        pos_k_proj = self.key_proj if self.share_att_key else self.pos_key_proj
        pos_scale = math.sqrt(q.size(-1) * factor)
        if "c2p" in self.pos_att_type:
            pos_k = self.split(pos_k_proj(rel)).repeat(b, 1, 1)
            c2p = torch.bmm(q, pos_k.transpose(-1, -2))
            index = torch.clamp(rel_pos + self.span, 0, self.span * 2 - 1).expand(b * self.heads, l, l)
            scores = scores + torch.gather(c2p, -1, index) / pos_scale
        if "p2c" in self.pos_att_type:
            pos_q = self.split(pos_q_proj(rel)).repeat(b, 1, 1)
            p2c = torch.bmm(k, pos_q.transpose(-1, -2))
            index = torch.clamp(-rel_pos + self.span, 0, self.span * 2 - 1).expand(b * self.heads, l, l)
            scores = scores + torch.gather(p2c, -1, index).transpose(-1, -2) / pos_scale
        scores = scores.view(b, self.heads, l, l).masked_fill(~mask4, torch.finfo(scores.dtype).min)
        probs = torch.softmax(scores, dim=-1)
        context = torch.bmm(probs.view(-1, l, l), v).view(b, self.heads, l, -1).permute(0, 2, 1, 3).reshape(b, l, h)
        return self.LayerNorm(self.dense(context) + x)


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, f = c["hidden_size"], c["intermediate_size"]
        self.attention = Attention(c)
        self.intermediate = nn.Linear(h, f)
        self.output, self.output_norm = nn.Linear(f, h), nn.LayerNorm(h, eps=c["layer_norm_eps"])

    def forward(self, x, mask4, rel_pos, rel_emb):
        a = self.attention(x, mask4, rel_pos, rel_emb)
        return self.output_norm(self.output(nn.functional.gelu(self.intermediate(a))) + a)


class Deberta(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c["hidden_size"]
        self.c = c
        self.word_embeddings = nn.Embedding(c["vocab_size"], h)
        self.emb_norm = nn.LayerNorm(h, eps=c["layer_norm_eps"])
        buckets = c["position_buckets"]
        self.max_rel = c["max_relative_positions"] if c["max_relative_positions"] >= 1 else c["max_position_embeddings"]
        self.rel_embeddings = nn.Embedding(buckets * 2 if buckets > 0 else self.max_rel * 2, h)
        self.rel_norm = nn.LayerNorm(h, eps=c["layer_norm_eps"]) if "layer_norm" in c["norm_rel_ebd"] else None
        self.layers = nn.ModuleList(Layer(c) for _ in range(c["num_hidden_layers"]))

    def forward(self, ids, mask):
        x = self.emb_norm(self.word_embeddings(ids)) * mask.unsqueeze(-1).to(self.word_embeddings.weight.dtype)
        mask4 = (mask[:, None, None, :] * mask[:, None, :, None]).bool()
        rel_pos = relative_positions(ids.size(1), self.c["position_buckets"], self.max_rel).to(ids.device)
        rel_emb = self.rel_embeddings.weight
        if self.rel_norm is not None:
            rel_emb = self.rel_norm(rel_emb)
        for layer in self.layers:
            x = layer(x, mask4, rel_pos, rel_emb)
        return x


class Classifier(nn.Module):
    def __init__(self, c, labels=2):
        super().__init__()
        self.deberta = Deberta(c)
        self.pooler = nn.Linear(c["hidden_size"], c["pooler_hidden_size"])
        self.classifier = nn.Linear(c["pooler_hidden_size"], labels)

    def forward(self, ids, mask):
        return self.classifier(nn.functional.gelu(self.pooler(self.deberta(ids, mask)[:, 0])))


def read_safetensors(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    return {name: torch.from_numpy(np.frombuffer(data[m["data_offsets"][0]:m["data_offsets"][1]], dtype=dtypes[m["dtype"]]).reshape(m["shape"]).copy())
            for name, m in header.items() if name != "__metadata__"}


def hf_name(name):
    """Our module names -> DebertaV2Model's parameter names."""
    name = name.replace("emb_norm.", "embeddings.LayerNorm.").replace("word_embeddings.", "embeddings.word_embeddings.")
    name = name.replace("rel_embeddings.", "encoder.rel_embeddings.").replace("rel_norm.", "encoder.LayerNorm.").replace("layers.", "encoder.layer.")
    for ours, theirs in [("attention.query_proj", "attention.self.query_proj"), ("attention.key_proj", "attention.self.key_proj"),
                         ("attention.value_proj", "attention.self.value_proj"), ("attention.pos_key_proj", "attention.self.pos_key_proj"),
                         ("attention.pos_query_proj", "attention.self.pos_query_proj"), ("attention.dense", "attention.output.dense"),
                         ("attention.LayerNorm", "attention.output.LayerNorm"), ("intermediate.", "intermediate.dense."),
                         ("output_norm.", "output.LayerNorm."), (".output.weight", ".output.dense.weight"), (".output.bias", ".output.dense.bias")]:
        name = name.replace(ours, theirs)
    return name


def check(directory):
    config = {**V3_BASE, **json.load(open(os.path.join(directory, "config.json")))}
    reference = json.load(open(os.path.join(directory, "reference.json")))
    model = Deberta(config).eval()
    weights = read_safetensors(os.path.join(directory, "model.safetensors"))
    state = {name: weights[hf_name(name)] for name in model.state_dict()}
    model.load_state_dict(state)
    with torch.no_grad():
        out = model(torch.tensor(reference["input_ids"]), torch.tensor(reference["attention_mask"]))
    diff = (out - torch.tensor(reference["last_hidden_state"])).abs().max().item()
    print(f"{directory}: max |ours - transformers| on last_hidden_state = {diff:.2e} (torch {torch.__version__})")
    return 0 if diff <= 1e-4 else 1


def bench(args):
    torch.set_num_threads(args.threads or os.cpu_count())
    device = torch.device(args.device)
    print(f"# PyTorch {torch.__version__}: DeBERTa-v3-base shape (random init), LoRA r8 on query_proj/key_proj/value_proj, length {args.length}, "
          f"{args.steps} measured steps after {args.warmup} warmup, device {args.device}, torch threads {torch.get_num_threads()}")
    print("| batch | precision | median s/step | samples/s | median CPU s/step |")
    print("|---|---|---|---|---|")
    for batch in [int(b) for b in args.batch.split(",")]:
        for precision in args.precision.split(","):
            torch.manual_seed(1)
            model = Classifier(V3_BASE)
            for p in model.parameters():
                p.requires_grad_(False)
            for layer in model.deberta.layers:
                for name in ["query_proj", "key_proj", "value_proj"]:
                    setattr(layer.attention, name, LoraLinear(getattr(layer.attention, name)))
            for p in list(model.pooler.parameters()) + list(model.classifier.parameters()):
                p.requires_grad_(True)
            model.to(device).train()
            trainable = [p for p in model.parameters() if p.requires_grad]
            optimizer = torch.optim.AdamW(trainable, lr=1e-4, weight_decay=0.01)
            ids = torch.randint(4, 128000, (batch, args.length), device=device)
            mask = torch.ones(batch, args.length, dtype=torch.long, device=device)
            labels = torch.randint(0, 2, (batch,), device=device)
            times, cpu = [], []
            for step in range(args.warmup + args.steps):
                start, start_cpu = time.perf_counter(), time.process_time()
                with torch.autocast(device.type, dtype=torch.bfloat16, enabled=precision == "bf16"):
                    loss = nn.functional.cross_entropy(model(ids, mask).float(), labels)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(trainable, 1.0)
                optimizer.step()
                optimizer.zero_grad(set_to_none=True)
                if device.type == "cuda":
                    torch.cuda.synchronize()
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
                print(f"  batch {batch} {precision}: step {step + 1} {times[-1]:.1f} s", file=sys.stderr, flush=True)
            median = sorted(times[args.warmup:])[len(times[args.warmup:]) // 2]
            cpu_median = sorted(cpu[args.warmup:])[len(cpu[args.warmup:]) // 2]
            print(f"| {batch} | {precision} | {median:.2f} | {batch / median:.2f} | {cpu_median:.2f} |", flush=True)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", metavar="DIR", help="compare last_hidden_state with transformers' reference.json in DIR and exit")
    parser.add_argument("--batch", default="32,128")
    parser.add_argument("--precision", default="fp32,bf16")
    parser.add_argument("--length", type=int, default=128)
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    return check(args.check) if args.check else bench(args)


if __name__ == "__main__":
    sys.exit(main())
