"""Slack Block Kit for a message, within Slack's limits (pure)."""

from __future__ import annotations

from typing import Any

from monitor.alert.render import headline, render_text
from monitor.alert.types import HitInfo, Message
from monitor.sanitize import http_link

MAX_BLOCKS = 50
MAX_HEADER = 150
MAX_SECTION = 3000
MAX_TEXT = 40000
VERDICT_EMOJI = {"contradict": ":red_circle:", "match": ":large_green_circle:", "mention": ":white_circle:"}


def escape(text: str) -> str:
    """Slack mrkdwn escaping: only ``&``, ``<`` and ``>`` (so no feed text can form a ``<!channel>``,
    ``<@U...>`` mention or a ``<url|label>`` link)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _link(title: str, url: str | None) -> str:
    """``<url|title>`` for an http(s) URL; any other link (javascript:, data:, "!channel") is
    dropped and the title shown as plain text."""
    label = escape(title.replace("|", "¦")) or "(untitled)"
    safe = http_link(url)      # percent-encoded: no ``<``, ``>``, ``|`` or space can remain
    if safe is None:
        return label
    return f"<{safe.replace('&', '&amp;')}|{label}>"


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION)}}


def hit_section(hit: HitInfo) -> dict[str, Any]:
    lines = [f"{VERDICT_EMOJI.get(hit.verdict, '')} *{hit.verdict}* (score {hit.score:.2f})",
             f"*{_link(hit.item.title, hit.item.link)}*",
             f"Source: {escape(hit.item.feed)}"]
    if hit.story is not None and len(hit.story.outlets) > 1:
        lines.append(f"Spread: {escape(hit.story.spread)}: {escape(', '.join(hit.story.outlets))}")
    if hit.terms:
        lines.append("Matched: " + ", ".join(f"`{escape(t)}`" for t in hit.terms))
    if hit.cues:
        lines.append("Wording: " + ", ".join(f"_{escape(t)}_" for t in hit.cues))
    return section("\n".join(lines))


def build_blocks(message: Message) -> list[dict[str, Any]]:
    """Header, denial, one section per hit; at most 50 blocks (the rest summarised)."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": clip(headline(message), MAX_HEADER)}}]
    if message.notice is not None:
        body = "\n".join(f"*{escape(str(k))}*: {escape(str(v))}"
                         for k, v in message.notice.items() if k != "kind")
        return blocks + [section(body or escape(str(message.notice.get("kind"))))]
    assert message.denial is not None
    d = message.denial
    blocks.append(section(f"*Denial* `{escape(d.id)}`: {escape(d.claim)}"
                          + (f"\n_{escape(d.source)}_" if d.source else "")))
    room = MAX_BLOCKS - len(blocks) - 1
    hits = list(message.hits)
    shown = hits if len(hits) * 2 <= room + 1 else hits[: room // 2]
    for i, hit in enumerate(shown):
        if i:
            blocks.append({"type": "divider"})
        blocks.append(hit_section(hit))
    if len(shown) < len(hits):
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": f"…and {len(hits) - len(shown)} more hits"}]})
    return blocks[:MAX_BLOCKS]


def build_slack_payload(message: Message) -> dict[str, Any]:
    """The JSON body for a Slack incoming webhook, with a plain-text fallback."""
    return {"text": clip(escape(render_text(message)), MAX_TEXT), "blocks": build_blocks(message)}
