"""The dashboard in a real headless Chromium: a chart draws, a filter changes it, screenshots are saved."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from dashboard_fixtures import APP, ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
README_SCREENSHOT = ROOT / "dashboard" / "screenshot.png"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHART = ".vega-embed canvas, .vega-embed svg"

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: CI must install chromium and run the browser test",
                    pytrace=False)
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout} s")


@pytest.fixture(scope="module")
def server_url():
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "ZHIBIAO_DASHBOARD_PATHS"}
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def page(server_url):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            pg = browser.new_page(viewport={"width": 1440, "height": 1500})
            pg.set_default_timeout(30_000)
            yield pg
        finally:
            browser.close()


def shoot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    # Wait for the rerun to finish (Streamlit fades stale content while its status widget shows),
    # then let Vega finish its transition before the picture.
    pg.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
    pg.wait_for_timeout(800)
    pg.screenshot(path=str(path))
    return path


def test_chart_draws_and_a_filter_changes_it(page, server_url):
    page.goto(server_url)
    page.wait_for_selector(CHART)
    page.wait_for_function("() => location.search.includes('indicator=')")
    first = page.evaluate("() => location.search")
    shoot(page, "01_trends_default.png")

    indicator = page.locator('[data-testid="stMultiSelect"]').first
    indicator.locator("input").click()
    page.keyboard.type("高新技术企业")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('high_tech_enterprises')")
    page.wait_for_selector(CHART)
    assert page.evaluate("() => location.search") != first
    final = shoot(page, "02_trends_filtered.png")
    shutil.copyfile(final, README_SCREENSHOT)


def test_claims_tab_highlights_the_document(page):
    page.get_by_role("tab", name="数据表").click()
    page.wait_for_selector(".zb-doc mark")
    assert page.locator(".zb-doc mark").count() >= 2
    assert page.locator(".zb-doc script").count() == 0
    shoot(page, "03_claims.png")


def test_embed_is_chart_only(page, server_url):
    page.goto(f"{server_url}/?embed=true&indicator=high_tech_enterprises")
    page.wait_for_selector(CHART)
    assert page.locator('[data-testid="stSidebar"]').count() == 0
    assert page.locator('[data-testid="stTab"], [role="tab"]').count() == 0
    shoot(page, "04_embed.png")
