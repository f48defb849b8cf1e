"""HTML in: what reading a page costs, and whether its text is the article's.

    python bench/bench_html.py [--articles ../shared/devnews/articles] [--build]

Wraps each ``.txt`` article of a folder (``date`` line, title line, paragraphs, as the
Wikinews dev corpus is written) into a news page: navigation, a cookie banner, scripts and
styles, a byline, share buttons, related links in the middle of the article, comments and
a footer, with its title, date and author in ``<meta>`` tags (:func:`page`). Then prints

- the time :func:`kg.html.read_page` takes per page (trafilatura's extraction, the
  metadata and kg's writing out of the text), against the time the NLP takes per article;
- how many pages give back exactly the article's text (title, blank line, paragraphs) and
  the metadata that was put in;
- what importing trafilatura costs, which ``kg query`` and every command that reads no
  HTML do not pay (``kg.html`` imports it on the first page read);
- with ``--build``, the claims of a build of the pages beside those of a build of the
  ``.txt`` files (two builds of the folder: about a minute each on the dev corpus).
"""

from __future__ import annotations

import argparse
import html
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg import api
from kg.documents import header_date
from kg.html import read_page

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = ROOT.parent / "shared" / "devnews" / "articles"

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | The Example Times</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Example Times">
<meta property="og:url" content="https://times.example.com/{slug}">
<meta property="article:published_time" content="{date}T09:30:00Z">
<meta name="author" content="Sam Reporter">
<style>body {{ font: 16px serif }} .ad {{ display: block }}</style>
<script>window.dataLayer = []; function track(e) {{ dataLayer.push(e); }}</script>
</head><body>
<div class="cookies">We use cookies. <button>Accept all</button></div>
<header><a href="/">The Example Times</a><nav><ul><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/science">Science</a></li></ul></nav></header>
<main><article><h1>{title}</h1>
<p class="byline">By <a rel="author" href="/staff/sam">Sam Reporter</a></p>
<div class="share"><a href="#">Share</a> <a href="#">Tweet</a></div>
<div class="body">
{first}
<aside class="related"><h3>Related</h3><ul><li><a href="/a">Earlier story</a></li>
<li><a href="/b">Another story</a></li></ul></aside>
{rest}
</div></article>
<section class="comments"><h2>Comments</h2><div class="comment"><b>reader1</b>
<p>Great reporting, thank you for covering this story so quickly.</p></div></section>
</main>
<footer><p>&copy; The Example Times</p><a href="/terms">Terms</a></footer>
<script src="/app.js"></script></body></html>
"""


def parts(text: str) -> tuple[str | None, str, list[str]]:
    """The date, title and paragraphs of a dev-corpus article."""
    lines = [line.strip() for line in text.splitlines()]
    date = header_date(text)
    if date is not None:
        lines = lines[1:]
    lines = [line for line in lines if line]
    return date, lines[0], lines[1:]


def page(path: Path) -> tuple[str, str, str | None]:
    """The news page of a ``.txt`` article, and the text and date it should give back."""
    date, title, paragraphs = parts(path.read_text(encoding="utf-8"))
    ps = [f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs]
    doc = PAGE.format(
        title=html.escape(title),
        slug=path.stem,
        date=date or "2020-01-01",
        first="\n".join(ps[:1]),
        rest="\n".join(ps[1:]),
    )
    return doc, "\n\n".join([title, *paragraphs]), date


def import_ms(module: str, runs: int = 5) -> float:
    """Median wall time of a fresh interpreter importing ``module``, in ms."""
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                f"import time; t = time.perf_counter(); import {module}; "
                "print((time.perf_counter() - t) * 1000)",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(out.stdout))
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    ap.add_argument("--build", action="store_true", help="also build both and compare claims")
    args = ap.parse_args()

    files = sorted(args.articles.glob("*.txt"))
    pages = [page(f) for f in files]
    kb = sum(len(p.encode("utf-8")) for p, _, _ in pages) / 1024
    read_page(pages[0][0])  # the import and first-call costs, out of the timing
    start = time.perf_counter()
    results = [read_page(p) for p, _, _ in pages]
    seconds = time.perf_counter() - start
    print(
        f"{len(pages)} pages, {kb:,.0f} KB: {seconds:.2f} s, "
        f"{seconds / len(pages) * 1000:.1f} ms a page, {kb / seconds:,.0f} KB/s"
    )
    same_text = sum(r.text == text for r, (_, text, _) in zip(results, pages, strict=True))
    same_meta = sum(
        (r.title, r.date, r.author, r.publisher)
        == (text.split("\n\n")[0], date or "2020-01-01", "Sam Reporter", "The Example Times")
        for r, (_, text, date) in zip(results, pages, strict=True)
    )
    print(
        f"text exactly the article's: {same_text}/{len(pages)}; metadata: {same_meta}/{len(pages)}"
    )
    for r, (_, text, _), f in zip(results, pages, files, strict=True):
        if r.text != text:
            print(f"  differs: {f.name}")

    print(
        f"import kg.cli: {import_ms('kg.cli'):.0f} ms; "
        f"import trafilatura: {import_ms('trafilatura'):.0f} ms (paid only when a page is read)"
    )

    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "pages"
            folder.mkdir()
            for f, (p, _, _) in zip(files, pages, strict=True):
                (folder / f"{f.stem}.html").write_text(p, encoding="utf-8")
            for name, source in (("txt", args.articles), ("html", folder)):
                start = time.perf_counter()
                report = api.build([source], store=Path(tmp) / name, progress=False)
                print(
                    f"build of the {name} files: {report.added} articles, {report.claims} claims, "
                    f"{len(report.skipped)} skipped, {time.perf_counter() - start:.1f} s"
                )


if __name__ == "__main__":
    main()
