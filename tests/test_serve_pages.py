"""The pages of ``plpbk-kg serve`` in a real browser, against a live server on loopback.

The test writes a few reports (one of them hostile: markup, quotes, right-to-left
scripts, emoji), ingests them into an on-disk store through the real stages, starts
``plpbk-kg serve --port 0`` on that store, and drives Debian's Chromium with Selenium
(as ``tests/test_browser.py`` does; skipped without it unless ``PLPBK_REQUIRE_BROWSER=1``).
Every page visit ends by reading the browser's log: no console error, no refusal by the
content-security policy. The files' own checks (no inline script, no ``innerHTML``,
nothing from the network, every word in both languages) need no browser.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import PROJECT_ROOT
from test_browser import CHROMEDRIVER, CHROMIUM, CHROMIUM_FLAGS, _unavailable

from pipeline.render.heatmap import EMPTY, PALETTE, ink

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement

ASSETS = PROJECT_ROOT / "pipeline" / "serve" / "assets"
REPORT_STRINGS = PROJECT_ROOT / "pipeline" / "render" / "assets" / "strings.json"
REPORT_CSS = PROJECT_ROOT / "pipeline" / "render" / "assets" / "report.css"
WAIT_SECONDS = 15

REPORT = """\
Kemitraan Penataan Permukiman di Kelurahan Kraton, Kota Pasuruan

Kajian ini memakai metode kualitatif dan wawancara mendalam dengan pengurus BKM.

Dalam program PLPBK, BKM sebagai perencana kegiatan bersama warga. PT Bank Rakyat \
Indonesia memberikan bantuan fisik berupa pembangunan jalan lingkungan melalui dana CSR. \
Pemerintah berperan sebagai pendamping masyarakat.

Faktor pendukung adalah komunikasi yang baik. Kendala utama adalah kekurangan dana.
"""
"""A short Indonesian study: codes, a bank that provides physical aid, a city studied."""

HOSTILE = (
    "Catatan \"uji\" <script>alert(1)</script> & kutipan 'tunggal' <img src=x onerror=alert(2)>\n"
    "\n"
    "Swasta memberikan bantuan fisik \U0001f3d7\ufe0f berupa jalan lingkungan <b>tebal</b>. "
    "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd \u2014 \u0645\u0631\u062d\u0628\u0627 "
    "\u2067\u0628\u0627\u0644\u0639\u0627\u0644\u0645\u2069 \u2014 BKM sebagai perencana "
    "\U0001f469\U0001f3fd\u200d\U0001f527.\n"
)
"""Markup, quotes, Hebrew and Arabic (with a bidi isolate), and emoji before a quote:
offsets count code points, a JavaScript string UTF-16 units."""

MINUTES = """\
Notulen Rapat BKM Kelurahan Sukorejo

Rapat membahas kemitraan dengan swasta. Swasta memberikan bantuan uang untuk saluran.

Kendala rapat adalah kekurangan dana. Pemerintah berperan sebagai pendamping BKM.
"""
"""Minutes whose three paragraphs are loaded as three OCR'd pages."""

REPORT_FILE = "kemitraan-sukorejo.txt"
HOSTILE_FILE = "catatan-uji.txt"
MINUTES_FILE = "notulen-sukorejo.txt"
BANK = "https://w3id.org/plpbk-kg/org/bank-rakyat-indonesia"

pytestmark = pytest.mark.slow


