"""Pictures, for people without Gephi open: numbers claimed over time, and a view drawn.

:func:`plot_quantities` draws what the named query ``quantities-over-time`` finds: the
numbers that claims state about a counted thing ("fewer than 3,000 fighters"), by date,
one panel per counted thing and one line per speaker in it, each number's bound shown by
its marker (an upper bound points down, a lower bound up, a range is a bar), a number
dated far from the others left off the time axis and named under it. :func:`draw_view`
draws a view of the claim network (:mod:`kg.export.views`) at its layout, coloured as in
Gephi, with the biggest nodes named. Both write PNG or SVG through matplotlib's Agg
backend: no screen needed.
"""

from __future__ import annotations

import math
import os
import statistics
from dataclasses import dataclass
from datetime import date

import matplotlib

matplotlib.use("Agg")  # files only: never a window, on machines with no screen

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.ticker as ticker  # noqa: E402
import networkx as nx  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from kg.export.graphml import COLOURS, day  # noqa: E402
from kg.query import Table  # noqa: E402

#: Speakers given a colour and a legend entry of their own, those with the most numbers
#: first; the others are drawn in grey as "other speakers", so that the legend stays
#: readable on a large corpus.
MAX_SPEAKERS = 10

#: Numbers written beside their point when a plot has at most this many.
MAX_POINT_LABELS = 30

#: Nodes named on a drawn view: the biggest (most linked) ones.
VIEW_LABELS = 25

#: Marker of each kind of bound a number's wording gives.
BOUND_MARKERS = {
    "exact": "o",
    "at most": "v",
    "at least": "^",
    "range": "D",
    "about": "s",
}

#: Panels a plot draws, one per counted thing, those with the most numbers first; the
#: others are named under them (more would make each panel too low to read).
MAX_PANELS = 6

#: Numbers dated far from the others (:func:`far_dates`) listed by name under the chart.
MAX_FAR_LISTED = 3

#: Tukey's "far out" fence: a date beyond this many interquartile ranges outside the
#: quartiles of the dates is left off the time axis (1.5 marks "outside"; 3, used here,
#: leaves off only what is far from everything else).
FENCE = 3.0

#: The least interquartile range of the dates counted by :func:`far_dates`, in days: a
#: month, so that numbers a few weeks from a bulk packed into days stay on the axis.
MIN_SPREAD_DAYS = 30

_OTHER = "#9e9e9e"
#: No creation date or software version in the files, so that the same store draws the
#: same bytes.
_METADATA = {"svg": {"Date": None, "Creator": None}, "png": {"Software": None}}
#: A white ground under a label, so it reads over lines and dots (a box, not a stroke
#: path effect, which would turn the SVG's text into outlines).
_LABEL_BOX = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75}


@dataclass(frozen=True)
class Point:
    """One number a claim states: when, who, its words, its value and bounds."""

    date: date
    speaker: str
    words: str
    value: float
    min: float | None
    max: float | None
    article: str
    unit: str = ""

    @property
    def bound(self) -> str:
        """``exact``, ``at most`` ("fewer than 3,000"), ``at least``, ``range`` ("between
        36 and 40") or ``about`` ("roughly 16,000": no bound)."""
        if self.min is not None and self.max is not None:
            return "exact" if self.min == self.max else "range"
        if self.max is not None:
            return "at most"
        if self.min is not None:
            return "at least"
        return "about"


def quantity_points(table: Table) -> list[Point]:
    """The dated rows of a ``quantities-over-time`` result as :class:`Point` values, in
    time order (a number from an undated claim has no place on a time axis)."""
    cols = {c: i for i, c in enumerate(table.columns)}

    def cell(row: list[object], name: str) -> object:
        return row[cols[name]]

    points = []
    for row in table.rows:
        when = day(None if cell(row, "date") is None else str(cell(row, "date")))
        if when is None:
            continue
        lo, hi = cell(row, "min"), cell(row, "max")
        points.append(
            Point(
                date=date.fromisoformat(when),
                speaker=str(cell(row, "speaker")),
                words=str(cell(row, "quantity")),
                value=float(str(cell(row, "value"))),
                min=None if lo is None else float(str(lo)),
                max=None if hi is None else float(str(hi)),
                article=str(cell(row, "article")),
                unit=str(cell(row, "unit")),
            )
        )
    return sorted(points, key=lambda p: (p.date, p.speaker))


class PlotError(ValueError):
    """A plot that cannot be drawn as asked (nothing matches, a pattern that does not
    compile); the message says what to do."""


