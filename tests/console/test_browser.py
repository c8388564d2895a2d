"""A real headless Chromium drives the console: log in, filter, open a hit, see the evidence, mark it a
false positive, see the denial's precision change; a screenshot of each page is saved."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import uvicorn

from monitor.store import models
from monitor.store.db import database_sessions, session_scope
from monitor.store.reviews import add_review
from tests.console.conftest import TOKEN, free_port, make_console

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOTS_ENV = "DISINFO_MONITOR_SCREENSHOTS"   # where to keep the screenshots (default: the test's tmp dir)


def _need_chromium() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    if not missing:
        return
    msg = f"{' and '.join(missing)} not installed (apt-get install chromium chromium-driver)"
    if os.environ.get("CI") == "true":
        pytest.fail(msg + "; CI must run the browser tests")
    pytest.skip(msg)


@pytest.fixture
def console_url(demo_sqlite: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The console served by uvicorn on 127.0.0.1 over the demo's hits (the match one already confirmed)."""
    with database_sessions(demo_sqlite) as sessions, session_scope(sessions) as s:
        match = s.query(models.Hit).filter_by(verdict="match").one()
        add_review(s, match.id, "confirmed", reviewer="earlier", now=datetime.now(UTC))
    app, engine = make_console(demo_sqlite, monkeypatch)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    engine.dispose()  # type: ignore[attr-defined]


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    _need_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'chromium-profile'}",
                "--window-size=1280,1000"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


@pytest.mark.slow
def test_an_analyst_reviews_a_hit_in_the_browser(console_url: str, browser: object, tmp_path: Path) -> None:
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement
    from selenium.webdriver.support.ui import Select, WebDriverWait

    d: WebDriver = browser  # type: ignore[assignment]
    shots = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)

    def gone(old: WebElement) -> object:
        """Selenium's staleness_of, also for chromedriver's other word for a node of a page that
        was replaced ("Node with given id does not belong to the document", seen under load)."""
        def check(_: object) -> bool:
            try:
                old.is_enabled()
            except StaleElementReferenceException:
                return True
            except WebDriverException as exc:
                if "does not belong to the document" in str(exc):
                    return True
                raise
            return False
        return check

    def click_and_wait(element: WebElement) -> None:
        """Click something that loads a new page, and wait until it has."""
        old = d.find_element(By.TAG_NAME, "html")
        element.click()
        WebDriverWait(d, 15).until(gone(old))

    def viewport(height: int) -> None:
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                          {"width": 1280, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def page_height() -> int:
        return int(d.execute_script("return document.documentElement.scrollHeight"))

    def shot(name: str) -> None:
        """The whole page (up to 2,400 px) as a PNG: the viewport, not the window (whose height includes
        the browser's own bars), is made as tall as the page."""
        viewport(600)
        height = min(2400, page_height())
        viewport(height)
        path = shots / f"{name}.png"
        assert d.save_screenshot(str(path))
        assert png_size(path) == (1280, height) and page_height() == height, (name, png_size(path), page_height())

    d.get(console_url + "/hits")
    assert d.current_url.endswith("/login")
    shot("login")
    d.find_element(By.ID, "name").send_keys("ana")
    d.find_element(By.ID, "secret").send_keys(TOKEN)
    click_and_wait(d.find_element(By.ID, "login"))
    assert d.current_url.endswith("/hits"), d.page_source[:3000]
    assert len(d.find_elements(By.CSS_SELECTOR, "li.hit")) == 2
    shot("hits")

    d.get(console_url + "/denials")
    assert d.find_element(By.ID, "precision-sugovushan-meeting").text == "100%"

    d.get(console_url + "/hits")
    Select(d.find_element(By.ID, "f-verdict")).select_by_visible_text("contradict")
    click_and_wait(d.find_element(By.ID, "apply"))
    hits = d.find_elements(By.CSS_SELECTOR, "li.hit")
    assert len(hits) == 1 and "verdict=contradict" in d.current_url
    click_and_wait(hits[0].find_element(By.CSS_SELECTOR, "a.open"))

    marks = [m.text for m in d.find_elements(By.CSS_SELECTOR, "#hit-title mark")]
    assert {"Abazyan", "Muradov", "Naghiyev"} <= set(marks), marks
    background = d.find_element(By.CSS_SELECTOR, "#hit-title mark").value_of_css_property("background-color")
    assert background == "rgba(255, 224, 102, 1)"      # the stylesheet loaded under the CSP
    assert d.find_element(By.ID, "precision").text == "100%"
    shot("hit")

    d.find_element(By.ID, "state-false_positive").click()
    d.find_element(By.ID, "note").send_keys("talks on another day, not the Sugovushan meeting")
    click_and_wait(d.find_element(By.ID, "save-review"))
    assert d.find_element(By.ID, "saved").text == "Review saved."
    assert d.find_element(By.ID, "precision").text == "50%"
    assert "false positive" in d.find_element(By.CSS_SELECTOR, ".meta .review").text
    shot("hit-reviewed")

    d.get(console_url + "/denials")
    assert d.find_element(By.ID, "precision-sugovushan-meeting").text == "50%"
    assert d.find_elements(By.CSS_SELECTOR, "svg.chart rect")
    shot("denials")
    for page in ("feeds", "deliveries"):
        d.get(f"{console_url}/{page}")
        assert d.find_element(By.TAG_NAME, "h1").text == page.capitalize()
        shot(page)
    errors = [e for e in d.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors                           # no CSP violations, no missing files
    assert sorted(p.name for p in shots.glob("*.png")) == sorted(
        f"{n}.png" for n in ("login", "hits", "hit", "hit-reviewed", "denials", "feeds", "deliveries"))