# --- the server --------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test's reports, written to files and ingested into an on-disk store."""
    from stores import as_ocr_pages, build_store

    folder = tmp_path_factory.mktemp("reports")
    (folder / REPORT_FILE).write_text(REPORT, encoding="utf-8")
    (folder / HOSTILE_FILE).write_text(HOSTILE, encoding="utf-8")
    (folder / MINUTES_FILE).write_text(MINUTES, encoding="utf-8")
    minutes = as_ocr_pages(folder / MINUTES_FILE, confidences=(91.0, 85.5, 70.0))
    return build_store(
        tmp_path_factory.mktemp("kg") / "kg",
        [
            (folder / REPORT_FILE, None),
            (folder / HOSTILE_FILE, None),
            (folder / MINUTES_FILE, minutes),
        ],
    )


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[str]:
    """``plpbk-kg serve`` on a free loopback port; its base URL."""
    command = [str(Path(sys.executable).with_name("plpbk-kg")), "serve", "--store", str(store)]
    process = subprocess.Popen(
        [*command, "--port", "0", "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        found = re.search(r"listening on (http://127\.0\.0\.1:\d+/)", line)
        assert found, f"plpbk-kg serve did not start: {line}{process.stderr.read()}"
        yield found.group(1).rstrip("/")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def api(server: str, name: str, **params: str) -> list[dict[str, Any]]:
    """A named query's rows from the server's REST API."""
    query = urllib.parse.urlencode({**params, "format": "json"})
    with urllib.request.urlopen(f"{server}/api/queries/{name}?{query}", timeout=30) as answer:
        rows: list[dict[str, Any]] = json.load(answer)["rows"]
    return rows


# --- the browser -------------------------------------------------------------------


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """A headless Chromium whose console log the tests read, downloads to a folder."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        _unavailable(f"{' and '.join(missing)} not found")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("SE_OFFLINE", "true")
        browser = webdriver.Chrome(
            service=Service(executable_path=str(CHROMEDRIVER)), options=options
        )
    try:
        yield browser
    finally:
        browser.quit()


def visit(driver: WebDriver, url: str) -> None:
    """Open ``url`` as a new document, the log of earlier pages read and dropped."""
    driver.get("about:blank")
    driver.get_log("browser")
    driver.get(url)


def problems(driver: WebDriver) -> list[str]:
    """The browser log's errors and warnings since it was last read (CSP refusals among them)."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] in {"SEVERE", "WARNING"} or "Content Security Policy" in entry["message"]
    ]


def wait_for(driver: WebDriver, css: str, *, count: int = 1) -> list[WebElement]:
    """The elements matching ``css`` once at least ``count`` of them are there."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, css)) >= count
    )
    return driver.find_elements(By.CSS_SELECTOR, css)


def text_of(element: WebElement) -> str:
    value = element.get_property("textContent")
    assert isinstance(value, str)
    return value


def column_of(driver: WebDriver, file_name: str) -> int:
    """The index of the matrix's column of ``file_name``."""
    headers = [text_of(th) for th in wait_for(driver, "#matrix thead th")][1:]
    return headers.index(file_name)


def test_a_cell_opens_its_quotes_and_a_quote_its_place_in_the_document(
    driver: WebDriver, server: str
) -> None:
    visit(driver, f"{server}/index.html?lang=en")
    index = column_of(driver, REPORT_FILE)
    cell = wait_for(driver, f'button[data-cell="form.physical|{index}"]')[0]
    assert cell.text == "2"
    cell.click()
    quotes = wait_for(driver, "#panel ol.quotes > li", count=2)
    marks = [text_of(quote.find_element("css selector", "mark")) for quote in quotes]
    assert marks == ["bantuan fisik", "jalan lingkungan"]
    assert f"{REPORT_FILE}, p. 1" in quotes[0].text
    assert driver.current_url.endswith(f"#cell=form.physical|{index}")
    link = quotes[1].find_element("css selector", "a.to-document")
    assert link.text == "Show in the document"
    link.click()
    marked = wait_for(driver, "mark.target")
    assert "".join(text_of(mark) for mark in marked) == "jalan lingkungan"
    start = REPORT.index("jalan lingkungan")
    assert driver.current_url.endswith(f"#o={start}-{start + len('jalan lingkungan')}")
    assert f"file={REPORT_FILE}" in driver.current_url
    # Scrolled into view, and the margin names the code beside the text.
    assert driver.execute_script(
        "var r = arguments[0].getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight;",
        marked[0],
    )
    margin = [text_of(item) for item in wait_for(driver, ".margin-list li")]
    assert any(item.startswith("physical aid (form.physical)") for item in margin)
    assert problems(driver) == []


def test_the_document_page_shows_the_text_that_offsets_index_into(
    driver: WebDriver, server: str
) -> None:
    pages = api(server, "document-text", file=HOSTILE_FILE)
    visit(driver, f"{server}/document.html?lang=en&file={HOSTILE_FILE}")
    shown = [text_of(page) for page in wait_for(driver, ".page-text", count=len(pages))]
    assert shown == [page["text"] for page in pages]
    assert "<script>alert(1)</script>" in shown[0] and "\U0001f3d7\ufe0f" in shown[0]
    # Only the page's own two scripts, no element made from the text, no alert.
    assert driver.execute_script("return document.scripts.length") == 2
    assert driver.execute_script("return document.querySelectorAll('main img, main b').length") == 0
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 (reading it is what raises)
    assert problems(driver) == []


def test_a_quote_on_a_later_page_is_marked_on_that_page(driver: WebDriver, server: str) -> None:
    pages = api(server, "document-text", file=MINUTES_FILE)
    assert [page["page"] for page in pages] == [1, 2, 3]
    start = MINUTES.index("kekurangan dana")
    assert pages[2]["start"] < start < pages[2]["end"]
    visit(driver, f"{server}/document.html?lang=en&file={MINUTES_FILE}#o={start}-{start + 15}")
    marked = wait_for(driver, "mark.target")
    assert "".join(text_of(mark) for mark in marked) == "kekurangan dana"
    sections = driver.find_elements("css selector", "section.page")
    assert [section.find_element("css selector", "h2").text for section in sections] == [
        f"Page {number} · read by OCR" for number in (1, 2, 3)
    ]
    assert [text_of(page) for page in driver.find_elements("css selector", ".page-text")] == [
        page["text"] for page in pages
    ]
    assert sections[2].find_elements("css selector", "mark.target") == marked
    assert problems(driver) == []


@pytest.mark.parametrize("quote", ["jalan lingkungan", "sebagai perencana", "bantuan fisik"])
def test_a_quote_after_emoji_and_right_to_left_text_is_marked_exactly(
    driver: WebDriver, server: str, quote: str
) -> None:
    """Offsets are code points: after an emoji the marked text must still be the quote."""
    (row,) = [
        row
        for row in api(server, "document-annotations", file=HOSTILE_FILE)
        if row["quote"] == quote and row["motivation"] == "classifying"
    ]
    assert row["start"] == HOSTILE.index(quote)
    visit(
        driver, f"{server}/document.html?lang=id&file={HOSTILE_FILE}#o={row['start']}-{row['end']}"
    )
    marked = wait_for(driver, "mark.target")
    assert "".join(text_of(mark) for mark in marked) == quote
    status = driver.find_element("id", "message").text
    assert status == f"Kutipan pada karakter {row['start']}–{row['end']} ditandai."
    assert problems(driver) == []


def test_a_hostile_quote_in_the_matrix_panel_is_text(driver: WebDriver, server: str) -> None:
    visit(driver, f"{server}/index.html?lang=en&doc={HOSTILE_FILE}#cell=sector.private|0")
    quote = wait_for(driver, "#panel blockquote")[0]
    # The context around the quote holds markup, shown as the characters it is made of.
    start = HOSTILE.index("Swasta")
    before, after = HOSTILE[start - 32 : start], HOSTILE[start + 6 : start + 6 + 32]
    assert "<img src=x onerror=alert(2)>" in before
    assert text_of(quote) == f"\u2026{before}Swasta{after}\u2026"
    assert text_of(quote.find_element("css selector", "mark")) == "Swasta"
    # common.js, the report's report.js and matrix.js: none made from the text.
    assert driver.execute_script("return document.scripts.length") == 3
    assert driver.execute_script("return document.querySelectorAll('#panel img').length") == 0
    assert problems(driver) == []


def test_the_language_switch_redraws_the_page_and_is_kept(driver: WebDriver, server: str) -> None:
    from selenium.webdriver.support.select import Select

    visit(driver, f"{server}/index.html?lang=en")
    wait_for(driver, "#matrix")
    assert driver.find_element("id", "title").text == "Codes by document"
    row = 'tbody[data-family="form"] tr:nth-of-type(2) th'
    assert wait_for(driver, row)[0].text.startswith("physical aid")
    Select(driver.find_element("id", "language")).select_by_value("id")
    from selenium.webdriver.support.wait import WebDriverWait

    # The labels come from the server's matrix in that language: wait for its answer.
    # (Read by script: the table is replaced meanwhile, and an element found may go stale.)
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: d.execute_script(
            "var n = document.querySelector(arguments[0]); return n ? n.textContent : '';", row
        ).startswith("bantuan fisik")
    )
    assert driver.find_element("id", "title").text == "Kode per dokumen"
    assert driver.find_element("css selector", "html").get_attribute("lang") == "id"
    assert "lang=id" in driver.current_url
    # The next page opens in Indonesian too.
    driver.find_element("css selector", 'header.site nav a[href^="query.html"]').click()
    assert wait_for(driver, "main h1")[0].text == "Kueri SPARQL"
    assert driver.find_element("id", "run").text == "Jalankan"
    assert problems(driver) == []


def test_the_filters_narrow_the_matrix(driver: WebDriver, server: str) -> None:
    visit(driver, f"{server}/index.html?lang=en&family=form&by=place")
    wait_for(driver, "#matrix")
    families = [
        body.get_attribute("data-family")
        for body in driver.find_elements("css selector", "#matrix tbody")
    ]
    assert families == ["form"]
    headers = [text_of(th) for th in driver.find_elements("css selector", "#matrix thead th")]
    assert headers[1:] == ["Kota Pasuruan"]
    assert driver.find_element("css selector", 'button[data-cell="form.physical|0"]').text == "2"
    # Under the matrix, the documents it counts, each linked to its page and its places'.
    rows = driver.find_elements("css selector", "table.documents tbody tr")
    assert sorted(row.text.split()[0] for row in rows) == [HOSTILE_FILE, REPORT_FILE, MINUTES_FILE]
    (row,) = [row for row in rows if row.text.startswith(REPORT_FILE)]
    links = [a.get_attribute("href") or "" for a in row.find_elements("css selector", "a")]
    assert "Kota Pasuruan" in row.text
    assert f"document.html?file={REPORT_FILE}&lang=en" in links[0]
    assert "place.html?code=35.75&lang=en" in links[1]
    place = driver.find_element("id", "place")
    place.clear()
    place.send_keys("Jawa Tengah")
    driver.find_element("id", "apply").click()
    # The server answers the new filters: wait for the page to draw its answer.
    from selenium.webdriver.support.wait import WebDriverWait

    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: (
            "Jawa Tengah"
            in d.execute_script("return document.getElementById('message').textContent;")
        )
    )
    assert (
        "No document in the store studies Jawa Tengah" in driver.find_element("id", "message").text
    )
    assert driver.find_elements("css selector", "table.documents") == []
    assert driver.find_elements("css selector", "#matrix") == []
    place.clear()
    place.send_keys("35")  # Jawa Timur's code: the city is inside it
    driver.find_element("id", "apply").click()
    assert wait_for(driver, 'button[data-cell="form.physical|0"]')[0].text == "2"
    assert "place=35" in driver.current_url
    assert problems(driver) == []


