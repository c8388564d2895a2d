"""Plain-text rendering of a message, for the console and for Slack's fallback ``text``."""

from __future__ import annotations

from monitor.alert.types import HitInfo, Message

VERDICT_LABEL = {"contradict": "contradict (repeats the denied claim)",
                 "match": "match (reports the denial)",
                 "mention": "mention (no stance)"}


def headline(message: Message) -> str:
    if message.notice is not None:
        return f"Operator notice: {message.notice.get('kind', 'notice')}"
    assert message.denial is not None
    n = len(message.hits)
    if n == 1:
        return f"{message.hits[0].verdict.upper()}: {message.denial.title}"
    return f"{n} new hits: {message.denial.title}"


def hit_lines(hit: HitInfo) -> list[str]:
    lines = [f"  verdict: {VERDICT_LABEL.get(hit.verdict, hit.verdict)}  score: {hit.score:.2f}",
             f"  item:    {hit.item.title}",
             f"  link:    {hit.item.link or '-'}",
             f"  feed:    {hit.item.feed}"]
    if hit.story is not None and len(hit.story.outlets) > 1:
        lines.append(f"  spread:  {hit.story.spread}: {', '.join(hit.story.outlets)}")
    if hit.terms:
        lines.append(f"  terms:   {', '.join(hit.terms)}")
    if hit.cues:
        lines.append(f"  cues:    {', '.join(hit.cues)}")
    if hit.reason:
        lines.append(f"  reason:  {hit.reason}")
    return lines


def render_text(message: Message) -> str:
    """A readable multi-line alert."""
    lines = [headline(message)]
    if message.notice is not None:
        lines += [f"  {k}: {v}" for k, v in message.notice.items() if k != "kind"]
        return "\n".join(lines)
    assert message.denial is not None
    lines.append(f"  denial:  {message.denial.id}: {message.denial.claim}")
    for i, hit in enumerate(message.hits):
        if len(message.hits) > 1:
            lines.append(f" [{i + 1}]")
        lines += hit_lines(hit)
    return "\n".join(lines)
