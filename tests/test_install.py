"""kg installed as a user installs it: the wheel and the sdist built from the checkout, each
installed (not editable) in a fresh venv, and used there from a folder outside the checkout.

The wheel gets a full install, every dependency resolved by pip as for a user. The sdist is
installed with ``--no-deps`` (pip builds its own wheel from it) into a second venv that then
reads the dependencies from this test environment's site-packages through a ``.pth`` line:
the line adds that folder to ``sys.path`` without running the ``.pth`` files in it, so the
editable install of the checkout is not what the second venv imports (a test checks it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

pytestmark = pytest.mark.install

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"

#: What each venv runs in a fresh interpreter: spaCy finds our component by name, and kg
#: reads its named queries and its page, all from where it was installed.
PLUGIN = """
import spacy
from importlib.resources import files
import kg
from kg.query import named_queries

nlp = spacy.blank("en")
nlp.add_pipe("kg_quotes")
print(len(nlp('"We won," she said.')._.quotes))
print(len(named_queries()))
print(len(files("kg.serve").joinpath("static", "index.html").read_text(encoding="utf-8")))
print(kg.__file__)
"""


def run(*args, cwd) -> str:
    """Run ``args`` in ``cwd`` with no PYTHONPATH or active venv; return its stdout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=1800
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def files_under(folder: Path, prefix: str) -> set[str]:
    """The files under ``folder``, as paths below ``prefix`` (caches left out)."""
    return {
        prefix + p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def source_files(source: Path) -> set[str]:
    """The paths in a wheel that ``source`` (a copy of the checkout) must give: every file
    under kg/, and those of ontology/ under kg/ontology/ (the package ships it so)."""
    return files_under(source / "kg", "kg/") | files_under(source / "ontology", "kg/ontology/")


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A copy of the checkout as git sees it (tracked files, and new ones not ignored): what a
    fresh clone holds, without the build/, .venv/ or caches a working checkout gathers."""
    listed = run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    copy = tmp_path_factory.mktemp("source")
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():  # not a file deleted but not yet committed
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            (copy / name).write_bytes((ROOT / name).read_bytes())
    return copy


@pytest.fixture(scope="module")
def built(source, tmp_path_factory) -> dict[str, Path]:
    """The wheel and the sdist, built from ``source`` by `python -m build`."""
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", out, source, cwd=out)
    [wheel] = out.glob("*.whl")
    [sdist] = out.glob("*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def site_packages(venv: Path) -> Path:
    """The site-packages folder of ``venv``."""
    code = "import sysconfig; print(sysconfig.get_path('purelib'))"
    return Path(run(venv / "bin" / "python", "-c", code, cwd=venv).strip())


@pytest.fixture(scope="module")
def venvs(built, tmp_path_factory) -> dict[str, Path]:
    """A fresh venv per artifact, with kg installed from it: the wheel with all its
    dependencies, the sdist with those of this test environment (see the module's text)."""
    made = {}
    for kind, artifact in built.items():
        venv = tmp_path_factory.mktemp(f"venv-{kind}")
        run(sys.executable, "-m", "venv", venv, cwd=venv)
        pip = [venv / "bin" / "python", "-m", "pip", "install", "-q"]
        if kind == "wheel":
            run(*pip, artifact, cwd=venv)
        else:
            run(*pip, "--no-deps", artifact, cwd=venv)
            ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
            pth = site_packages(venv) / "test-environment.pth"
            pth.write_text("".join(f"{p}\n" for p in sorted(ours)), encoding="utf-8")
        made[kind] = venv
    return made


def test_the_wheel_holds_every_file_of_the_package_and_nothing_else(built, source):
    with zipfile.ZipFile(built["wheel"]) as wheel:
        names = {n for n in wheel.namelist() if ".dist-info/" not in n}
    expected = source_files(source)
    assert not expected - names, f"left out of the wheel: {sorted(expected - names)}"
    assert not names - expected, f"in the wheel but not in the package: {sorted(names - expected)}"


def test_the_sdist_holds_the_package_its_licence_and_readme_and_nothing_else(built, source):
    with tarfile.open(built["sdist"]) as sdist:
        names = {m.name.split("/", 1)[1] for m in sdist.getmembers() if m.isfile()}
    wanted = {n.replace("kg/ontology/", "ontology/", 1) for n in source_files(source)}
    wanted |= {"pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"}
    assert not wanted - names, f"left out of the sdist: {sorted(wanted - names)}"
    # beside them, only the metadata setuptools writes into every sdist
    stray = {n for n in names - wanted if n not in ("PKG-INFO", "setup.cfg")}
    stray = {n for n in stray if not n.startswith("claimkg.egg-info/")}
    assert not stray, f"in the sdist but not needed to build the package: {sorted(stray)}"


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_kg_installed_from_each_artifact_builds_the_seeds_outside_the_checkout(
    kind, venvs, tmp_path
):
    kg = venvs[kind] / "bin" / "kg"
    run(kg, "build", SEEDS, "--store", "store", "--no-progress", cwd=tmp_path)
    stats = run(kg, "stats", "--store", "store", cwd=tmp_path)
    counts = {name: int(n) for name, n in (line.split() for line in stats.splitlines())}
    assert counts["articles"] == len(list(SEEDS.glob("*.txt")))
    assert counts["claims"] > 0
    # the SHACL shapes (ontology/shapes.ttl, shipped as kg.ontology) are found, and hold
    assert run(kg, "validate", "--store", "store", cwd=tmp_path).startswith("conforms")
    # a named query (kg/query/queries/*.rq) runs
    assert "James Mattis" in run(
        kg, "query", "--name", "top-speakers", "--store", "store", cwd=tmp_path
    )


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_kg_installed_from_each_artifact_is_a_spacy_plugin_imported_from_its_venv(
    kind, venvs, source, tmp_path
):
    venv = venvs[kind]
    out = run(venv / "bin" / "python", "-c", PLUGIN, cwd=tmp_path)
    quotes, queries, page, module = out.splitlines()
    assert quotes == "1"
    assert int(queries) == len(list((source / "kg" / "query" / "queries").glob("*.rq")))
    assert int(page) == len((source / "kg" / "serve" / "static" / "index.html").read_text("utf-8"))
    # kg itself, not the checkout's editable install, and installed whole
    installed = site_packages(venv)
    assert Path(module) == installed / "kg" / "__init__.py"
    assert files_under(installed / "kg", "kg/") == source_files(source)


def test_the_wheel_names_its_licence_and_describes_itself_with_the_readme(built, source):
    with zipfile.ZipFile(built["wheel"]) as wheel:
        [info] = {n.split("/")[0] for n in wheel.namelist() if ".dist-info/" in n}
        metadata = Parser().parsestr(wheel.read(f"{info}/METADATA").decode("utf-8"))
        licence = wheel.read(f"{info}/licenses/LICENSE").decode("utf-8")
    assert metadata["License-Expression"] == "MIT"
    assert licence == (source / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")
    # a package index renders the README as the project's page
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert metadata.get_payload().strip() == (source / "README.md").read_text("utf-8").strip()