def test_the_query_page_runs_a_named_query_and_shows_its_rows(
    driver: WebDriver, server: str
) -> None:
    visit(driver, f"{server}/query.html?lang=en")
    wait_for(driver, 'button[data-query="documents"]')[0].click()
    editor = driver.find_element("id", "sparql")
    text = editor.get_property("value")
    assert isinstance(text, str) and "plpbk:fileName" in text
    driver.find_element("id", "run").click()
    rows = wait_for(driver, "#results tbody tr", count=3)
    files = sorted(row.find_element("css selector", "td").text for row in rows)
    assert files == [HOSTILE_FILE, REPORT_FILE, MINUTES_FILE]
    assert driver.find_element("id", "row-count").text == "3 rows"
    # With a parameter the named query runs on the REST API and binds it.
    wait_for(driver, 'button[data-query="evidence"]')[0].click()
    driver.find_element("id", "param-file").send_keys(REPORT_FILE)
    driver.find_element("id", "param-code").send_keys("form.physical")
    driver.find_element("id", "run").click()
    wait_for(driver, "#results thead th")
    assert driver.find_element("id", "row-count").text == "2 rows"
    quotes = [
        td.text for td in driver.find_elements("css selector", "#results tbody td:nth-child(6)")
    ]
    assert quotes == ["bantuan fisik", "jalan lingkungan"]
    assert problems(driver) == []


