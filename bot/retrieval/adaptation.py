"""Adapt all-MiniLM-L6-v2 to our knowledge base before it is exported (build time only; needs torch).

The packaged model knows general English; it does not know that "butt wink" is a squat fault or that
"how many sets for hip thrusts" belongs to programming, not to setup. One epoch of contrastive training
on questions we wrote for each passage teaches it that: each question is pulled towards its passage's
text and pushed away from the other passages in its batch and from one other section of the same
article, which is where the wrong answers came from (right article, wrong section).

Training questions: every passage's own `? ` phrasings and FAQ question, its heading, and the extra
questions in `knowledge/encoder-phrasings.yaml` (written for this, never used as search units). Seeded
and ordered, so a rebuild on the same files trains the same way (up to float rounding across CPUs).
`coach index build --adapt` trains it and exports it as the ranking encoder (index/ranker, see
search.RankingEncoder): it orders the candidates, and the packaged encoder still scores them. Alone it ranks
better but lowers the fused scores of right answers more than of off-topic ones, so no answer threshold kept
both the article's facts answered and off-topic questions declined (tests/eval/real/RESULTS.md).
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .corpus import Passage, load_corpus
from .embedding import MAX_TOKENS, model_path

EXTRA_PHRASINGS = "encoder-phrasings.yaml"
ADAPTATION_FILE = "adaptation.json"  # written beside the exported encoder
SEED = 0
EPOCHS = 1.0
LEARNING_RATE = 2e-5
BATCH = 32
SCALE = 20.0  # cosine similarities times this are the logits of the contrastive loss
TRAIN_TOKENS = 128  # passages are cut here while training (the export keeps MAX_TOKENS)


@dataclass(frozen=True)
class Adapted:
    path: Path  # the trained sentence-transformers model
    steps: int
    pairs: int
    data_sha256: str  # of the training questions and passage texts, in training order

    def record(self) -> dict[str, object]:
        """What index/encoder/adaptation.json says about how the served encoder was made."""
        hyper = {"seed": SEED, "epochs": EPOCHS, "learning_rate": LEARNING_RATE, "batch": BATCH, "scale": SCALE}
        return {
            "base": "sentence-transformers/all-MiniLM-L6-v2",
            "steps": self.steps,
            "pairs": self.pairs,
            "data_sha256": self.data_sha256,
            **hyper,
        }


@dataclass(frozen=True)
class Pair:
    question: str
    passage: int  # index into the passage list


def passage_text(passage: Passage) -> str:
    """What a passage's body unit embeds (index.dense_units), so training and search see the same text."""
    return f"{passage.article_title}. {passage.section}. {passage.text}"


def load_extra_phrasings(knowledge_dir: Path) -> dict[str, list[str]]:
    path = knowledge_dir / EXTRA_PHRASINGS
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(key): [str(q) for q in questions or []] for key, questions in data.items()}


def training_pairs(passages: Sequence[Passage], extra: dict[str, list[str]]) -> list[Pair]:
    """Every (question, passage) pair, sorted so the shuffle that follows is the only source of order.
    Raises ValueError for an extra phrasing keyed to a passage that does not exist (a renamed heading)."""
    index = {p.key: i for i, p in enumerate(passages)}
    if unknown := sorted(set(extra) - set(index)):
        raise ValueError(f"{EXTRA_PHRASINGS} names passages that do not exist: {', '.join(unknown[:5])}")
    pairs: set[tuple[str, int]] = set()
    for i, passage in enumerate(passages):
        questions = {*passage.phrasings, *extra.get(passage.key, ())}
        if not passage.is_faq:
            questions.add(passage.section)
        pairs.update((q, i) for q in questions if q.strip())
    return [Pair(q, i) for q, i in sorted(pairs)]


def batches(pairs: list[Pair], size: int, rng: random.Random) -> list[list[Pair]]:
    """One epoch of batches in a seeded shuffle, each with one question per passage, so every other
    passage in a batch is a true negative."""
    shuffled = pairs[:]
    rng.shuffle(shuffled)
    out: list[list[Pair]] = []
    for start in range(0, len(shuffled) - size + 1, size):
        seen: set[int] = set()
        batch: list[Pair] = []
        for pair in shuffled[start : start + size]:
            if pair.passage not in seen:
                seen.add(pair.passage)
                batch.append(pair)
        out.append(batch)
    return out


def adapt(knowledge_dir: Path, out_dir: Path, *, epochs: float = EPOCHS, max_steps: int | None = None) -> Adapted:
    """Train from the packaged model and save a sentence-transformers model in `out_dir`."""
    import torch
    from sentence_transformers import SentenceTransformer

    rng = random.Random(SEED)
    torch.manual_seed(SEED)
    passages = load_corpus(knowledge_dir).passages
    pairs = training_pairs(passages, load_extra_phrasings(knowledge_dir))
    texts = [passage_text(p) for p in passages]
    siblings: dict[str, list[int]] = {}
    for i, p in enumerate(passages):
        siblings.setdefault(p.article_id, []).append(i)

    model = SentenceTransformer(model_path(), device="cpu")
    model.max_seq_length = min(TRAIN_TOKENS, MAX_TOKENS)
    steps = int(len(pairs) / BATCH * epochs)
    if max_steps is not None:
        steps = min(steps, max_steps)
    optimiser = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, 1 - s / max(1, steps))
    )

    def embed(batch_texts: list[str]) -> torch.Tensor:
        features = model.tokenize(batch_texts)
        return torch.nn.functional.normalize(model(features)["sentence_embedding"], dim=-1)

    model.train()
    started, step = time.monotonic(), 0
    while step < steps:
        for batch in batches(pairs, BATCH, rng):
            if step >= steps:
                break
            negatives = []
            for pair in batch:
                others = [j for j in siblings[passages[pair.passage].article_id] if j != pair.passage]
                negatives.append(texts[rng.choice(others)] if others else texts[rng.randrange(len(texts))])
            questions = embed([p.question for p in batch])
            candidates = embed([texts[p.passage] for p in batch] + negatives)
            loss = torch.nn.functional.cross_entropy(SCALE * questions @ candidates.T, torch.arange(len(batch)))
            loss.backward()  # type: ignore[no-untyped-call]
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 20 == 0 or step == steps:
                print(
                    f"  adapting: step {step}/{steps}, loss {loss.item():.3f}, {time.monotonic() - started:.0f} s",
                    file=sys.stderr,
                )
    model.eval()
    model.save(str(out_dir))
    digest = hashlib.sha256()
    for pair in pairs:
        digest.update(f"{pair.question}\0{texts[pair.passage]}\0".encode())
    return Adapted(out_dir, steps, len(pairs), digest.hexdigest())
