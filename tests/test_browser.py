"""The HTML report in a real browser: Debian's Chromium, driven by Selenium.

The tests need ``/usr/bin/chromium`` and ``/usr/bin/chromedriver``
(``apt-get install chromium chromium-driver``). Without them they are skipped, unless
``PLPBK_REQUIRE_BROWSER=1`` (as CI sets it), when they fail instead. Selenium is told
where both are, so that Selenium Manager never looks for a browser on the network.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from comparisons import HOSTILE_LABEL, HOSTILE_QUOTE, sample_comparison
from PIL import Image

from pipeline.compare import Grouping
from pipeline.render.heatmap import EMPTY, PALETTE, colour_step
from pipeline.render.html_report import render_html

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
    # Screenshots in plain sRGB, so that a pixel has the colour the page asked for.
    "--force-color-profile=srgb",
)
WAIT_SECONDS = 10

pytestmark = pytest.mark.slow


def _unavailable(reason: str) -> None:
    """Skip, or fail when the environment requires the browser tests to run."""
    if os.environ.get("PLPBK_REQUIRE_BROWSER") == "1":
        pytest.fail(
            f"{reason}; PLPBK_REQUIRE_BROWSER=1 requires the browser tests: "
            "`apt-get install chromium chromium-driver` (and `pip install -e '.[test]'`)"
        )
    pytest.skip(f"{reason}: `apt-get install chromium chromium-driver` to run them")


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """A headless Chromium for the module's tests, with a fresh profile."""
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
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("SE_OFFLINE", "true")
        browser = webdriver.Chrome(
            service=Service(executable_path=str(CHROMEDRIVER)), options=options
        )
    try:
        yield browser
    finally:
        browser.quit()


def open_report(
    driver: WebDriver,
    tmp_path: Path,
    fragment: str = "",
    *,
    lang: str = "id",
    by: Grouping = "document",
) -> None:
    """Write the sample comparison's report and open it as a file, at ``fragment``."""
    path = tmp_path / "report.html"
    path.write_text(render_html(sample_comparison(lang=lang, by=by)), encoding="utf-8")
    # A new document each time: a fragment alone would not reload the page.
    driver.get("about:blank")
    driver.get(path.as_uri() + fragment)


def cell(driver: WebDriver, key: str) -> WebElement:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f'button[data-cell="{key}"]')


def panel(driver: WebDriver) -> WebElement:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, "panel")


def wait_for_panel(driver: WebDriver, *, shown: bool = True) -> WebElement:
    from selenium.webdriver.support.wait import WebDriverWait

    WebDriverWait(driver, WAIT_SECONDS).until(lambda d: panel(d).is_displayed() == shown)
    return panel(driver)