def test_the_query_page_shows_an_edited_query_and_downloads_its_rows(
    driver: WebDriver, server: str, tmp_path: Path
) -> None:
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    visit(driver, f"{server}/query.html?lang=en")
    editor = wait_for(driver, "#sparql")[0]
    editor.clear()
    editor.send_keys("SELECT ?file WHERE { ?doc plpbk:fileName ?file } ORDER BY DESC(?file)")
    driver.find_element("id", "run").click()
    rows = wait_for(driver, "#results tbody tr", count=3)
    assert [row.text for row in rows] == [MINUTES_FILE, REPORT_FILE, HOSTILE_FILE]
    driver.find_element("id", "download-csv").click()
    driver.find_element("id", "download-json").click()
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline and not (
        (tmp_path / "query.csv").exists() and (tmp_path / "query.json").exists()
    ):
        time.sleep(0.2)
    assert (tmp_path / "query.csv").read_text(encoding="utf-8").split() == [
        "file",
        MINUTES_FILE,
        REPORT_FILE,
        HOSTILE_FILE,
    ]
    answer = json.loads((tmp_path / "query.json").read_text(encoding="utf-8"))
    assert [b["file"]["value"] for b in answer["results"]["bindings"]] == [
        MINUTES_FILE,
        REPORT_FILE,
        HOSTILE_FILE,
    ]
    # A syntax error is shown as the server's message, as text.
    editor.clear()
    editor.send_keys("SELEC ?x WHERE { ?x ?p ?o }")
    driver.find_element("id", "run").click()
    error = wait_for(driver, "#results .error")[0]
    assert "SELEC" in error.text
    logged = problems(driver)
    # The refused query is the browser's one complaint: a 400 from /sparql.
    assert len(logged) == 1 and "/sparql" in logged[0] and "400" in logged[0], logged


