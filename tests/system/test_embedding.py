"""The int8 ONNX export stays faithful to the model it comes from, and the served encoder is the one
adapted to our knowledge base (bot/retrieval/adaptation.py), still close to the packaged model."""

import json

import numpy as np
from support.paths import REPO

SENTENCES = [
    "dumbbell or barbell for hip thrusts?",
    "hip thrust and deadlift on the same day?",
    "my lower back hurts when i thrust",
    "Place the bench under the middle of your shoulder blades and keep your shins vertical at the top. " * 3,
]


def test_the_int8_export_matches_the_model_it_was_exported_from(tmp_path):
    from bot.retrieval.embedding import MiniLMEncoder, OnnxEncoder, export_onnx_int8

    export_onnx_int8(tmp_path)  # the packaged model: the same export path the adapted one takes
    reference = MiniLMEncoder().encode(SENTENCES)
    served = OnnxEncoder(tmp_path).encode(SENTENCES)
    assert served.shape == reference.shape == (4, 384)
    cosines = (served * reference).sum(axis=1)
    assert cosines.min() > 0.98, cosines
    assert np.allclose(np.linalg.norm(served, axis=1), 1.0, atol=1e-5)


def test_the_served_encoder_is_the_adapted_one_and_still_close_to_the_packaged_model(encoder):
    from bot.retrieval.adaptation import ADAPTATION_FILE
    from bot.retrieval.embedding import MiniLMEncoder

    record = json.loads((REPO / "index" / "encoder" / ADAPTATION_FILE).read_text())
    assert record["base"] == "sentence-transformers/all-MiniLM-L6-v2" and record["steps"] > 0
    cosines = (encoder.encode(SENTENCES) * MiniLMEncoder().encode(SENTENCES)).sum(axis=1)
    assert cosines.max() < 0.99, cosines  # it was adapted...
    assert cosines.min() > 0.7, cosines  # ...not replaced


def test_batching_barely_changes_vectors(encoder):
    # Dynamic int8 quantisation scales activations per batch, so a batch is close to, not
    # bit-identical with, one-by-one encoding.
    one_by_one = np.vstack([encoder.encode([s]) for s in SENTENCES])
    batched = encoder.encode(SENTENCES, batch_size=4)
    assert (one_by_one * batched).sum(axis=1).min() > 0.98
