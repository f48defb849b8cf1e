"""kg serve's page in a real browser: Debian's chromium, headless, driven by selenium
through chromium-driver, against `kg serve` running on the built example articles.

The browser is installed by .ci/run; elsewhere, without it, these tests are skipped
(in CI, where CI=true, they fail instead, so that they never pass by not running).
"""

from __future__ import annotations

import os
import shutil

import pytest

from .serving import mattis_claims, start_server, stop_server

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")

if not (CHROMIUM and CHROMEDRIVER):
    if os.environ.get("CI") == "true":
        pytest.fail(
            "chromium and chromium-driver must be installed in CI (.ci/run installs them)",
            pytrace=False,
        )
    pytest.skip(
        "no chromium or chromedriver: `apt-get install -y chromium chromium-driver` to run "
        "the browser tests of kg serve",
        allow_module_level=True,
    )

from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

#: Seconds the browser is waited for (a page, a query, a search): long, for a busy machine.
WAIT = 60


@pytest.fixture(scope="module")
def server(examples_store):
    """`kg serve` on the examples' store, on a free port: its URL."""
    process, url = start_server(examples_store)
    yield url
    stop_server(process)


@pytest.fixture(scope="module")
def mattis(examples_store) -> int:
    return mattis_claims(examples_store)


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1280,900")
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(CHROMEDRIVER))
    yield driver
    driver.quit()


def open_page(browser, server):
    browser.get(server)
    WebDriverWait(browser, WAIT).until(
        lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true"
    )


def test_a_named_query_chosen_and_run_fills_the_results_table(browser, server, mattis):
    open_page(browser, server)
    browser.find_element(By.ID, "tab-sparql").click()
    Select(browser.find_element(By.ID, "named")).select_by_value("top-speakers")
    assert "# name: top-speakers" in browser.find_element(By.ID, "query").get_attribute("value")
    browser.find_element(By.ID, "run").click()
    rows = WebDriverWait(browser, WAIT).until(
        EC.presence_of_all_elements_located((By.CSS_SELECTOR, "#results tbody tr"))
    )
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#results th")]
    assert headers[:3] == ["speaker", "class", "claims"]
    first = [td.text for td in rows[0].find_elements(By.TAG_NAME, "td")]
    assert first[:3] == ["James Mattis", "Person", str(mattis)]
    assert "rows in" in browser.find_element(By.ID, "status").text


def test_a_malformed_query_shows_the_parsers_message(browser, server):
    open_page(browser, server)
    browser.find_element(By.ID, "tab-sparql").click()
    editor = browser.find_element(By.ID, "query")
    editor.clear()
    editor.send_keys("SELECT ?s WHERE { ?s ?p }")
    browser.find_element(By.ID, "run").click()
    error = WebDriverWait(browser, WAIT).until(EC.visibility_of_element_located((By.ID, "error")))
    assert error.text.startswith("the query is not valid SPARQL")


def test_searching_mattis_lists_his_claims_in_date_order_with_each_claim_marked(
    browser, server, mattis
):
    open_page(browser, server)
    search = browser.find_element(By.ID, "search")
    search.send_keys("Mattis")
    browser.find_element(By.CSS_SELECTOR, "#search-form button").click()
    WebDriverWait(browser, WAIT).until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, "#claim-list li")) == mattis
    )
    assert browser.find_element(By.ID, "entity-name").text == "James Mattis"
    first_result = browser.find_element(By.CSS_SELECTOR, "#search-results button")
    assert "James Mattis" in first_result.text
    items = browser.find_elements(By.CSS_SELECTOR, "#claim-list li")
    dates = [li.get_attribute("data-date") for li in items]
    dated = [d for d in dates if d]
    assert dated and dated == sorted(dated)
    assert dates == dated + [""] * (len(dates) - len(dated))  # undated last
    for li in items:
        marks = li.find_elements(By.CSS_SELECTOR, ".sentence mark.claim")
        assert len(marks) == 1 and marks[0].text.strip()
        sentence = li.find_element(By.CSS_SELECTOR, ".sentence").text
        assert marks[0].text in sentence
    speakers = browser.find_elements(By.CSS_SELECTOR, "#claim-list .sentence span.speaker")
    assert "Mattis" in {s.text for s in speakers}
    # the first claim in time order, marked where the article says it
    assert items[0].find_element(By.CSS_SELECTOR, ".date").text == dated[0]


def test_claims_about_an_entity_are_one_click_away(browser, server):
    open_page(browser, server)
    browser.find_element(By.ID, "search").send_keys("Iraq")
    browser.find_element(By.CSS_SELECTOR, "#search-form button").click()
    WebDriverWait(browser, WAIT).until(
        EC.text_to_be_present_in_element((By.ID, "entity-name"), "Iraq")
    )
    browser.find_element(By.ID, "role-about").click()
    WebDriverWait(browser, WAIT).until(
        EC.text_to_be_present_in_element((By.ID, "claims-note"), "Claims that name Iraq")
    )
    items = browser.find_elements(By.CSS_SELECTOR, "#claim-list li")
    assert items
    assert any("by James Mattis" in li.find_element(By.CSS_SELECTOR, ".meta").text for li in items)


def test_a_named_query_with_a_parameter_takes_it_from_its_field(browser, server):
    open_page(browser, server)
    browser.find_element(By.ID, "tab-sparql").click()
    Select(browser.find_element(By.ID, "named")).select_by_value("claims-by-speaker")
    browser.find_element(By.CSS_SELECTOR, '#params input[name="speaker"]').send_keys("Dunford")
    browser.find_element(By.ID, "run").click()
    rows = WebDriverWait(browser, WAIT).until(
        EC.presence_of_all_elements_located((By.CSS_SELECTOR, "#results tbody tr"))
    )
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#results th")]
    names = {row.find_elements(By.TAG_NAME, "td")[headers.index("name")].text for row in rows}
    assert names == {"Joseph Dunford"}
