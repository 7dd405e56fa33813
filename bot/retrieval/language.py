"""Which language a message is in, well enough to say "I only understand English for now".

Pure and linear-time: one pass over the characters (which script each letter belongs to) and one
pass over the words (small lists of function words that English never uses). Gym words are
usually English in any language ("hip thrust", "RDL"), so a message counts as another language
when most of its letters are in another script, or when its little words are clearly another
language's and not English's.
"""

from __future__ import annotations

import re
import unicodedata

ENGLISH = "en"
OTHER = "other"  # not English, but not a language we can name

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Function words and a few gym/greeting words; none is a common English word.
_WORDS: dict[str, frozenset[str]] = {
    "es": frozenset(
        """de se el los las una unos que qué para por con del al es está estoy cómo como cuántas cuántos cuánto cuanto
        debo puedo hago hacer mi mis tu pero muy más mas porque cuando cuál cual sentadillas sentadilla peso
        pesas rutina ejercicio ejercicios series repeticiones glúteos gluteos piernas espalda pecho dolor
        hola gracias entrenar entreno días dias semana bien mejor""".split()
    ),
    "pt": frozenset(
        """de se os uma um que para com do da dos das não nao é está estou como quantas quantos quanto devo posso
        faço fazer
        meu minha mas muito mais porque quando qual agachamento peso treino treinar exercício exercícios séries
        repetições glúteos pernas costas peito dor olá obrigado obrigada dias semana bem melhor você""".split()
    ),
    "fr": frozenset(
        """de le les une des du est je tu il elle nous vous avec pour pas mon ma mes comment combien quel quelle
        faire dois peux fais mais très plus parce quand squats fessiers jambes dos poitrine douleur bonjour merci
        salut entraînement entraîner séance jours semaine bien mieux c'est qu'est""".split()
    ),
    "de": frozenset(
        """der die das den dem ein eine einen ist ich du wir ihr sie und nicht mit für wie viel viele soll sollte
        kann mache machen mein meine aber sehr mehr weil wenn welche kniebeugen gewicht training trainieren
        übungen sätze wiederholungen beine rücken brust schmerzen hallo danke tage woche gut besser""".split()
    ),
    "it": frozenset(
        """il lo gli una che per con del della non è sono io come quante quanti quanto devo posso faccio fare
        mio mia ma molto più perché quando quale peso allenamento allenarsi esercizi serie ripetizioni glutei
        gambe schiena petto dolore ciao grazie giorni settimana bene meglio""".split()
    ),
    "nl": frozenset(
        """het een ik je jij wij en niet met voor hoe veel moet kan doe doen mijn maar heel meer omdat
        wanneer welke gewicht trainen oefeningen herhalingen billen benen rug borst pijn hallo dank
        bedankt dagen goed beter""".split()
    ),
}
_ENGLISH = frozenset(
    """the a an is are am was be do does did i you my me your we it this that what how why when which who
    should can could would will for to of in on with and or but not no so if at from after before about
    much many often long heavy feel feet bar day days week good better best get got have has""".split()
)
# A greeting or thanks on its own is enough.
_GREETINGS = {
    "es": frozenset("hola gracias buenas buenos".split()),
    "pt": frozenset("olá oi obrigado obrigada".split()),
    "fr": frozenset("bonjour merci salut bonsoir".split()),
    "de": frozenset("hallo danke servus".split()),
    "it": frozenset("ciao grazie buongiorno".split()),
    "nl": frozenset("hoi bedankt dank".split()),
}
# Letters only one of these languages uses (a strong signal in a short message).
_MARKS = {"es": "ñ¿¡", "pt": "ãõç", "fr": "çœèêàù", "de": "ßäöü", "it": "", "nl": ""}

_SCRIPT_LANGUAGE = {
    "CYRILLIC": "ru",
    "GREEK": "el",
    "ARABIC": "ar",
    "HEBREW": "he",
    "DEVANAGARI": "hi",
    "THAI": "th",
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CJK": "zh",
}
_UKRAINIAN = set("іїєґІЇЄҐ")


def _script(ch: str) -> str:
    if ch.isascii():
        return "LATIN"
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    if first in (
        "LATIN",
        "CYRILLIC",
        "GREEK",
        "ARABIC",
        "HEBREW",
        "DEVANAGARI",
        "THAI",
        "HANGUL",
        "HIRAGANA",
        "KATAKANA",
    ):
        return first
    if first == "CJK":
        return "CJK"
    return "OTHER"


def detect_language(text: str) -> str:
    """ "en" for English (or too little to tell), an ISO 639-1 code, or "other"."""
    counts: dict[str, int] = {}
    ukrainian = False
    letters = 0
    for ch in text:
        if not ch.isalpha():
            continue
        letters += 1
        script = _script(ch)
        counts[script] = counts.get(script, 0) + 1
        ukrainian = ukrainian or ch in _UKRAINIAN
    if letters == 0:
        return ENGLISH
    foreign = [(n, script) for script, n in counts.items() if script != "LATIN"]
    n, script = max(foreign) if foreign else (0, "LATIN")
    if n >= 2 and n >= 0.4 * letters:
        if script == "CJK" and counts.get("HIRAGANA", 0) + counts.get("KATAKANA", 0):
            return "ja"
        if script == "CYRILLIC" and ukrainian:
            return "uk"
        return _SCRIPT_LANGUAGE.get(script, OTHER)
    return _latin_language(text.lower())


def _latin_language(lowered: str) -> str:
    words = _WORD.findall(lowered.replace("’", "'"))
    english = sum(w in _ENGLISH for w in words)
    best, best_score = ENGLISH, 0
    for lang, vocab in _WORDS.items():
        score = sum(w in vocab for w in words) + 2 * sum(w in _GREETINGS[lang] for w in words)
        score += 2 * sum(lowered.count(m) for m in _MARKS[lang])
        if score > best_score:
            best, best_score = lang, score
    if best_score >= 2 and best_score > english:
        return best
    return ENGLISH