def test_the_organisation_page_lists_the_documents_and_statements(
    driver: WebDriver, server: str
) -> None:
    visit(driver, f"{server}/organisation.html?lang=en")
    links = wait_for(driver, "table.entities tbody th a")
    (bank,) = [link for link in links if link.text == "Bank Rakyat Indonesia"]
    bank.click()
    wait_for(driver, "#documents li")
    assert driver.find_element("id", "title").text == "Bank Rakyat Indonesia"
    assert urllib.parse.quote(BANK, safe="") in driver.current_url
    documents = driver.find_element("id", "documents").text
    assert REPORT_FILE in documents and HOSTILE_FILE not in documents
    assert "1 mention" in documents and "PT Bank Rakyat Indonesia" in documents
    statements = [
        text_of(p) for p in driver.find_elements("css selector", "#statements .statement")
    ]
    # A company that gives is a donor: it plays the partner role too (ontology/implied.jsonl).
    assert sorted(statements) == [
        "private sector plays partner or donor",
        "private sector provides monetary aid",
        "private sector provides physical aid",
    ]
    driver.find_element("css selector", "#documents a.to-document").click()
    marked = wait_for(driver, "mark.target")
    assert "".join(text_of(mark) for mark in marked) == "PT Bank Rakyat Indonesia"
    assert problems(driver) == []


def test_the_place_page_lists_the_documents_studying_it(driver: WebDriver, server: str) -> None:
    visit(driver, f"{server}/place.html?lang=id&code=35.75")
    items = wait_for(driver, "#documents > ul > li")
    assert driver.find_element("id", "title").text == "Kota Pasuruan"
    assert [item.find_element("css selector", "a").text for item in items] == [REPORT_FILE]
    assert "meneliti tempat ini" in items[0].text
    assert problems(driver) == []


def test_screenshot_of_the_document_page(driver: WebDriver, server: str, tmp_path: Path) -> None:
    """The README's picture; kept only when PLPBK_SCREENSHOT names where."""
    start = REPORT.index("bantuan fisik")
    visit(driver, f"{server}/document.html?lang=en&file={REPORT_FILE}#o={start}-{start + 13}")
    wait_for(driver, "mark.target")
    driver.set_window_size(1200, 760)
    try:
        driver.execute_script("window.scrollTo(0, 0)")
        picture = driver.get_screenshot_as_png()
    finally:
        driver.set_window_size(1400, 1000)
    assert picture.startswith(b"\x89PNG")
    wanted = os.environ.get("PLPBK_SCREENSHOT")
    (Path(wanted) if wanted else tmp_path / "serve-document.png").write_bytes(picture)


# --- the files themselves ----------------------------------------------------------


