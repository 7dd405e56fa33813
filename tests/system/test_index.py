"""Building, loading and guarding the search index."""

import json
import shutil

import pytest
from support.paths import FIXTURE_KNOWLEDGE, REPO

from bot.retrieval.corpus import content_hash, load_corpus
from bot.retrieval.index import ENCODER_DIR, RANKER_DIR, RANKER_UNITS, IndexUnavailable, build_index, load_index


def test_committed_index_matches_the_knowledge_base():
    manifest = json.loads((REPO / "index" / "manifest.json").read_text())
    assert manifest["content_hash"] == content_hash(REPO / "knowledge"), (
        "index/ is stale: knowledge/ changed. Run `coach index build` and commit index/."
    )
    assert manifest["model"] == "sentence-transformers/all-MiniLM-L6-v2 (int8 ONNX)"
    load_index(REPO / "index", REPO / "knowledge")  # checksums and consistency


def test_committed_index_names_sources_relative_to_the_knowledge_directory():
    """A committed index must not carry the path of the machine it was built on."""
    passages = json.loads((REPO / "index" / "passages.json").read_text())
    sources = [p["source"] for p in passages]
    assert all(not s.startswith("/") and ":\\" not in s for s in sources), [s for s in sources if s.startswith("/")][:3]
    assert all(
        (REPO / "knowledge" / s.rpartition(":")[0]).exists() or (REPO / "knowledge" / s).exists() for s in sources
    )


def test_the_index_carries_every_articles_cues_and_swaps():
    """The running bot takes workout cues and swaps from the index, not a second parse of knowledge/."""
    corpus = load_corpus(REPO / "knowledge")
    guidance = load_index(REPO / "index", REPO / "knowledge").guidance
    names = {name for article in corpus.articles for name in article.meta.exercises}
    assert len(names) > 80 and guidance.cues_for("hip thrust")
    for name in names:
        assert guidance.cues_for(name) == corpus.cues_for(name), name
        assert guidance.alternatives_for(name) == corpus.alternatives_for(name), name
    assert guidance.cues_for("Hip Thrust") == corpus.cues_for("hip thrust")  # names are matched lowercased
    assert guidance.cues_for("underwater basket weaving") == []


def test_fixture_index_loads_with_counts(fixture_index_dir):
    index = load_index(fixture_index_dir, FIXTURE_KNOWLEDGE)
    assert index.manifest["counts"]["passages"] == len(index.passages) == 4
    assert index.dense.ntotal == index.manifest["counts"]["dense_units"]


def test_stale_index_is_refused_with_rebuild_hint(fixture_index_dir, tmp_path):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(FIXTURE_KNOWLEDGE, knowledge)
    (knowledge / "demo" / "demo-hip-thrust.md").write_text(
        (knowledge / "demo" / "demo-hip-thrust.md").read_text() + "\n## New section\nNew text.\n"
    )
    with pytest.raises(IndexUnavailable, match="stale.*coach index build"):
        load_index(fixture_index_dir, knowledge)


def test_corrupt_index_is_refused_with_rebuild_hint(fixture_index_dir, tmp_path):
    broken = tmp_path / "index"
    shutil.copytree(fixture_index_dir, broken)
    (broken / "dense.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexUnavailable, match="corrupt.*coach index build"):
        load_index(broken)


def test_missing_index_is_refused(tmp_path):
    with pytest.raises(IndexUnavailable, match="No index found"):
        load_index(tmp_path)


def _index_with_ranker(tmp_path, encoder):
    """A fixture index with a ranking encoder: a copy of the packaged export stands in for an adapted one."""
    out = tmp_path / "index"
    for folder in (ENCODER_DIR, RANKER_DIR):
        shutil.copytree(REPO / "index" / ENCODER_DIR, out / folder, ignore=shutil.ignore_patterns("adaptation.json"))
    build_index(FIXTURE_KNOWLEDGE, out, encoder, ranking_encoder=encoder, show_progress=False)
    return out


def test_an_index_with_a_ranking_encoder_loads_its_units_and_guards_them(tmp_path, encoder):
    out = _index_with_ranker(tmp_path, encoder)
    index = load_index(out, FIXTURE_KNOWLEDGE)
    assert index.ranking_units is not None
    assert index.ranking_units.shape == (index.dense.ntotal, 384)
    # Same encoder here, so the ranking units are the dense units.
    assert index.ranking_units == pytest.approx(index.dense.reconstruct_n(0, index.dense.ntotal), abs=1e-6)
    assert {RANKER_UNITS, f"{RANKER_DIR}/model-int8-optimised.onnx"} <= set(index.manifest["files"])

    units = out / RANKER_UNITS
    units.write_bytes(units.read_bytes()[:-16])
    with pytest.raises(IndexUnavailable, match="corrupt"):
        load_index(out, FIXTURE_KNOWLEDGE)


def test_an_index_built_without_a_ranking_encoder_drops_the_old_units(tmp_path, encoder):
    out = _index_with_ranker(tmp_path, encoder)
    build_index(FIXTURE_KNOWLEDGE, out, encoder, show_progress=False)
    index = load_index(out, FIXTURE_KNOWLEDGE)
    assert index.ranking_units is None and not (out / RANKER_UNITS).exists()
    assert not any(name.startswith(RANKER_DIR) for name in index.manifest["files"])


def test_ranking_units_without_their_encoder_are_refused(tmp_path, encoder):
    out = _index_with_ranker(tmp_path, encoder)
    manifest = json.loads((out / "manifest.json").read_text())
    del manifest["files"][f"{RANKER_DIR}/model-int8-optimised.onnx"]
    (out / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexUnavailable, match="incomplete"):
        load_index(out, FIXTURE_KNOWLEDGE)


def test_serving_ranks_with_the_ranking_encoder_when_the_index_has_one(tmp_path, encoder):
    from bot.config import load_settings
    from bot.retrieval.serving import build_answer_engine

    out = _index_with_ranker(tmp_path, encoder)
    settings = load_settings().model_copy(update={"index_dir": out, "knowledge_dir": FIXTURE_KNOWLEDGE})
    engine = build_answer_engine(settings)
    assert engine.searcher.ranking is not None
    assert engine.searcher.search("where should my feet be on a hip thrust?")[0].passage.section == "Foot position"

    build_index(FIXTURE_KNOWLEDGE, out, encoder, show_progress=False)
    assert build_answer_engine(settings).searcher.ranking is None
