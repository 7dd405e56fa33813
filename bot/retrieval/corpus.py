"""Load and validate the authored knowledge base into passages.

An article is Markdown with YAML front matter; every `## ` section is a passage and,
under `## FAQ`, every `### ` question is a passage of its own whose `? ` lines are
extra phrasings. A broken file raises CorpusError naming its path and line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
FAQ_HEADING = "FAQ"
CUES_HEADING = "Cues"
GLOSSARY_ID = "glossary"
GLOSSARY_TITLE = "Gym slang glossary"


class CorpusError(Exception):
    """One or more knowledge files are broken; the message lists each `path:line: problem`."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Knowledge base has errors:\n" + "\n".join(f"  {p}" for p in problems))


class FrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=3)
    tags: list[str] = Field(default_factory=list)
    exercises: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    alternatives: list[str] = Field(default_factory=list)

    @field_validator("exercises", "alternatives", "tags", "aliases")
    @classmethod
    def _strip_names(cls, values: list[str]) -> list[str]:
        return [v.strip() for v in values if v and v.strip()]


class GlossaryTerm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    term: str = Field(min_length=1)
    means: str = Field(min_length=2)
    variants: list[str] = Field(default_factory=list)
    explain: str = Field(min_length=10)


class Glossary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    terms: list[GlossaryTerm] = Field(min_length=1)


@dataclass(frozen=True)
class Passage:
    """The unit the bot answers with: one section, or one FAQ question and its answer."""

    key: str  # "<article id>#<section heading>", stable label used by the eval set
    article_id: str
    article_title: str
    section: str
    text: str
    phrasings: tuple[str, ...] = ()  # questions this passage answers (FAQ question + "? " lines)
    source: str = ""  # "path:line" for error messages and maintainers
    is_faq: bool = False

    @property
    def citation(self) -> str:
        return f"{self.article_title} › {self.section}"

    @property
    def as_question(self) -> str:
        """The passage as a user would ask for it, which a follow-up to a tapped topic builds on: of its
        question phrasings, the one sharing most words with the article title (so it names the lift),
        else "Title: Section"."""
        title = _words(self.article_title)
        best = max(self.phrasings, key=lambda q: len(_words(q) & title), default=None)
        if best is None or not _words(best) & title:
            return f"{self.article_title}: {self.section}"
        return best