def asset_texts(*suffixes: str) -> dict[str, str]:
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted(ASSETS.iterdir())
        if path.suffix in suffixes
    }


def test_the_pages_have_no_inline_script_or_style() -> None:
    for name, html in asset_texts(".html").items():
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), name
        assert "<style" not in html and " style=" not in html, name
        assert not re.search(r"\son[a-z]+=", html), name


def test_the_scripts_never_write_markup() -> None:
    for name, script in asset_texts(".js").items():
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in script, f"{name} uses {sink}"
        assert 'setAttribute("style"' not in script and "setAttribute('style'" not in script


def test_nothing_comes_from_the_network() -> None:
    for name, text in asset_texts(".html", ".js", ".css", ".svg").items():
        # An SVG names its namespace with an address it never fetches.
        text = text.replace('xmlns="http://www.w3.org/2000/svg"', "")
        addresses = re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}", text)
        assert addresses == [], (name, addresses)
        assert "@import" not in text and "url(" not in text, name


def test_every_word_is_there_in_both_languages() -> None:
    words = json.loads((ASSETS / "strings.json").read_text(encoding="utf-8"))
    assert set(words) == {"id", "en"} and set(words["id"]) == set(words["en"])
    used = set()
    for text in asset_texts(".html").values():
        used |= set(re.findall(r'data-words(?:-label|-placeholder)?="([a-z_]+)"', text))
    for text in asset_texts(".js").values():
        used |= set(re.findall(r'plpbk\.t\("([a-z_]+)"[,)]', text))
        used |= {f"motivation_{m}" for m in ("classifying", "describing", "identifying")}
        for one, many in re.findall(r'plural\([^;]*?"([a-z_]+)", "([a-z_]+)"\)', text):
            used |= {one, many}
    missing = sorted(used - set(words["en"]))
    assert not missing, f"words the pages use that strings.json lacks: {missing}"


def test_words_shared_with_the_report_are_the_reports() -> None:
    ours = json.loads((ASSETS / "strings.json").read_text(encoding="utf-8"))
    report = json.loads(REPORT_STRINGS.read_text(encoding="utf-8"))
    for lang in ("id", "en"):
        shared = set(ours[lang]) & set(report[lang])
        assert len(shared) >= 20
        assert {key: ours[lang][key] for key in shared} == {
            key: report[lang][key] for key in shared
        }


def test_the_heatmap_colours_are_the_reports() -> None:
    from pipeline.serve.shared import report_stylesheet

    css = report_stylesheet()  # what /report.css serves
    assert css.startswith(REPORT_CSS.read_text(encoding="utf-8"))
    assert ".s1 " not in (ASSETS / "serve.css").read_text(encoding="utf-8")
    steps = dict(re.findall(r"\.s(\d+) \{ background: (#[0-9a-f]{6});", css))
    assert steps == {"0": EMPTY, **{str(i): colour for i, colour in enumerate(PALETTE, start=1)}}
    for step, colour in enumerate(PALETTE, start=1):
        assert f".s{step} {{ background: {colour}; color: {ink(colour)}; }}" in css


def test_the_pages_use_the_reports_style_and_panel_not_copies() -> None:
    """serve.css keeps only the pages' own rules: no run of five lines of report.css."""
    report = [line for line in REPORT_CSS.read_text(encoding="utf-8").splitlines() if line.strip()]
    ours = "\n".join(
        line
        for line in (ASSETS / "serve.css").read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    copied = [
        report[index]
        for index in range(len(report) - 4)
        if "\n".join(report[index : index + 5]) in ours
    ]
    assert copied == []
    for name, html in asset_texts(".html").items():
        sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
        assert sheets == ["report.css", "serve.css"], name
    index = (ASSETS / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<script src="([^"]+)"', index) == ["common.js", "report.js", "matrix.js"]
    matrix = (ASSETS / "matrix.js").read_text(encoding="utf-8")
    # The page draws the server's counts and colour steps: it neither counts nor colours.
    assert "/api/matrix" in matrix and "window.plpbkReport" in matrix
    assert "report.cellPanel(" in matrix and "report.quoteItem(" in matrix
    assert "Math.ceil" not in matrix and "PALETTE" not in matrix and "JSON.parse" not in matrix
    assert 'query("matrix"' not in matrix
