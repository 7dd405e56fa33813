"""A ranking encoder orders the candidates; the packaged encoder's fused score stays each hit's score."""

import numpy as np
import pytest

from bot.retrieval.search import HybridSearcher, RankingEncoder

QUESTION = "how high should the bench be"


def _plain_and_ranked(fixture_engine, encoder, favourite: int):
    """A plain searcher, and one whose ranking units make passage `favourite` the ranking encoder's best match.
    Its gate is open (the ranking encoder runs on every question): the gate has a test of its own below, and
    whether this question's top two are close depends on the encoder's int8 arithmetic."""
    from dataclasses import replace

    plain = fixture_engine.searcher
    index = plain.index
    units = index.dense.reconstruct_n(0, index.dense.ntotal).copy()
    units[index.unit_passage == favourite] = plain.encode([plain.prepare(QUESTION)])[0]
    weights = replace(plain.weights, ranking_gate=1.0)
    return plain, HybridSearcher(index, encoder, weights, RankingEncoder(encoder, units))


def test_the_ranking_encoder_orders_and_the_packaged_one_scores(fixture_engine, encoder):
    plain_hits = fixture_engine.searcher.search(QUESTION, k=4)
    assert len(plain_hits) == 4
    favourite_key = plain_hits[-1].passage.key  # the plain searcher's last pick
    favourite = next(i for i, p in enumerate(fixture_engine.searcher.index.passages) if p.key == favourite_key)
    plain, ranked = _plain_and_ranked(fixture_engine, encoder, favourite)

    hits = ranked.search(QUESTION, k=4)
    assert hits[0].passage.key == favourite_key != plain_hits[0].passage.key
    plain_score = {h.passage.key: (h.score, h.dense, h.sparse) for h in plain_hits}
    for hit in hits:  # every hit keeps the packaged encoder's scores, whatever its place
        assert (hit.score, hit.dense, hit.sparse) == pytest.approx(plain_score[hit.passage.key])


def test_a_ranking_encoder_needs_one_vector_per_unit(fixture_engine, encoder):
    index = fixture_engine.searcher.index
    with pytest.raises(ValueError, match="one ranking vector per dense unit"):
        HybridSearcher(index, encoder, ranking=RankingEncoder(encoder, np.zeros((1, 384), dtype=np.float32)))


def test_a_confident_runner_up_answers_when_the_ranked_first_is_unsure(real_engine):
    # The ranking encoder put "Lowering the weight" (scored 0.536) above "Why mistakes matter" (0.585) for "why do
    # i need to sort my thrust form out before piling on plates", and the question was declined at 0.56.
    from bot.retrieval.answer import confident_first
    from bot.retrieval.search import Hit

    a, b, c, d = real_engine.searcher.index.passages[:4]
    unsure, confident, other = Hit(a, 0.53, 0.4, 0.6), Hit(b, 0.58, 0.4, 0.7), Hit(c, 0.50, 0.4, 0.5)
    assert [h.passage for h in confident_first([unsure, confident, other], 0.56)] == [b, a, c]
    assert [h.passage for h in confident_first([unsure, other, confident], 0.56)] == [b, a, c]
    # Only the next two are looked at, and an order whose first clears the threshold is kept.
    far = [unsure, other, Hit(d, 0.45, 0.4, 0.5), confident]
    assert confident_first(far, 0.56) == far
    assert confident_first([confident, unsure], 0.56) == [confident, unsure]


class CountingEncoder:
    """The test encoder, counting the texts it is asked to embed."""

    def __init__(self, inner):
        self.inner, self.name, self.texts = inner, inner.name, []

    def encode(self, texts, **kwargs):
        self.texts.extend(texts)
        return self.inner.encode(texts, **kwargs)


def test_the_ranking_encoder_runs_only_where_the_top_is_close(fixture_engine, encoder):
    from dataclasses import replace

    plain = fixture_engine.searcher
    index = plain.index
    counting = CountingEncoder(encoder)
    units = index.dense.reconstruct_n(0, index.dense.ntotal)
    ranked = HybridSearcher(index, encoder, plain.weights, RankingEncoder(counting, units))
    first = ranked.components([ranked.prepare(q) for q in QUESTIONS])
    leads = {q: ranked._lead(c) for q, c in zip(QUESTIONS, first, strict=True)}
    counting.texts.clear()
    close = [q for q, lead in leads.items() if lead <= plain.weights.ranking_gate]
    clear = [q for q, lead in leads.items() if lead > plain.weights.ranking_gate]
    assert close and clear, leads  # the questions cover both cases
    components = ranked.components([ranked.prepare(q) for q in QUESTIONS])
    assert counting.texts == [ranked.prepare(q).text for q in close]  # one batch, the close ones only
    assert [c.ranking_dense is not None for c in components] == [q in close for q in QUESTIONS]
    # A gate of 1 ranks every question, a negative one none.
    always = HybridSearcher(index, encoder, replace(plain.weights, ranking_gate=1.0), RankingEncoder(counting, units))
    assert all(c.ranking_dense is not None for c in always.components([always.prepare(q) for q in QUESTIONS]))
    never = HybridSearcher(index, encoder, replace(plain.weights, ranking_gate=-1.0), RankingEncoder(counting, units))
    counting.texts.clear()
    assert all(c.ranking_dense is None for c in never.components([never.prepare(q) for q in QUESTIONS]))
    assert counting.texts == []


QUESTIONS = [
    QUESTION,
    "how far apart should my feet be for hip thrusts",
    "what weight should I start with",
    "is it bad if my lower back hurts",
    "dumbbell or barbell",
    "how many sets",
]