def _words(text: str) -> set[str]:
    """Lowercase words with a plural -s dropped, for overlap only."""
    return {w.removesuffix("s") for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


@dataclass(frozen=True)
class Article:
    meta: FrontMatter
    path: Path
    passages: tuple[Passage, ...]
    cues: tuple[str, ...] = ()


@dataclass
class Corpus:
    articles: list[Article]
    glossary: list[GlossaryTerm] = field(default_factory=list)

    @property
    def passages(self) -> list[Passage]:
        return [p for a in self.articles for p in a.passages]

    def article(self, article_id: str) -> Article | None:
        return next((a for a in self.articles if a.meta.id == article_id), None)

    def cues_for(self, exercise: str) -> list[str]:
        name = exercise.lower()
        return [c for a in self.articles if name in a.meta.exercises for c in a.cues]

    def alternatives_for(self, exercise: str) -> list[str]:
        name = exercise.lower()
        seen: dict[str, None] = {}
        for a in self.articles:
            if name in a.meta.exercises:
                seen.update(dict.fromkeys(x for x in a.meta.alternatives if x != name))
        return list(seen)

    @property
    def faq_phrasing_count(self) -> int:
        return sum(len(p.phrasings) for p in self.passages if p.is_faq)


def knowledge_files(root: Path) -> list[Path]:
    """Every file that feeds the index, in a stable order (programs are not indexed)."""
    files = sorted(p for p in root.rglob("*.md") if p.name != "README.md")
    glossary = root / "glossary.yaml"
    return files + ([glossary] if glossary.exists() else [])


def content_hash(root: Path) -> str:
    """Hash of every indexed file's path and bytes, so a stale index is detectable (the exercise
    catalogue too: the index keeps its names and aliases)."""
    digest = hashlib.sha256()
    catalogue = root / "exercises.yaml"
    for path in knowledge_files(root) + ([catalogue] if catalogue.exists() else []):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def load_corpus(root: Path) -> Corpus:
    problems: list[str] = []
    articles: list[Article] = []
    glossary: list[GlossaryTerm] = []
    for path in knowledge_files(root):
        try:
            if path.suffix == ".yaml":
                glossary = _parse_glossary(path)
            else:
                articles.append(parse_article(path))
        except CorpusError as exc:
            problems.extend(exc.problems)
    seen: dict[str, Path] = {}
    for article in articles:
        if article.meta.id in seen:
            problems.append(
                f"{article.path}:2: duplicate article id {article.meta.id!r} (also in {seen[article.meta.id]})"
            )
        seen[article.meta.id] = article.path
    if problems:
        raise CorpusError(problems)
    if glossary:
        articles.append(_glossary_article(root / "glossary.yaml", glossary))
    return Corpus(articles=articles, glossary=glossary)


def parse_article(path: Path) -> Article:
    lines = path.read_text(encoding="utf-8").splitlines()
    meta, body_start = _parse_front_matter(path, lines)
    if meta.id != path.stem:
        raise CorpusError([f"{path}:2: id {meta.id!r} must equal the file name {path.stem!r}"])
    sections = _split_sections(path, lines, body_start)
    problems: list[str] = []
    passages: list[Passage] = []
    cues: list[str] = []
    headings: set[str] = set()
    for heading, line_no, body in sections:
        if heading in headings:
            problems.append(f"{path}:{line_no}: duplicate section heading {heading!r}")
        headings.add(heading)
        if heading == FAQ_HEADING:
            passages.extend(_parse_faq(path, meta, line_no, body, problems))
            continue
        # A section may start with "? " lines: questions it answers, matched like FAQ phrasings.
        asked = []
        while body and body[0][1].startswith("? "):
            asked.append(body.pop(0)[1][2:].strip())
        text = _prose(body)
        if any(ln.startswith("? ") for _, ln in body):
            problems.append(f"{path}:{line_no}: '? ' question lines must come right after the heading")
        if not text:
            problems.append(f"{path}:{line_no}: section {heading!r} is empty")
            continue
        if heading == CUES_HEADING:
            cues = [ln.strip()[2:].strip() for _, ln in body if ln.strip().startswith(("- ", "* "))]
            if not cues:
                problems.append(f"{path}:{line_no}: the Cues section needs '- ' bullet cues")
        passages.append(_passage(meta, heading, text, tuple(asked), f"{path}:{line_no}"))
    if not passages and not problems:
        problems.append(f"{path}:{body_start + 1}: article has no sections ('## Heading')")
    if problems:
        raise CorpusError(problems)
    return Article(meta=meta, path=path, passages=tuple(passages), cues=tuple(cues))


def _passage(
    meta: FrontMatter, section: str, text: str, phrasings: tuple[str, ...], source: str, is_faq: bool = False
) -> Passage:
    return Passage(
        key=f"{meta.id}#{section}",
        article_id=meta.id,
        article_title=meta.title,
        section=section,
        text=text,
        phrasings=phrasings,
        source=source,
        is_faq=is_faq,
    )


def _parse_front_matter(path: Path, lines: list[str]) -> tuple[FrontMatter, int]:
    if not lines or lines[0].strip() != "---":
        raise CorpusError([f"{path}:1: missing front matter (the file must start with '---')"])
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise CorpusError([f"{path}:1: front matter is not closed with '---'"]) from None
    try:
        data = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark else 2
        raise CorpusError([f"{path}:{line}: front matter is not valid YAML ({getattr(exc, 'problem', exc)})"]) from None
    if not isinstance(data, dict):
        raise CorpusError([f"{path}:2: front matter must be a YAML mapping"])
    try:
        meta = FrontMatter(**data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = ".".join(str(p) for p in err["loc"])
            line = _line_of_key(lines, end, str(err["loc"][0]))
            problems.append(f"{path}:{line}: front matter field {name!r}: {err['msg']}")
        raise CorpusError(problems) from None
    return meta, end + 1


def _line_of_key(lines: list[str], end: int, key: str) -> int:
    for i in range(1, end):
        if lines[i].startswith(f"{key}:"):
            return i + 1
    return 1


Body = list[tuple[int, str]]  # (1-based line number, line text)


def _split_sections(path: Path, lines: list[str], start: int) -> list[tuple[str, int, Body]]:
    sections: list[tuple[str, int, Body]] = []
    for i in range(start, len(lines)):
        line = lines[i]
        if line.startswith("## "):
            sections.append((line[3:].strip(), i + 1, []))
        elif sections:
            sections[-1][2].append((i + 1, line))
        elif line.strip() and not line.startswith("# "):
            raise CorpusError([f"{path}:{i + 1}: text before the first '## ' section heading"])
    return sections


def _parse_faq(path: Path, meta: FrontMatter, line_no: int, body: Body, problems: list[str]) -> list[Passage]:
    entries: list[tuple[str, int, list[str], list[str]]] = []
    for n, line in body:
        if line.startswith("### "):
            entries.append((line[4:].strip(), n, [], []))
        elif not entries:
            if line.strip():
                problems.append(f"{path}:{n}: FAQ text must sit under a '### question' heading")
        elif line.startswith("? "):
            if entries[-1][3]:
                problems.append(f"{path}:{n}: '? ' phrasings must come right after the question heading")
            entries[-1][2].append(line[2:].strip())
        else:
            entries[-1][3].append(line)
    if not entries:
        problems.append(f"{path}:{line_no}: the FAQ section has no '### question' entries")
    passages = []
    for question, n, phrasings, answer_lines in entries:
        answer = _prose([(0, ln) for ln in answer_lines])
        if not answer:
            problems.append(f"{path}:{n}: FAQ question {question!r} has no answer")
            continue
        passages.append(_passage(meta, question, answer, (question, *phrasings), f"{path}:{n}", is_faq=True))
    return passages


def _prose(body: Body) -> str:
    """Join a section's lines into paragraphs, keeping bullets on their own lines."""
    paragraphs: list[str] = []
    current: list[str] = []
    for _, raw in body:
        line = raw.strip()
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
        elif line.startswith(("- ", "* ")):
            if current:
                paragraphs.append(" ".join(current))
                current = []
            paragraphs.append("• " + line[2:].strip())
        else:
            current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs).strip()


def _parse_glossary(path: Path) -> list[GlossaryTerm]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CorpusError([f"{path}:{(mark.line + 1) if mark else 1}: not valid YAML"]) from None
    try:
        return Glossary(**(data or {})).terms
    except (ValidationError, TypeError) as exc:
        raise CorpusError([f"{path}:1: glossary is invalid: {exc}"]) from None


def _glossary_article(path: Path, terms: list[GlossaryTerm]) -> Article:
    meta = FrontMatter(id=GLOSSARY_ID, title=GLOSSARY_TITLE, tags=["glossary", "slang"])
    passages = []
    for term in terms:
        section = f"{term.term} ({term.means})" if term.means.lower() != term.term.lower() else term.term
        text = f"{term.term} means {term.means}. {term.explain}"
        passages.append(_passage(meta, section, text, (), f"{path}"))
    return Article(meta=meta, path=path, passages=tuple(passages))
