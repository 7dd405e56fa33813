"""The served encoder file: `coach index build` saves the int8 model with onnxruntime's portable graph
optimisations applied, so a starting bot skips that step; the vectors must not change."""

import shutil

import numpy as np
from support.paths import REPO

from bot.retrieval.embedding import (
    ONNX_FILE,
    OPTIMISED_FILE,
    TOKENIZER_FILE,
    OnnxEncoder,
    int8_kernels,
    optimise_onnx,
)

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


def test_a_text_gets_the_same_vector_alone_and_in_any_batch(encoder):
    # The int8 model quantises activations per run: batched with a longer text (and padded to it), a question's
    # vector used to move (cosine 0.992), so two users asking the same thing at once could get different answers.
    question = "how wide should i grip the bench"
    alone = encoder.encode([question])[0]
    batched = encoder.encode(["a much longer question about squats, deadlifts and everything else", question])[1]
    assert np.array_equal(alone, batched)


def test_the_vectors_match_the_reference_model_and_the_index(encoder):
    # The tokenizer file pads to 128 tokens unless told otherwise: a first version of the one-text-per-run change
    # pooled that padding, and "why is my laptop so slow" scored 0.87 against "should i lower the weight slowly"
    # (the reference model: 0.28). The stored units must be what a question alone gets.
    from bot.retrieval.index import dense_units, load_index

    laptop, lower = encoder.encode(["why is my laptop so slow", "should i lower the weight slowly"])
    assert 0.15 < float(laptop @ lower) < 0.4
    index = load_index(REPO / "index", REPO / "knowledge")
    units = dense_units(index.passages)
    stored = index.dense.reconstruct_n(0, 20)
    encoded = encoder.encode([u.text for u in units[:20]])
    if index.manifest.get("int8_kernels") == int8_kernels():
        np.testing.assert_allclose(encoded, stored, atol=1e-5)
    else:
        # Built on another kind of CPU: onnxruntime's int8 kernels differ in their float steps, so the vectors
        # agree closely but not to the bit. Before 7-bit weights an AVX2-built index met a VNNI host's questions
        # at mean cosine 0.992 (min 0.984); the laptop check above is the one that catches a pooling bug.
        cosines = [float(a @ b) for a, b in zip(encoded, stored, strict=True)]
        assert sum(cosines) / len(cosines) > 0.995 and min(cosines) > 0.97, cosines
