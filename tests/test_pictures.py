"""Pictures that read right: the quantities plot keeps the bulk of its numbers readable
(one panel per counted thing, a number dated far from the rest left off the time axis and
named), and refuses, with exit status 1, to draw nothing; dates and output files are
checked before anything is written."""

from __future__ import annotations

from datetime import date

import matplotlib.dates as mdates
import pytest

from kg.cli import main
from kg.plot import PlotError, Point, far_dates, plot_quantities


def point(when: date, value: float, unit: str, speaker: str = "Officials") -> Point:
    return Point(when, speaker, f"{value:g}", value, value, value, "a.txt", unit)


def monthly(unit: str, value: float, months: int = 20) -> list[Point]:
    """A number a month from January 2019 (as the development corpus's 2019-20 news)."""
    return [point(date(2019 + m // 12, m % 12 + 1, 10), value + m, unit) for m in range(months)]


def test_a_number_dated_decades_from_the_rest_is_left_off_the_time_axis():
    bulk = monthly("people", 10)
    kept, far = far_dates([point(date(1976, 1, 1), 2, "people"), *bulk])
    assert kept == bulk
    assert [p.date.year for p in far] == [1976]


def test_numbers_weeks_from_a_bulk_of_one_week_stay_on_the_axis():
    week = [point(date(2017, 12, d), 100, "fighters") for d in range(1, 8)]
    later = point(date(2017, 12, 27), 3000, "fighters")
    assert far_dates([*week, later]) == ([*week, later], [])


def test_two_numbers_are_never_far_from_each_other():
    pair = [point(date(1976, 1, 1), 2, "people"), point(date(2020, 1, 1), 3, "people")]
    assert far_dates(pair) == (pair, [])


def test_plot_has_one_panel_per_counted_thing_and_names_what_it_left_off(tmp_path):
    points = [
        point(date(1976, 1, 1), 2, "people", "Doris Day"),
        *monthly("people", 10),
        *monthly("deaths", 100_000, months=8),
        point(date(2019, 11, 21), 0.5, "fraction of people"),
    ]
    fig = plot_quantities(points, tmp_path / "q.svg", "people|deaths", format="svg")
    axes = [ax for ax in fig.axes if ax.get_ylabel()]
    assert [ax.get_ylabel() for ax in axes] == ["people", "deaths", "fraction of people"]
    for ax in axes:  # the time axis spans the bulk, 2019-20, not 1976
        low, high = (mdates.num2date(x).year for x in ax.get_xlim())
        assert (low, high) in {(2018, 2020), (2019, 2020), (2018, 2021), (2019, 2021)}
    svg = (tmp_path / "q.svg").read_text()
    assert "Left off the time axis" in svg and "Doris Day" in svg
    assert svg.count(">Doris Day<") == 0  # named in the note, not given a legend entry


def test_plot_of_nothing_is_an_error_not_an_empty_chart(tmp_path):
    with pytest.raises(PlotError, match="no dated number"):
        plot_quantities([], tmp_path / "q.png", "zebras")
    assert not (tmp_path / "q.png").exists()


@pytest.mark.parametrize(
    ("thing", "message"),
    [("zebras", "no dated number about 'zebras'"), ("(", "is not a regular expression")],
)
def test_cli_plot_of_no_match_or_a_bad_pattern_exits_1_and_writes_no_file(
    examples_store, tmp_path, capsys, thing, message
):
    out = tmp_path / "q.png"
    argv = ["plot", "quantities", "--thing", thing, "--out", str(out)]
    assert main([*argv, "--store", str(examples_store)]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("value", "why"),
    [("2019-13", "month must be in 1..12"), ("2019-02-30", "day is out of range for month")],
)
def test_cli_export_refuses_a_since_that_is_no_calendar_date(
    examples_store, tmp_path, capsys, value, why
):
    out = tmp_path / "v.svg"
    with pytest.raises(SystemExit) as exit:
        main(["export", "--store", str(examples_store), "--since", value, "-o", str(out)])
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --since: {value!r} is not a date ({why})" in err
    assert "YYYY-MM-DD" in err and not out.exists()


def test_cli_export_refuses_a_file_whose_ending_is_not_its_format(examples_store, tmp_path, capsys):
    out = tmp_path / "out.jpg"
    argv = ["export", "--store", str(examples_store), "--view", "speakers", "-o", str(out)]
    assert main([*argv, "--format", "png"]) == 2
    assert "does not end in .png, as a png file should: name it out.png" in capsys.readouterr().err
    assert main(argv) == 2  # no --format, and .jpg names none
    assert "no export format is written as .jpg" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_cli_export_takes_its_format_from_the_files_ending(examples_store, tmp_path):
    out = tmp_path / "speakers.gexf"
    argv = ["export", "--store", str(examples_store), "--view", "speakers", "-o", str(out)]
    assert main(argv) == 0
    assert out.read_text(encoding="utf-8").startswith("<?xml")
    assert "<gexf" in out.read_text(encoding="utf-8")
