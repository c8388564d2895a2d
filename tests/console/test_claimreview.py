"""ClaimReview: export denials with the items that repeat the claim; import reviews as denial drafts."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from monitor.cli import main
from monitor.console.claimreview import json_ld_blocks, read_claim_reviews
from tests.console.test_reviews import hit_ids
from tests.servers import LoopbackServer

REVIEW = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://factcheck.example/sugovushan",
          "claimReviewed": "Abazyan, Muradov and Naghiyev met in Sugovushan.", "datePublished": "2021-02-20",
          "author": {"@type": "Organization", "name": "Fact Desk"},
          "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": "False"}}
FEED = {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [
    {"@type": "DataFeedItem", "item": [REVIEW]},
    {"@type": "DataFeedItem", "item": [{**REVIEW, "url": "javascript:alert(1)", "claimReviewed": "Second claim"}]},
    {"@type": "DataFeedItem", "item": [{"@type": "ClaimReview"}]}]}


def test_export_lists_the_items_that_repeat_the_claim(demo_db: str) -> None:
    result = CliRunner().invoke(main, ["claimreview", "export"])
    assert result.exit_code == 0, result.output
    [review] = json.loads(result.output)
    assert review["@type"] == "ClaimReview" and review["identifier"] == "sugovushan-meeting"
    assert review["reviewRating"]["alternateName"] == "False"
    assert review["author"]["name"] == "State Security Service of Azerbaijan"
    assert [a["url"] for a in review["itemReviewed"]["appearance"]] == ["https://demo.invalid/news/1"]
    # once reviewed as a false positive, the item is no appearance of the claim
    contra = hit_ids(demo_db)["https://demo.invalid/news/1"]
    assert CliRunner().invoke(main, ["hits", "review", str(contra), "false-positive"]).exit_code == 0
    [review] = json.loads(CliRunner().invoke(main, ["claimreview", "export"]).output)
    assert review["itemReviewed"]["appearance"] == []


def test_max_appearances_counts_only_items_that_can_appear(demo_db: str) -> None:
    """Newer contradict hits whose items have no http(s) link are left out before the limit, not after it
    (--max-appearances 1 gave no appearance at all)."""
    from datetime import UTC, datetime

    from monitor.store import models
    from monitor.store.db import database_sessions, session_scope

    with database_sessions(demo_db) as sessions, session_scope(sessions) as s:
        feed_id = s.query(models.Feed.id).scalar()
        for n, link in enumerate(["javascript:alert(1)", None, "data:text/html,x"]):
            item = models.Item(feed_id=feed_id, dedup_key=f"nolink{n}", link=link, content_hash=f"nolink{n}",
                               title="Abazyan met Muradov in Sugovushan", text="", fetched_at=datetime.now(UTC))
            s.add(item)
            s.flush()
            s.add(models.Hit(item_id=item.id, denial_id="sugovushan-meeting", verdict="contradict", score=0.9,
                             reason="r", evidence=[], created_at=datetime.now(UTC)))
    result = CliRunner().invoke(main, ["claimreview", "export", "--max-appearances", "1"])
    assert result.exit_code == 0, result.output
    [review] = json.loads(result.output)
    assert [a["url"] for a in review["itemReviewed"]["appearance"]] == ["https://demo.invalid/news/1"]


def test_read_claim_reviews_from_a_data_feed_and_a_page() -> None:
    reviews = read_claim_reviews(FEED)
    assert [(r.claim, r.rating, r.author, r.url) for r in reviews] == [
        ("Abazyan, Muradov and Naghiyev met in Sugovushan.", "False", "Fact Desk", "https://factcheck.example/sugovushan"),
        ("Second claim", "False", "Fact Desk", None)]               # a javascript: url is dropped
    page = ('<html><script type="application/ld+json">{broken</script>'
            f'<script type="application/ld+json">{json.dumps({"@graph": [REVIEW]})}</script>'
            '<script type="application/ld+json">' + "x" * 1000)       # an unterminated block
    assert [r.claim for b in json_ld_blocks(page) for r in read_claim_reviews(b)] == [REVIEW["claimReviewed"]]
    deep: object = REVIEW
    for _ in range(50):
        deep = {"@graph": [deep]}
    assert read_claim_reviews(deep) == []                          # nesting is bounded


def test_import_prints_denial_drafts_that_load(tmp_path: Path) -> None:
    src = tmp_path / "feed.json"
    src.write_text(json.dumps(FEED))
    result = CliRunner().invoke(main, ["claimreview", "import", str(src), "--id-prefix", "fd"])
    assert result.exit_code == 0, result.output
    assert "# rated 'False' by Fact Desk" in result.output
    drafts = yaml.safe_load(result.output)
    assert [d["id"] for d in drafts] == ["fd-1", "fd-2"]
    assert drafts[0]["claim"] == REVIEW["claimReviewed"] and drafts[0]["source"] == "Fact Desk"
    assert str(drafts[0]["date"]) == "2021-02-20" and drafts[0]["url"] == "https://factcheck.example/sugovushan"
    assert drafts[0]["entities"], drafts[0]
    config = tmp_path / "c.yaml"
    config.write_text(yaml.safe_dump({"database": {"url": f"sqlite:///{tmp_path}/x.db"}, "denials": drafts},
                                     allow_unicode=True))
    check = CliRunner().invoke(main, ["check-config", str(config)])
    assert check.exit_code == 0, check.output


def test_a_hostile_review_cannot_add_lines_to_the_drafts(tmp_path: Path) -> None:
    """An author, rating or claim with newlines would write YAML of its own (a denial the analyst pastes
    unseen) into the output; bidi overrides would reorder it on the terminal."""
    injected = "Desk\n- id: injected\n  title: pwned\n  claim: anything\n#"
    src = tmp_path / "review.json"
    src.write_text(json.dumps({**REVIEW, "author": {"@type": "Organization", "name": injected},
                               "claimReviewed": "Abazyan met\u2028Muradov in Sugovushan \u202eevil",
                               "reviewRating": {"@type": "Rating", "alternateName": "False\n- id: injected2"}}))
    result = CliRunner().invoke(main, ["claimreview", "import", str(src), "--id-prefix", "fd"])
    assert result.exit_code == 0, result.output
    drafts = yaml.safe_load(result.output)
    assert [d["id"] for d in drafts] == ["fd-1"], result.output
    assert "\u202e" not in result.output and "\u2028" not in result.output
    assert drafts[0]["source"] == "Desk - id: injected title: pwned claim: anything #"
    assert drafts[0]["claim"] == "Abazyan met Muradov in Sugovushan \\u202eevil"


def test_import_from_a_url_and_bad_sources(tmp_path: Path, feed_server: LoopbackServer) -> None:
    feed_server.set("/reviews.json", 200, json.dumps(FEED), headers={"Content-Type": "application/json"})
    result = CliRunner().invoke(main, ["claimreview", "import", feed_server.url("/reviews.json")])
    assert result.exit_code == 0, result.output
    assert "id: imported-1" in result.output
    missing = CliRunner().invoke(main, ["claimreview", "import", str(tmp_path / "nope.json")])
    assert missing.exit_code == 2 and "no such file (or give an http(s) URL)" in missing.output
    empty = tmp_path / "empty.json"
    empty.write_text("{}")
    none = CliRunner().invoke(main, ["claimreview", "import", str(empty)])
    assert none.exit_code == 1 and "no ClaimReview with a claimReviewed found" in none.output
