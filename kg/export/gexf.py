"""GEXF export for Gephi: a view (:mod:`kg.export.views`) with its timeline.

Written by networkx as GEXF 1.2 (``http://www.gexf.net/1.2draft``, what networkx writes
and Gephi 0.9 and 0.10 read natively). The graph is dynamic, ``timeformat="date"``: each
node and edge has a ``start`` (and an ``end`` where it lasts, as an entity from its first
to its last date), so Gephi's Timeline (Window > Timeline) replays the corpus claim by
claim. Colour, size and position go in the ``viz`` elements Gephi reads; every other
attribute is a typed GEXF attribute: ``string`` (``kind``, ``text``, ``date``), ``long``
(``community``, ``said``, ``about``, ``claims``) or ``double``.

References
----------
GEXF 1.2 primer and schema: https://gexf.net/
"""

from __future__ import annotations

import os

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

#: Node attributes that become GEXF ``viz`` elements (or the GEXF node's own ``start``,
#: ``end`` and ``label``), not attribute values.
_VIZ = ("r", "g", "b", "size", "x", "y")


def to_gexf_graph(g: nx.Graph) -> nx.Graph:
    """A copy of the view ``g`` with its colour, size and position as networkx's GEXF
    writer wants them (a ``viz`` dict), ready for :func:`networkx.write_gexf`.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", label="A", r=1, g=2, b=3, size=5.0, x=1.0, y=2.0, start="2017-12-06")
    >>> to_gexf_graph(g).nodes["a"]["viz"]["color"]
    {'r': 1, 'g': 2, 'b': 3, 'a': 1.0}
    """
    out = g.copy()
    for _, data in out.nodes(data=True):
        if all(k in data for k in _VIZ):
            data["viz"] = {
                "color": {"r": data["r"], "g": data["g"], "b": data["b"], "a": 1.0},
                "size": data["size"],
                "position": {"x": data["x"], "y": data["y"], "z": 0.0},
            }
        for k in _VIZ:
            data.pop(k, None)
    out.graph = {}  # networkx makes the graph dynamic once a node or edge has a start
    return out


def write_gexf(g: nx.Graph, path: str | os.PathLike[str]) -> None:
    """Write the view ``g`` to ``path`` as dynamic GEXF 1.2."""
    writer = GEXFWriter(version="1.2draft")
    writer.add_graph(to_gexf_graph(g))
    # networkx writes the graph's name, as name="", where the GEXF schema has no such
    # attribute: Gephi skips it, a validating reader rejects the file.
    writer.graph_element.attrib.pop("name", None)
    with open(path, "wb") as out:
        writer.write(out)
