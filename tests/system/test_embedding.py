"""The int8 ONNX encoder the bot serves with stays faithful to the original model."""

import numpy as np

SENTENCES = [
    "dumbbell or barbell for hip thrusts?",
    "hip thrust and deadlift on the same day?",
    "my lower back hurts when i thrust",
    "Place the bench under the middle of your shoulder blades and keep your shins vertical at the top. " * 3,
]


def test_onnx_int8_matches_sentence_transformers(encoder):
    from bot.retrieval.embedding import MiniLMEncoder

    reference = MiniLMEncoder().encode(SENTENCES)
    served = encoder.encode(SENTENCES)
    assert served.shape == reference.shape == (4, 384)
    cosines = (served * reference).sum(axis=1)
    assert cosines.min() > 0.98, cosines
    assert np.allclose(np.linalg.norm(served, axis=1), 1.0, atol=1e-5)


def test_batching_barely_changes_vectors(encoder):
    # Dynamic int8 quantisation scales activations per batch, so a batch is close to, not
    # bit-identical with, one-by-one encoding.
    one_by_one = np.vstack([encoder.encode([s]) for s in SENTENCES])
    batched = encoder.encode(SENTENCES, batch_size=4)
    assert (one_by_one * batched).sum(axis=1).min() > 0.98
