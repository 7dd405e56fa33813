"""Build the search index from the corpus, save it to `index/`, and load it back safely.

Dense side: one FAISS inner-product index over "units": each passage body, each section
heading, and each FAQ phrasing, all pointing back at their passage. Sparse side: BM25 over
the passage text plus its headings, phrasings and the article's aliases and tags.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from .bm25 import BM25
from .corpus import Corpus, Passage, content_hash, load_corpus
from .embedding import Encoder, int8_kernels
from .guidance import ExerciseGuidance
from .names import catalogue_names
from .text import tokens

FORMAT_VERSION = 3  # 3: guidance.json (cues and swaps per exercise)
REBUILD_HINT = "Rebuild it with:  coach index build"
FILES = ("passages.json", "units.json", "dense.faiss", "bm25.json", "glossary.json", "guidance.json")
OPTIONAL_FILES = ("names.json",)  # exercise names and aliases of the catalogue (names.py); older indexes lack it
CATALOGUE = "exercises.yaml"
ENCODER_DIR = "encoder"  # the int8 ONNX export the index was embedded with (see embedding.py)
ENCODER_FILES = (
    f"{ENCODER_DIR}/model-int8.onnx",  # older indexes; replaced by the optimised file (embedding.py)
    f"{ENCODER_DIR}/model-int8-optimised.onnx",
    f"{ENCODER_DIR}/tokenizer.json",
)

# The ranking encoder (search.RankingEncoder): an adapted copy of the model (adaptation.py) in its own folder,
# and the index's dense units embedded with it. Optional: without it the packaged encoder ranks too.
RANKER_DIR = "ranker"
RANKER_UNITS = f"{RANKER_DIR}/units.npy"
RANKER_FILES = (RANKER_UNITS, f"{RANKER_DIR}/model-int8-optimised.onnx", f"{RANKER_DIR}/tokenizer.json")

BODY, HEADING, PHRASING = 0, 1, 2


class IndexUnavailable(Exception):
    """The index is missing, stale or corrupt; the message says how to rebuild it."""


@dataclass(frozen=True)
class DenseUnit:
    passage: int
    kind: int  # BODY, HEADING or PHRASING
    text: str


@dataclass
class SearchIndex:
    passages: list[Passage]
    unit_passage: np.ndarray  # passage number for each dense unit
    unit_kind: np.ndarray
    dense: faiss.Index
    bm25: BM25
    glossary: list[tuple[str, str]]  # (term or variant, meaning) pairs for query expansion
    manifest: dict[str, Any]
    guidance: ExerciseGuidance = field(default_factory=ExerciseGuidance)
    names: dict[str, list[str]] = field(default_factory=dict)  # catalogue exercise -> aliases
    ranking_units: np.ndarray | None = None  # the dense units embedded with the ranking encoder (RANKER_DIR)


def dense_units(passages: list[Passage]) -> list[DenseUnit]:
    units: list[DenseUnit] = []
    for i, p in enumerate(passages):
        units.append(DenseUnit(i, BODY, f"{p.article_title}. {p.section}. {p.text}"))
        if not p.is_faq:
            units.append(DenseUnit(i, HEADING, f"{p.article_title}: {p.section}"))
        units.extend(DenseUnit(i, PHRASING, q) for q in p.phrasings)
    return units


def sparse_document(passage: Passage, corpus: Corpus) -> list[str]:
    article = corpus.article(passage.article_id)
    extra = " ".join([*article.meta.aliases, *article.meta.tags]) if article else ""
    # Headings count twice: a word in the heading says more about the topic than one in the body.
    return tokens(
        " ".join([passage.article_title, passage.section, passage.section, *passage.phrasings, passage.text, extra])
    )


def glossary_pairs(corpus: Corpus) -> list[tuple[str, str]]:
    return [(name, t.means) for t in corpus.glossary for name in (t.term, *t.variants)]


def build_index(
    knowledge_dir: Path,
    out_dir: Path,
    encoder: Encoder,
    *,
    ranking_encoder: Encoder | None = None,
    show_progress: bool = True,
) -> dict[str, Any]:
    corpus = load_corpus(knowledge_dir)
    passages = corpus.passages
    units = dense_units(passages)
    vectors = encoder.encode([u.text for u in units], batch_size=64, show_progress=show_progress)
    ranker_units = out_dir / RANKER_UNITS
    if ranking_encoder is not None:
        ranker_units.parent.mkdir(parents=True, exist_ok=True)
        ranking = ranking_encoder.encode([u.text for u in units], batch_size=64, show_progress=show_progress)
        np.save(ranker_units, ranking.astype(np.float32), allow_pickle=False)
    else:
        ranker_units.unlink(missing_ok=True)  # units of an earlier build would not match these passages
    dense = faiss.IndexFlatIP(vectors.shape[1])
    dense.add(vectors)
    bm25 = BM25.build([sparse_document(p, corpus) for p in passages])

    out_dir.mkdir(parents=True, exist_ok=True)
    _write_json(
        out_dir / "passages.json", [asdict(p) | {"source": _relative(p.source, knowledge_dir)} for p in passages]
    )
    _write_json(out_dir / "units.json", {"passage": [u.passage for u in units], "kind": [u.kind for u in units]})
    faiss.write_index(dense, str(out_dir / "dense.faiss"))
    _write_json(out_dir / "bm25.json", bm25.to_json())
    _write_json(out_dir / "glossary.json", glossary_pairs(corpus))
    _write_json(out_dir / "guidance.json", ExerciseGuidance.from_corpus(corpus).to_json())
    catalogue = knowledge_dir / CATALOGUE
    names = catalogue_names(catalogue.read_text(encoding="utf-8")) if catalogue.exists() else {}
    _write_json(out_dir / "names.json", names)
    manifest = {
        "format_version": FORMAT_VERSION,
        "model": encoder.name,
        "dimension": int(vectors.shape[1]),
        "int8_kernels": int8_kernels(),
        "content_hash": content_hash(knowledge_dir),
        "counts": {
            "articles": len(corpus.articles),
            "passages": len(passages),
            "faq_phrasings": corpus.faq_phrasing_count,
            "dense_units": len(units),
            "glossary_terms": len(corpus.glossary),
        },
        "files": {
            name: _sha256(out_dir / name)
            for name in FILES + OPTIONAL_FILES + ENCODER_FILES + (RANKER_FILES if ranking_encoder else ())
            if (out_dir / name).exists()
        },
    }
    _write_json(out_dir / "manifest.json", manifest)
    return manifest


def load_index(index_dir: Path, knowledge_dir: Path | None = None) -> SearchIndex:
    """Load a built index; when `knowledge_dir` is given, refuse a stale one."""
    manifest_path = index_dir / "manifest.json"
    if not manifest_path.exists():
        raise IndexUnavailable(f"No index found in {index_dir}. {REBUILD_HINT}")
    try:
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("format_version") != FORMAT_VERSION:
            raise IndexUnavailable(f"The index in {index_dir} has an old format. {REBUILD_HINT}")
        for name in manifest["files"]:
            if _sha256(index_dir / name) != manifest["files"][name]:
                raise IndexUnavailable(
                    f"The index file {index_dir / name} is corrupt (checksum mismatch). {REBUILD_HINT}"
                )
        listed = set(manifest["files"])
        if not set(FILES) <= listed or (RANKER_UNITS in listed and not set(RANKER_FILES) <= listed):
            raise IndexUnavailable(f"The index manifest in {index_dir} is incomplete. {REBUILD_HINT}")
        if knowledge_dir is not None and manifest["content_hash"] != content_hash(knowledge_dir):
            raise IndexUnavailable(
                f"The index in {index_dir} is stale: knowledge/ changed since it was built. {REBUILD_HINT}"
            )
        passages = [
            Passage(**{**p, "phrasings": tuple(p["phrasings"])})
            for p in json.loads((index_dir / "passages.json").read_text())
        ]
        units = json.loads((index_dir / "units.json").read_text())
        dense = faiss.read_index(str(index_dir / "dense.faiss"))
        bm25 = BM25.from_json(json.loads((index_dir / "bm25.json").read_text()))
        glossary = [(str(a), str(b)) for a, b in json.loads((index_dir / "glossary.json").read_text())]
        guidance = ExerciseGuidance.from_json(json.loads((index_dir / "guidance.json").read_text()))
        names_path = index_dir / "names.json"
        names = (
            {str(k): [str(a) for a in v] for k, v in json.loads(names_path.read_text()).items()}
            if (names_path.exists())
            else {}
        )
        ranking_units = (
            np.load(index_dir / RANKER_UNITS, allow_pickle=False) if RANKER_UNITS in manifest["files"] else None
        )
    except IndexUnavailable:
        raise
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise IndexUnavailable(
            f"The index in {index_dir} could not be read ({exc.__class__.__name__}: {exc}). {REBUILD_HINT}"
        ) from None
    if (
        dense.ntotal != len(units["passage"])
        or len(bm25.doc_lengths) != len(passages)
        or (ranking_units is not None and ranking_units.shape != (dense.ntotal, dense.d))
    ):
        raise IndexUnavailable(f"The index in {index_dir} is inconsistent. {REBUILD_HINT}")
    return SearchIndex(
        passages=passages,
        unit_passage=np.asarray(units["passage"], dtype=np.int64),
        unit_kind=np.asarray(units["kind"], dtype=np.int8),
        dense=dense,
        bm25=bm25,
        glossary=glossary,
        manifest=manifest,
        guidance=guidance,
        names=names,
        ranking_units=ranking_units,
    )


def _relative(source: str, knowledge_dir: Path) -> str:
    """A "path" or "path:line" source relative to the knowledge directory, so a committed index carries
    no machine path."""
    path, colon, line = source.rpartition(":")
    if not colon or not line.isdigit():
        path, colon, line = source, "", ""
    try:
        return f"{Path(path).resolve().relative_to(knowledge_dir.resolve()).as_posix()}{colon}{line}"
    except ValueError:
        return source


def _write_json(path: Path, data: object) -> None:
    path.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n", encoding="utf-8"
    )


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"
