"""Built-in cue lexicons by category and language, read from the language packs (lang/*.yaml).

Entries are phrases in the query syntax of one language each (``refut*`` = prefix; plain words
tolerate inflectional endings). A cue applies to text of its own language and of the languages
that name it in ``also`` (Azerbaijani text also gets the Turkish cues); to text whose language is
unknown, every cue applies. A denial's own ``cues.denial`` / ``cues.hedge`` extend them.
"""

from __future__ import annotations

from monitor.match.lang import CUE_CATEGORIES, packs

# category -> language -> phrases
LEXICONS: dict[str, dict[str, list[str]]] = {
    category: {code: list(pack.cues[category]) for code, pack in packs().items() if pack.cues[category]}
    for category in CUE_CATEGORIES
}
# Words after a claim noun that spell out its content ("reports THAT its forces shelled ...",
# "сообщения ОБ обстреле"), and postpositions before it ("Füzuli ... barədə iddiaları"): the
# noun then refers to that content. Checked by surface next to the noun, not through the cue
# automaton: they are among the commonest words of each language.
CONTENT_AFTER_WORDS = frozenset(w for p in packs().values() for w in p.content_after)
CONTENT_BEFORE_WORDS = frozenset(w.split()[-1] for p in packs().values() for w in p.content_before)
LANGUAGES = tuple(sorted(packs()))


def cue_languages(code: str | None) -> frozenset[str] | None:
    """The languages whose cues apply to text in ``code``; None (all) for unknown text."""
    pack = packs().get(code or "")
    return None if pack is None else pack.cue_languages
