"""Plain-text rendering of a message, for the console and for Slack's fallback ``text``.

Every value is passed through ``for_terminal``: titles, links and feed names come from feeds, and
a control character or bidi override in them must not drive the terminal or reorder the line."""

from __future__ import annotations

from monitor.alert.types import HitInfo, Message
from monitor.sanitize import for_terminal as t
from monitor.sanitize import http_link

VERDICT_LABEL = {"contradict": "contradict (repeats the denied claim)",
                 "match": "match (reports the denial)",
                 "mention": "mention (no stance)"}


def headline(message: Message) -> str:
    if message.notice is not None:
        return f"Operator notice: {t(message.notice.get('kind', 'notice'))}"
    assert message.denial is not None
    n = len(message.hits)
    if n == 1:
        return f"{t(message.hits[0].verdict.upper())}: {t(message.denial.title)}"
    return f"{n} new hits: {t(message.denial.title)}"


def hit_lines(hit: HitInfo) -> list[str]:
    lines = [f"  verdict: {t(VERDICT_LABEL.get(hit.verdict, hit.verdict))}  score: {hit.score:.2f}",
             f"  item:    {t(hit.item.title)}",
             f"  link:    {t(http_link(hit.item.link) or '-')}",
             f"  feed:    {t(hit.item.feed)}"]
    if hit.story is not None and len(hit.story.outlets) > 1:
        lines.append(f"  spread:  {t(hit.story.spread)}: {t(', '.join(hit.story.outlets))}")
    if hit.terms:
        lines.append(f"  terms:   {t(', '.join(hit.terms))}")
    if hit.cues:
        lines.append(f"  cues:    {t(', '.join(hit.cues))}")
    if hit.reason:
        lines.append(f"  reason:  {t(hit.reason)}")
    return lines


def render_text(message: Message) -> str:
    """A readable multi-line alert."""
    lines = [headline(message)]
    if message.notice is not None:
        lines += [f"  {t(k)}: {t(v)}" for k, v in message.notice.items() if k != "kind"]
        return "\n".join(lines)
    assert message.denial is not None
    lines.append(f"  denial:  {t(message.denial.id)}: {t(message.denial.claim.strip(), keep_newlines=True)}")
    for i, hit in enumerate(message.hits):
        if len(message.hits) > 1:
            lines.append(f" [{i + 1}]")
        lines += hit_lines(hit)
    return "\n".join(lines)
