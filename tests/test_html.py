"""HTML articles: news pages read into their main text and metadata (kg.html), built into
the graph with offsets into the stored text, and folder builds that say what they pass over.

The pages under tests/data/html are three Wikinews articles (CC BY 2.5; see the README
there) re-wrapped as the pages of three made-up news sites: navigation, cookie banners,
scripts, styles, share buttons, related links, comments and footers around the article.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg import api
from kg.cli import main
from kg.documents import PassedOver, Skipped, read_documents
from kg.html import NoArticle, decode, read_page

PAGES = Path(__file__).resolve().parent / "data" / "html"
HONG_KONG = PAGES / "hong-kong-extradition-bill.html"  # UTF-8, <meta charset>
KIPCHOGE = PAGES / "kipchoge-sub-two.htm"  # windows-1252, table layout, unclosed tags
SEA_EYE = PAGES / "sea-eye-alan-kurdi.html"  # UTF-8 with a BOM and no declaration

#: What each page's metadata says (og:title, article:published_time, author, og:url or
#: canonical link, og:site_name).
METADATA = {
    HONG_KONG: (
        "Hong Kong leader announces withdrawal of extradition bill",
        "2019-09-04",
        "Mei Ling Chan",
        "https://news.example.com/asia/2019/09/04/hong-kong-extradition-bill-withdrawn",
        "Harbour Daily",
    ),
    KIPCHOGE: (
        "Eliud Kipchoge of Kenya runs marathon under two hours",
        "2019-10-13",
        "Wanjiru Otieno",
        "https://sports.example.org/athletics/kipchoge-sub-two",
        "Rift Valley Sports Weekly",
    ),
    SEA_EYE: (
        "German migrant rescue charity renames ship after drowned Syrian toddler",
        "2019-02-10",
        "Lena Hartmann; Pau Serra",
        "https://observer.example.net/2019/02/10/sea-eye-alan-kurdi/",
        "The Mediterranean Observer",
    ),
}

#: Words from around each article (menus, banners, scripts, styles, ads, related links,
#: comments, footers) that must not reach its text.
BOILERPLATE = {
    HONG_KONG: [
        "Accept all", "Search Harbour Daily", "Share on Facebook", "Most read", "gtag",
        "Breaking: markets", "Subscribe", "renderAd", "Advertisement", "Protesters occupy",
        "All rights reserved", "Sign up", "Georgia", "querySelectorAll", "Photo: Harbour",
    ],
    KIPCHOGE: [
        "Log in", "Sections", "greatest marathoner", "Vote", "_gaq", "popunder", "showAd",
        "runfan88", "lasers", "Advertise with us", "sidebar",
    ],
    SEA_EYE: [
        "Skip to content", "I accept", "Manage options", "Politics", "Read more",
        "Sea-Watch 3", "fitting tribute", "interior minister", "Leave a Reply", "Recent Posts",
        "Proudly powered", "lazyLoadOptions", "Tagged", "Posted in",
    ],
}  # fmt: skip

#: A page with no article on it: a site's menu, and a JavaScript application's shell.
MENU_ONLY = (
    "<html><head><title>Index</title></head><body><nav><ul><li><a href='/w'>World</a></li>"
    "<li><a href='/s'>Sport</a></li></ul></nav><footer>(c) 2020 Example</footer></body></html>"
)
APP_SHELL = (
    "<!DOCTYPE html><html><head><title>Loading</title><script src='/app.js'></script></head>"
    "<body><noscript>You need to enable JavaScript to run this app.</noscript>"
    "<div id='root'></div></body></html>"
)


def test_page_text_is_the_article_without_menus_scripts_ads_or_comments():
    for path, words in BOILERPLATE.items():
        text = read_page(path.read_bytes()).text
        leaked = [w for w in words if w in text]
        assert not leaked, (path.name, leaked)
    assert "Hong Kong people have learned to ignore her." in read_page(HONG_KONG.read_bytes()).text


@pytest.mark.parametrize("path", list(METADATA), ids=lambda p: p.name)
def test_page_metadata_gives_title_date_author_url_and_site_name(path):
    page = read_page(path.read_bytes())
    assert (page.title, page.date, page.author, page.url, page.publisher) == METADATA[path]


def test_paragraphs_are_lines_with_a_blank_line_between_and_a_br_a_line_break():
    hong_kong = read_page(HONG_KONG.read_bytes()).text
    paragraphs = hong_kong.split("\n\n")
    assert len(paragraphs) == 10  # the headline, eight paragraphs, the licence line
    assert paragraphs[2].startswith('"The government will fully withdraw the bill')
    assert all(p and "\n" not in p and p == " ".join(p.split()) for p in paragraphs)
    sea_eye = read_page(SEA_EYE.read_bytes()).text
    assert sea_eye.endswith("\n\nAdapted from Wikinews,\nCC BY 2.5.")


def test_page_is_read_in_its_declared_encoding_or_by_its_bom_or_as_utf8():
    kipchoge = read_page(KIPCHOGE.read_bytes()).text  # declared windows-1252
    assert "“They are among the best athletes in the world — so thank you,” said Kipchoge" in (
        kipchoge
    )
    sea_eye = read_page(SEA_EYE.read_bytes()).text  # a BOM, no declaration
    assert not sea_eye.startswith("\ufeff") and "my boy’s name" in sea_eye
    page = HONG_KONG.read_text(encoding="utf-8").replace("bill</h1>", "bill: “café”</h1>")
    for data in (
        page.encode("utf-16"),  # with its BOM, whatever it declares
        page.replace('<meta charset="utf-8">', "").encode("utf-8"),  # no declaration
        page.replace('charset="utf-8"', 'charset="iso-8859-1"').encode("cp1252"),
    ):
        assert read_page(data).text.startswith(
            "Hong Kong leader announces withdrawal of extradition bill: “café”\n\n"
        )


def test_latin1_label_reads_as_windows_1252_as_browsers_do():
    data = '<meta charset="ISO-8859-1"><p>“Go,” she said — twice.</p>'.encode("cp1252")
    assert decode(data).endswith("<p>“Go,” she said — twice.</p>")


def test_undeclared_page_that_is_not_utf8_is_guessed_not_mangled():
    page = KIPCHOGE.read_bytes().decode("cp1252").replace("charset=windows-1252", "")
    text = read_page(page.encode("cp1252")).text
    assert "“open race”" in text and "\ufffd" not in text


def test_page_with_no_article_text_is_no_article():
    for html in (MENU_ONLY, APP_SHELL, "", "   \n"):
        with pytest.raises(NoArticle):
            read_page(html)


def test_page_the_parser_fails_on_is_no_article_not_a_crash(monkeypatch):
    import trafilatura

    def fail(*args, **kwargs):
        raise ValueError("Document is empty")

    monkeypatch.setattr(trafilatura, "bare_extraction", fail)
    with pytest.raises(NoArticle, match=r"could not be read as HTML \(ValueError: Document"):
        read_page(HONG_KONG.read_bytes())


def test_folder_of_pages_reads_each_page_as_an_article_with_its_metadata(tmp_path):
    for path in METADATA:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    documents = {d.id: d for d in read_documents([tmp_path])}
    assert sorted(documents) == sorted(p.name for p in METADATA)
    for path, (title, date, author, url, publisher) in METADATA.items():
        doc = documents[path.name]
        assert doc.text == read_page(path.read_bytes()).text
        assert (doc.title, doc.date, doc.author, doc.url, doc.publisher) == (
            title,
            date,
            author,
            url,
            publisher,
        )
        assert doc.source == str(tmp_path / path.name)


def test_json_line_with_html_reads_the_page_and_its_own_fields_win(tmp_path):
    feed = tmp_path / "feed.jsonl"
    html = HONG_KONG.read_text(encoding="utf-8")
    lines = [
        {"id": "hk-1", "html": html, "date": "2019-09-05", "publisher": "Wire Service"},
        {"id": "hk-2", "html": html},
        {"id": "menu", "html": MENU_ONLY},
        {"id": "both", "text": "Lam said it was over.", "html": html},
    ]
    feed.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    skipped: list[Skipped] = []
    docs = {d.id: d for d in read_documents([feed], on_skip=skipped.append)}
    assert sorted(docs) == ["both", "hk-1", "hk-2"]
    title, date, author, url, publisher = METADATA[HONG_KONG]
    assert docs["hk-1"].text == read_page(html).text
    assert (docs["hk-1"].date, docs["hk-1"].publisher) == ("2019-09-05", "Wire Service")
    assert (docs["hk-1"].title, docs["hk-1"].author, docs["hk-1"].url) == (title, author, url)
    assert (docs["hk-2"].date, docs["hk-2"].publisher) == (date, publisher)
    assert docs["both"].text == "Lam said it was over." and docs["both"].title is None
    [menu] = skipped
    assert menu.path == f"{feed}:3" and 'has an "html" page that holds no article text' in str(menu)


def test_folder_passes_over_other_files_by_name_and_hidden_files_silently(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text('"We won," Jane Smith said.')
    (tmp_path / "PAGE.HTM").write_bytes(KIPCHOGE.read_bytes())
    for name in ("notes.pdf", "sub/README", ".DS_Store", "sub/.hidden.pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.4")
    passed = PassedOver()
    ids = [d.id for d in read_documents([tmp_path], on_pass_over=passed.add)]
    assert ids == ["PAGE.HTM", "a.txt"]
    assert passed.lines() == [
        "passed over 2 files that are not articles (give .txt, .jsonl, .html or .htm): "
        f"{tmp_path / 'notes.pdf'}, {tmp_path / 'sub' / 'README'}"
    ]


def test_many_files_passed_over_are_counted_by_ending_with_the_first_names():
    passed = PassedOver()
    for i in range(9500):
        passed.add(Path(f"docs/{i:04}.pdf"))
    for i in range(312):
        passed.add(Path(f"img/{i:03}.JPG"))
    passed.add(Path("LICENSE"))
    assert passed.lines() == [
        "passed over 9,813 files that are not articles (give .txt, .jsonl, .html or .htm), "
        "by ending:",
        "  9,500 .pdf: docs/0000.pdf, docs/0001.pdf, docs/0002.pdf, ...",
        "  312 .jpg: img/000.JPG, img/001.JPG, img/002.JPG, ...",
        "  1 (no ending): LICENSE",
    ]


def test_files_passed_over_are_kept_in_bounded_memory_whatever_their_endings():
    passed = PassedOver()
    for i in range(5000):
        passed.add(Path(f"logs/app.log.{i}"))
    assert passed.total == 5000
    assert len(passed.counts) == PassedOver.KEPT_ENDINGS + 1
    assert passed.counts[PassedOver.OTHER] == 5000 - PassedOver.KEPT_ENDINGS
    assert sum(len(names) for names in passed.examples.values()) <= 5 * len(passed.counts)


def test_reading_html_is_what_imports_trafilatura():
    code = (
        "import sys, kg.cli, kg.api, kg.documents, kg.html\n"
        "assert 'trafilatura' not in sys.modules\n"
        "kg.html.read_page('<html><body><article><p>' + 'Words said here. ' * 30 + "
        "'</p></article></body></html>')\n"
        "assert 'trafilatura' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_build_of_a_page_with_no_article_says_which_file_and_why(tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "menu.html").write_text(MENU_ONLY, encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    code = main(["build", str(folder), "--store", str(tmp_path / "store"), "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"kg: skipped {folder / 'menu.html'}: holds no article text" in err
    assert (
        "kg: passed over 1 file that is not an article (give .txt, .jsonl, .html or .htm): "
        f"{folder / 'notes.pdf'}"
    ) in err
    assert "0 read, 0 added, 0 replaced, 0 unchanged, 1 skipped" in out


@pytest.fixture(scope="module")
def html_build(tmp_path_factory):
    """The three pages, a page with no article, a JSON line with a page, and a PDF, built
    once with the real pipeline."""
    folder = tmp_path_factory.mktemp("pages")
    for path in METADATA:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "menu.html").write_text(MENU_ONLY, encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    record = {"id": "sea-eye-wire", "html": SEA_EYE.read_text(encoding="utf-8-sig")}
    record["title"] = "Rescue ship renamed"
    (folder / "wire.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    store = tmp_path_factory.mktemp("html") / "store"
    report = api.build([folder], store=store, progress=False)
    return folder, store, report


def _claims(store, doc_id: str) -> list[tuple[int, int, str, str, str | None]]:
    """(start, end, claim text, the article's stored text, speaker name) of each claim."""
    rows = api.query(
        store,
        "SELECT ?start ?end ?claim ?text ?speaker WHERE { "
        "?a schema:identifier ?id ; schema:text ?text . "
        "?c nif:referenceContext ?a ; a schema:Claim ; nif:beginIndex ?start ; "
        "nif:endIndex ?end ; schema:text ?claim . "
        "OPTIONAL { ?c prov:wasAttributedTo ?s . ?s schema:name ?speaker } } ORDER BY ?start",
        {"id": doc_id},
    ).rows
    return [
        (int(s), int(e), str(c), str(t), None if n is None else str(n)) for s, e, c, t, n in rows
    ]


def test_build_of_pages_skips_the_page_with_no_article_and_builds_the_rest(html_build):
    folder, _, report = html_build
    assert (report.read, report.added) == (4, 4)
    assert [str(s) for s in report.skipped] == [
        f"{folder / 'menu.html'}: holds no article text that could be found (only menus, "
        "links or scripts?): give the article's own page, saved after it has loaded"
    ]
    assert report.passed_over.total == 1


def test_claims_of_pages_have_their_speakers(html_build):
    _, store, _ = html_build
    speakers = {
        name: {n for *_, n in _claims(store, name)}
        for name in (HONG_KONG.name, KIPCHOGE.name, SEA_EYE.name, "sea-eye-wire")
    }
    assert {"Carrie Lam", "Joshua Wong"} <= speakers[HONG_KONG.name]
    assert any("Man-kei Tam" in (n or "") for n in speakers[HONG_KONG.name])
    assert "Eliud Kipchoge" in speakers[KIPCHOGE.name]
    assert {"Abdullah Kurdi", "Carlotta Weibl"} <= speakers[SEA_EYE.name]
    assert speakers["sea-eye-wire"] == speakers[SEA_EYE.name]


def test_claim_offsets_slice_the_stored_text_which_is_the_page_main_text(html_build):
    _, store, _ = html_build
    for path in METADATA:
        claims = _claims(store, path.name)
        assert claims
        for start, end, claim, text, _ in claims:
            assert text == read_page(path.read_bytes()).text
            assert text[start:end] == claim


def test_stored_page_articles_carry_their_metadata_and_conform_to_the_shapes(html_build):
    _, store, _ = html_build
    rows = api.query(
        store,
        "SELECT ?id ?title ?date ?author ?url ?publisher WHERE { ?a a schema:NewsArticle ; "
        "schema:identifier ?id ; schema:headline ?title ; schema:datePublished ?date ; "
        "schema:author ?author ; schema:url ?url ; schema:publisher ?publisher }",
    ).rows
    stored = {str(r[0]): tuple(str(v) for v in r[1:]) for r in rows}
    assert stored == {
        **{path.name: METADATA[path] for path in METADATA},
        "sea-eye-wire": ("Rescue ship renamed", *METADATA[SEA_EYE][1:]),
    }
    conforms, report = api.validate(store)
    assert conforms, report


PARAGRAPHS = (
    "<p>The mayor said the bridge would reopen in the spring after the repairs, which have "
    "cost the city more than two million dollars so far this year.</p>"
) * 3


@pytest.mark.parametrize(
    "page,found",
    [
        ("<div>" * 300 + PARAGRAPHS + "</div>" * 300, "elements nested over 255 deep"),
        (f"<div data-x='{'x' * 11_000_000}'>{PARAGRAPHS}</div>", "an attribute or a run of text"),
    ],
    ids=["nested", "huge-attribute"],
)
def test_a_page_past_the_parsers_limits_is_skipped_saying_what_was_found(page, found):
    with pytest.raises(NoArticle, match=f"holds {found}.*past what the HTML parser reads"):
        read_page(f"<html><body>{page}</body></html>")