def far_dates(points: list[Point]) -> tuple[list[Point], list[Point]]:
    """``points`` split into those on the time axis and those left off it, dated far
    from the bulk of the others.

    A date is far when it lies outside Tukey's "far out" fences, more than
    :data:`FENCE` interquartile ranges below the first quartile of the dates or above the
    third, the interquartile range counted as at least :data:`MIN_SPREAD_DAYS`. Quartiles
    do not move with how far one date lies, so a lone number of 1976 beside two years of
    2019-20 cannot stretch the axis over 45 years and squeeze the rest into a stripe; the
    fence is wide, so a number is left off only when it is far from all the others; and
    the floor keeps the numbers of one busy week from making the next week's far. With
    one or two dates nothing is far (the fences then span three times their distance).

    Examples
    --------
    >>> from datetime import date
    >>> at = lambda *ymd: Point(date(*ymd), "s", "two", 2.0, 2.0, 2.0, "a.txt")
    >>> bulk = [at(2019, m, 1) for m in range(1, 13)] + [at(2020, m, 1) for m in range(1, 13)]
    >>> kept, far = far_dates([at(1976, 7, 4), *bulk])
    >>> len(kept), [p.date.year for p in far]
    (24, [1976])

    References
    ----------
    Tukey, J. W. (1977), Exploratory Data Analysis, Addison-Wesley, section 2C (fences).
    """
    if len(points) < 3:
        return list(points), []
    q1, _, q3 = statistics.quantiles([p.date.toordinal() for p in points], n=4)
    spread = max(q3 - q1, MIN_SPREAD_DAYS)
    low, high = q1 - FENCE * spread, q3 + FENCE * spread
    kept = [p for p in points if low <= p.date.toordinal() <= high]
    return kept, [p for p in points if not low <= p.date.toordinal() <= high]


def plot_quantities(
    points: list[Point], path: str | os.PathLike[str], thing: str, format: str | None = None
) -> Figure:
    """Draw ``points`` over time to ``path`` (PNG or SVG, by ``format`` or the name's end).

    One panel per counted thing (its unit: people, deaths, a fraction of people are not
    one scale), the :data:`MAX_PANELS` with the most numbers, sharing the time axis; the
    others are named under the panels. In each, one colour per speaker (the
    :data:`MAX_SPEAKERS` with the most numbers over all panels; the rest grey, unjoined),
    a line joining each speaker's numbers, a thin grey line through all the panel's numbers
    in time order, and each number's bound as its marker: ▼ with an arrow down for "fewer
    than", ▲ with an arrow up for "at least", a bar for a range. A panel's value axis is
    logarithmic when its numbers span more than a hundredfold. Numbers dated far from the
    others (:func:`far_dates`) are left off the time axis and listed under it. Returns the
    figure.

    Raises
    ------
    PlotError
        ``points`` is empty: there is nothing to draw.
    """
    if not points:
        raise PlotError(f"no dated number about {thing!r} to draw")
    shown, far = far_dates(points)
    counts: dict[str, int] = {}
    for p in points:
        counts[p.speaker] = counts.get(p.speaker, 0) + 1
    named = sorted(counts, key=lambda s: (-counts[s], s))[:MAX_SPEAKERS]
    palette = matplotlib.colormaps["tab10"].colors
    colour = {s: palette[i % len(palette)] for i, s in enumerate(named)}
    units = sorted({p.unit for p in shown}, key=lambda u: (-sum(p.unit == u for p in shown), u))
    panels, unshown = units[:MAX_PANELS], units[MAX_PANELS:]
    # beside others, a panel of one or two numbers needs less height than a trend to read
    heights = [1.0 if sum(p.unit == u for p in shown) > 2 else 0.5 for u in panels]
    heights = heights if len(panels) > 1 else [1.0]
    fig = Figure(figsize=(11, 2.0 + 3.0 * sum(heights)), layout="constrained")
    axes = fig.subplots(
        len(panels), 1, sharex=True, squeeze=False, gridspec_kw={"height_ratios": heights}
    )[:, 0]
    for ax, unit in zip(axes, panels, strict=True):
        _draw_panel(ax, [p for p in shown if p.unit == unit], unit, named, colour)
        ax.set_ylabel(unit or "(no unit)")
    if len(shown) <= MAX_POINT_LABELS:
        for ax, unit in zip(axes, panels, strict=True):
            for p in shown:
                if p.unit == unit:
                    ax.annotate(
                        p.words,
                        (p.date, p.value),
                        xytext=(7, 4),
                        textcoords="offset points",
                        fontsize=8,
                        color="#333",
                        bbox=_LABEL_BOX,
                        zorder=4,
                    )
    handles = [
        Line2D([], [], color=colour[s], lw=2, marker="o", label=s)
        for s in named
        if any(p.speaker == s for p in shown)
    ]
    if len(counts) > len(named):
        others = f"other speakers ({len(counts) - len(named)})"
        handles.append(Line2D([], [], color=_OTHER, lw=0, marker="o", label=others))
    marks = [
        Line2D([], [], color="#444", ls="", marker=m, label=b)
        for b, m in BOUND_MARKERS.items()
        if any(p.bound == b for p in shown)
    ]
    fig.legend(handles=handles, title="speaker", loc="outside right upper", fontsize=9)
    fig.legend(handles=marks, title="the number is", loc="outside right lower", fontsize=9)
    bottom = axes[-1]
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    bottom.margins(x=0.06)
    if len({p.date for p in shown}) == 1:  # one date: give the axis a few days around it
        only = shown[0].date.toordinal()
        bottom.set_xlim(date.fromordinal(only - 15), date.fromordinal(only + 15))
    axes[0].set_title(f"Numbers claimed about “{thing}” over time", loc="left")
    notes = [_far_note(far)] if far else []
    if unshown:
        notes.append(
            f"Not drawn: {len(unshown)} more counted things ({', '.join(unshown[:5])}"
            f"{', ...' if len(unshown) > 5 else ''}): narrow --thing to see them."
        )
    if notes:
        fig.text(0.01, 0.0, "\n".join(notes), fontsize=8.5, color="#444", va="bottom", ha="left")
        fig.get_layout_engine().set(rect=(0, 0.035 * len(notes), 1, 1 - 0.035 * len(notes)))
    _save(fig, path, format, dpi=110)
    return fig