def test_matrix_is_displayed_with_counts_in_its_cells(driver: WebDriver, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    open_report(driver, tmp_path)
    assert driver.find_element(By.ID, "matrix").is_displayed()
    assert cell(driver, "form.physical|0").is_displayed()
    assert cell(driver, "form.physical|0").text == "7"
    assert cell(driver, "goal.welfare|2").text == "5"
    assert not panel(driver).is_displayed()
    assert driver.execute_script("return document.scripts.length") == 2


def test_clicking_a_cell_shows_its_quotes_with_pages(driver: WebDriver, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    open_report(driver, tmp_path)
    cell(driver, "form.physical|0").click()
    shown = wait_for_panel(driver)
    text = shown.text
    assert HOSTILE_LABEL in text and "kemitraan-malang.pdf" in text and "7 anotasi" in text
    assert "\u2026Pada 2016 pihak swasta membangun jalan lingkungan di RW 03.\u2026" in text
    marks = shown.find_elements(By.TAG_NAME, "mark")
    assert [mark.text for mark in marks] == [
        "swasta membangun jalan lingkungan",
        "bantuan fisik berupa drainase",
    ]
    assert "kemitraan-malang.pdf, hal. 4" in text and "kemitraan-malang.pdf, hal. 12" in text
    assert "Menampilkan 2 dari 7." in text
    assert driver.current_url.endswith("#cell=form.physical|0")


def test_escape_closes_the_panel_and_gives_focus_back(driver: WebDriver, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    open_report(driver, tmp_path)
    cell(driver, "goal.welfare|0").click()
    wait_for_panel(driver)
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait_for_panel(driver, shown=False)
    assert driver.switch_to.active_element == cell(driver, "goal.welfare|0")
    assert "#" not in driver.current_url


def test_keyboard_opens_a_cell(driver: WebDriver, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    open_report(driver, tmp_path, lang="en")
    cell(driver, "method.qualitative|1").send_keys(Keys.ENTER)
    assert "kemitraan-pekalongan.pdf, p. 3" in wait_for_panel(driver).text


def test_hostile_quote_is_shown_as_text(driver: WebDriver, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    open_report(driver, tmp_path)
    cell(driver, "goal.welfare|2").click()
    wait_for_panel(driver)
    quote = panel(driver).find_element(By.TAG_NAME, "blockquote")
    assert quote.get_property("textContent") == HOSTILE_QUOTE
    assert driver.execute_script("return document.scripts.length") == 2
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 (reading it is what raises)


def test_cell_without_quotes_says_evidence_was_not_included(
    driver: WebDriver, tmp_path: Path
) -> None:
    open_report(driver, tmp_path)
    cell(driver, "form.physical|1").click()
    text = wait_for_panel(driver).text
    assert "Bukti untuk sel ini tidak disertakan dalam laporan ini." in text
    assert "2 anotasi" in text


def test_cell_link_opens_the_panel_on_load(driver: WebDriver, tmp_path: Path) -> None:
    open_report(driver, tmp_path, "#cell=goal.welfare|2", by="place")
    text = wait_for_panel(driver).text
    assert text.startswith("Kesejahteraan")
    assert 'Semarang <i>"Utara"</i> (kota)' in text and "plpbk-semarang.pdf, hal. 7" in text
    opened = cell(driver, "goal.welfare|2").find_element("xpath", "..")
    assert opened.get_attribute("class") == f"s{colour_step(5, 7)} selected"


def test_link_to_an_unknown_cell_opens_nothing(driver: WebDriver, tmp_path: Path) -> None:
    open_report(driver, tmp_path, "#cell=goal.welfare|99")
    assert not panel(driver).is_displayed()


def test_screenshot_shows_the_heatmap_colours(driver: WebDriver, tmp_path: Path) -> None:
    comparison = sample_comparison()
    open_report(driver, tmp_path)
    screenshot = driver.get_screenshot_as_png()
    (tmp_path / "report.png").write_bytes(screenshot)
    image = Image.open(io.BytesIO(screenshot)).convert("RGB")
    ratio, width, height = driver.execute_script(
        "return [window.devicePixelRatio, window.innerWidth, window.innerHeight]"
    )
    assert image.size == (round(width * ratio), round(height * ratio))
    assert width >= 1200 and height >= 800

    def centre_colours(element: WebElement) -> Counter[tuple[int, int, int]]:
        """The colours of the 9 × 9 CSS pixels around the element's centre."""
        box = driver.execute_script("return arguments[0].getBoundingClientRect()", element)
        x = (box["left"] + box["width"] / 2) * ratio
        y = (box["top"] + box["height"] / 2) * ratio
        reach = round(4 * ratio)
        return Counter(
            image.getpixel((round(x) + dx, round(y) + dy))  # type: ignore[misc]
            for dx in range(-reach, reach + 1)
            for dy in range(-reach, reach + 1)
        )

    largest = cell(driver, "form.physical|0")
    # Its number is drawn over the centre: the background is the colour most pixels have.
    assert centre_colours(largest).most_common(1)[0][0] == rgb(PALETTE[-1])
    middle = cell(driver, "goal.welfare|2")
    step = colour_step(5, comparison.max_count)
    assert centre_colours(middle).most_common(1)[0][0] == rgb(PALETTE[step - 1])
    # form.physical has no annotation in the third column.
    empty = driver.find_element(
        "css selector", '#matrix tbody[data-family="form"] tr:nth-of-type(2) td:nth-of-type(3)'
    )
    assert empty.text == "" and comparison.count("form.physical", comparison.columns[2].key) == 0
    assert set(centre_colours(empty)) == {rgb(EMPTY)}


def rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def test_report_of_a_real_store_opens_a_cells_quotes(driver: WebDriver, tmp_path: Path) -> None:
    """End to end: reports ingested into a store, `plpbk-kg compare --format html`, a click."""
    from conftest import plpbk
    from selenium.webdriver.common.by import By
    from stores import build_store, golden_documents

    store = build_store(tmp_path / "kg", golden_documents())
    report = tmp_path / "compare.html"
    done = plpbk("compare", "--store", str(store), "--format", "html", "--output", str(report))
    assert done.returncode == 0, done.stderr
    driver.get("about:blank")
    driver.get(report.as_uri())
    headers = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "thead th")]
    assert any("partnership-review-tegal.txt" in header for header in headers)
    # form.physical in the English review (the fourth column): three quotes, page 1.
    button = cell(driver, "form.physical|3")
    assert button.text == "3"
    button.click()
    text = wait_for_panel(driver).text
    assert "partnership-review-tegal.txt, p. 1" in text
    marks = [mark.text for mark in panel(driver).find_elements(By.TAG_NAME, "mark")]
    assert len(marks) == 3
    assert "physical assistance" in marks
    # The OCR'd minutes: a quote on its third page says so.
    cell(driver, "constraint.funding_shortage|2").click()
    assert "notulen-bkm-scan.txt, p. 3" in wait_for_panel(driver).text
