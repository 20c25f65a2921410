#!/usr/bin/env bash
# requires: torch
# stepwise train / export end to end: train a tiny student on generated traces, resume it,
# export it, and check the export with a pure-PyTorch GPT-2 forward pass on the exported
# weights against the logits stepwise computed (reference_logits.json).
set -euo pipefail
BIN=$1
ROOT=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK/traces.jsonl" <<'PY'
import json, random, sys
r = random.Random(1)
with open(sys.argv[1], "w") as f:
    for i in range(300):
        a, b, p = r.randint(2, 9), r.randint(2, 20), r.randint(0, 50)
        q = f"Ann buys {a} pens at ${b} each. She pays with ${a*b+p}. How much change?"
        steps = [f"{a}*{b}=<<{a}*{b}={a*b}>>{a*b}", f"{a*b+p}-{a*b}=<<{a*b+p}-{a*b}={p}>>{p}"]
        f.write(json.dumps({"id": f"s{i}", "question": q, "steps": steps, "answer": str(p)}) + "\n")
    f.write('{"id": "broken", "question": "no answer here", "steps": []}\n')
    f.write('not json\n')
PY

common=(--data "$WORK/traces.jsonl" --d 32 --layers 2 --heads 2 --ctx 96 --batch 8 --seed 3
        --log-every 1 --quiet)
"$BIN" train "${common[@]}" --steps 16 --out "$WORK/full" --summary "$WORK/full.json"
"$BIN" train "${common[@]}" --steps 16 --stop-after 7 --out "$WORK/part"
"$BIN" train "${common[@]}" --steps 16 --resume --out "$WORK/part" --summary "$WORK/part.json"

python3 - "$WORK/full.json" "$WORK/part.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["steps"] == 16 and b["steps"] == 16, (a["steps"], b["steps"])
assert a["losses"] == b["losses"], "resumed loss curve differs"
assert a["bad_records"] == 2, a["bad_records"]       # the line without answer + the bad JSON line
assert a["tokens_trained"] < a["tokens_seen"]        # the questions are not in the loss
assert a["losses"][-1][1] < a["losses"][0][1]
print("resume: identical loss curve over", len(a["losses"]), "steps")
PY

"$BIN" export "$WORK/full/checkpoint.safetensors" --format safetensors -o "$WORK/hf" \
  --probe "Ann buys 3 pens at \$4 each. She pays with \$20. How much change?" --quiet
test -s "$WORK/hf/model.safetensors" && test -s "$WORK/hf/config.json"

/usr/bin/python3 - "$WORK/hf" <<'PY'
import json, math, struct, sys
import torch
d = sys.argv[1]

def read_safetensors(path):  # 8-byte length, JSON header, raw little-endian data
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n]); data = raw[8 + n:]
    out = {}
    for name, e in header.items():
        if name == "__metadata__": continue
        assert e["dtype"] == "F32", e
        b, en = e["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[b:en]), dtype=torch.float32).reshape(e["shape"])
    return out

w = read_safetensors(f"{d}/model.safetensors")
cfg = json.load(open(f"{d}/config.json"))
ref = json.load(open(f"{d}/reference_logits.json"))
C, H = cfg["n_embd"], cfg["n_head"]

def gelu_new(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))

def ln(x, p):
    return torch.nn.functional.layer_norm(x, (C,), w[p + ".weight"], w[p + ".bias"], cfg["layer_norm_epsilon"])

def conv1d(x, p):  # Hugging Face Conv1D: weight (in, out)
    return x @ w[p + ".weight"] + w[p + ".bias"]

ids = torch.tensor(ref["input_ids"]); T = len(ids)
x = w["wte.weight"][ids] + w["wpe.weight"][torch.arange(T)]
mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
for i in range(cfg["n_layer"]):
    p = f"h.{i}"
    q, k, v = conv1d(ln(x, p + ".ln_1"), p + ".attn.c_attn").split(C, -1)
    q, k, v = (t.view(T, H, C // H).transpose(0, 1) for t in (q, k, v))
    att = (q @ k.transpose(-1, -2)) / math.sqrt(C // H)
    att = att.masked_fill(~mask, float("-inf")).softmax(-1)
    x = x + conv1d((att @ v).transpose(0, 1).reshape(T, C), p + ".attn.c_proj")
    x = x + conv1d(gelu_new(conv1d(ln(x, p + ".ln_2"), p + ".mlp.c_fc")), p + ".mlp.c_proj")
head = w["wte.weight"] if cfg.get("tie_word_embeddings", True) else w["lm_head.weight"]
logits = ln(x, "ln_f") @ head.T
want = torch.tensor(ref["logits"])
err = (logits - want).abs().max().item()
assert logits.shape == want.shape, (logits.shape, want.shape)
assert err < 1e-4, f"exported weights give different logits: max abs diff {err}"
print(f"export: GPT-2 forward on the safetensors matches stepwise's logits (max abs diff {err:.2e})")
PY
# Place-value digit tokens: trained, saved in the checkpoint, exported with every piece named.
"$BIN" train "${common[@]}" --steps 8 --digits place --out "$WORK/place"
"$BIN" export "$WORK/place/checkpoint.safetensors" --format safetensors -o "$WORK/place-hf" --quiet
python3 - "$WORK/place-hf" <<'PY'
import json, sys
tok = json.load(open(sys.argv[1] + "/tokenizer.json"))
cfg = json.load(open(sys.argv[1] + "/config.json"))
assert tok["digits"] == "place", tok.get("digits")
assert len(tok["pieces"]) == cfg["vocab_size"], (len(tok["pieces"]), cfg["vocab_size"])
assert "<7@2>" in tok["pieces"] and "<0@-4>" in tok["pieces"]
print("place digits: tokenizer exported with", len(tok["pieces"]), "pieces")
PY
if "$BIN" train "${common[@]}" --steps 8 --digits roman --out "$WORK/bad" 2>"$WORK/err"; then
  echo "--digits roman was accepted"; exit 1
fi
grep -q -- '--digits: expected plain or place, got "roman"' "$WORK/err"

echo "cli_train: ok"