def _draw_panel(ax, points: list[Point], unit: str, named: list[str], colour: dict) -> None:
    """One counted thing's numbers over time on ``ax``."""
    values = [v for p in points for v in (p.value, p.min, p.max) if v is not None and v > 0]
    log = bool(values) and max(values) / min(values) > 100
    if log:
        ax.set_yscale("log")
    if len(points) > 1:
        ax.plot(
            [p.date for p in points], [p.value for p in points], color="#d0d0d0", lw=1, zorder=1
        )
    for speaker in [*named, None]:
        mine = [p for p in points if (p.speaker == speaker if speaker else p.speaker not in named)]
        if not mine:
            continue
        c = colour.get(speaker, _OTHER)
        if speaker:  # the others are many speakers: their numbers are not joined
            ax.plot([p.date for p in mine], [p.value for p in mine], color=c, lw=2, zorder=2)
        for p in mine:
            _draw_point(ax, p, c)
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(_value_label))
    if values and not log:
        ax.set_ylim(bottom=0, top=max(values) * 1.15)
    ax.grid(True, axis="y", color="#eeeeee")
    ax.spines[["top", "right"]].set_visible(False)


def _value_label(value: float, _position) -> str:
    """``1,200`` or ``0.5``: whole numbers with thousands separators, fractions as they are."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.3g}"


def _far_note(far: list[Point]) -> str:
    """The line under the chart naming the numbers left off its time axis."""
    listed = "; ".join(
        f"{p.date.isoformat()}, {p.speaker}: “{p.words}” {p.unit}" for p in far[:MAX_FAR_LISTED]
    )
    more = f"; and {len(far) - MAX_FAR_LISTED} more" if len(far) > MAX_FAR_LISTED else ""
    return (
        f"Left off the time axis, dated far from the other numbers: {listed}{more} "
        "(kg query --name quantities-over-time lists them all)."
    )


def _save(fig: Figure, path: str | os.PathLike[str], format: str | None, dpi: int) -> None:
    # SVG text as text, not outlines: names can be searched, selected and restyled
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "kg"}):
        fig.savefig(path, format=format, dpi=dpi, metadata=_METADATA.get(format or ""))


def _draw_point(ax, p: Point, colour) -> None:
    """The marker of ``p``'s bound, with an arrow for an open bound and a bar for a range."""
    ax.plot(p.date, p.value, marker=BOUND_MARKERS[p.bound], color=colour, ms=8, ls="", zorder=3)
    if p.bound == "range":
        ax.vlines(p.date, p.min, p.max, color=colour, lw=2, zorder=3)
    elif p.bound in ("at most", "at least"):
        down = p.bound == "at most"
        ax.annotate(
            "",
            (p.date, p.value),
            xytext=(0, -28 if down else 28),
            textcoords="offset points",
            arrowprops={"arrowstyle": "<|-", "color": colour, "lw": 1.5, "shrinkA": 0},
            zorder=3,
        )


