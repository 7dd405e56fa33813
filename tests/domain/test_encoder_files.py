"""The served encoder file: `coach index build` saves the int8 model with onnxruntime's portable graph
optimisations applied, so a starting bot skips that step; the vectors must not change."""

import shutil

import numpy as np
from support.paths import REPO

from bot.retrieval.embedding import ONNX_FILE, OPTIMISED_FILE, TOKENIZER_FILE, OnnxEncoder, optimise_onnx

SENTENCES = ["how far should my feet be for hip thrusts", "is creatine safe?", "x" * 600]


def test_the_committed_encoder_is_the_optimised_file():
    encoder_dir = REPO / "index" / "encoder"
    assert (encoder_dir / OPTIMISED_FILE).exists() and not (encoder_dir / ONNX_FILE).exists()


def test_optimising_replaces_the_model_file_and_keeps_the_vectors(tmp_path):
    served = REPO / "index" / "encoder"
    shutil.copyfile(served / OPTIMISED_FILE, tmp_path / ONNX_FILE)  # as an older index would have it
    shutil.copyfile(served / TOKENIZER_FILE, tmp_path / TOKENIZER_FILE)
    before = OnnxEncoder(tmp_path).encode(SENTENCES)  # loaded the old way, optimised at load
    optimise_onnx(tmp_path)
    assert (tmp_path / OPTIMISED_FILE).exists() and not (tmp_path / ONNX_FILE).exists()
    after = OnnxEncoder(tmp_path).encode(SENTENCES)  # loaded with optimisation off
    np.testing.assert_allclose(after, before, atol=1e-6)
    np.testing.assert_allclose(after, OnnxEncoder(served).encode(SENTENCES), atol=1e-6)
    optimise_onnx(tmp_path)  # nothing left to do: no error, file kept
    assert (tmp_path / OPTIMISED_FILE).exists()