def draw_view(g: nx.Graph, path: str | os.PathLike[str], format: str | None = None) -> Figure:
    """Draw the view ``g`` (:func:`kg.export.views.build_view`) at its layout to ``path``.

    Nodes have their colour and a size growing with their ``size``; the
    :data:`VIEW_LABELS` biggest are named; edges are grey, thicker for a greater weight.
    The legend names the kinds (claims view) or the largest communities, each by its
    biggest member. Returns the figure.
    """
    fig = Figure(figsize=(11, 11), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")
    nodes = sorted(g.nodes(data=True), key=lambda nd: nd[1]["size"])  # big ones on top
    pos = {n: (d["x"], d["y"]) for n, d in nodes}
    weights = [d.get("weight", 1.0) for _, _, d in g.edges(data=True)]
    ax.add_collection(
        LineCollection(
            [(pos[u], pos[v]) for u, v in g.edges()],
            colors="#b0b0b0",
            alpha=0.5,
            linewidths=[0.3 + 0.5 * math.log1p(w) for w in weights],
            zorder=1,
        )
    )
    biggest = max((d["size"] for _, d in nodes), default=1.0)
    ax.scatter(
        [d["x"] for _, d in nodes],
        [d["y"] for _, d in nodes],
        s=[4 + 400 * (d["size"] / biggest) ** 2 for _, d in nodes],
        c=[(d["r"] / 255, d["g"] / 255, d["b"] / 255) for _, d in nodes],
        edgecolors="white",
        linewidths=0.4,
        zorder=2,
    )
    ax.autoscale_view()
    _label_biggest(ax, nodes, biggest)
    ax.legend(handles=_view_legend(g), loc="lower left", fontsize=9, framealpha=0.9)
    _save(fig, path, format, dpi=100)
    return fig


def _label_biggest(ax, nodes: list[tuple[str, dict]], biggest: float) -> None:
    """Name the :data:`VIEW_LABELS` biggest entities (not claims or articles, whose
    labels are long), skipping one whose name would cover a name already written."""
    fig = ax.figure
    fig.canvas.draw()  # fixes the data-to-pixel transform
    taken: list[tuple[float, float, float, float]] = []
    for _, d in reversed(nodes):
        if len(taken) == VIEW_LABELS:
            break
        if d["kind"] in ("claim", "article"):
            continue
        label = d["label"] if len(d["label"]) <= 32 else d["label"][:31] + "…"
        rise = 6 + 10 * d["size"] / biggest
        x, y = ax.transData.transform((d["x"], d["y"]))
        px = fig.dpi / 72  # pixels a point
        width, height, up = 5.2 * len(label) * px, 12 * px, rise * px  # 9 pt text
        box = (x - width / 2, y + up, x + width / 2, y + up + height)
        if any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3] for o in taken):
            continue
        taken.append(box)
        ax.annotate(
            label,
            (d["x"], d["y"]),
            xytext=(0, rise),
            textcoords="offset points",
            ha="center",
            fontsize=9,
            bbox=_LABEL_BOX,
            zorder=3,
        )


def _view_legend(g: nx.Graph) -> list[Line2D]:
    def dot(rgb: tuple[int, int, int], label: str) -> Line2D:
        colour = tuple(c / 255 for c in rgb)
        return Line2D([], [], ls="", marker="o", ms=9, color=colour, label=label)

    nodes = g.nodes(data=True)
    if all(d["kind"] in COLOURS for _, d in nodes) and any(d["kind"] == "claim" for _, d in nodes):
        kinds = {d["kind"] for _, d in nodes}
        return [dot(rgb, kind) for kind, rgb in COLOURS.items() if kind in kinds]
    members: dict[int, list[tuple[float, str, tuple[int, int, int]]]] = {}
    for _, d in nodes:
        members.setdefault(d["community"], []).append(
            (d["size"], d["label"], (d["r"], d["g"], d["b"]))
        )
    legend = []
    for community in sorted(members)[:8]:
        group = sorted(members[community], reverse=True)
        size, label, rgb = group[0]
        legend.append(dot(rgb, f"{label} and {len(group) - 1} more"))
    return legend
