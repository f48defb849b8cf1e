"""RDF stage: extractions become triples in a store (this side never touches spaCy)."""

from kg.rdf.mapping import extraction_to_graph
from kg.rdf.store import DEFAULT_STORE, Store, StoreError, open_store

__all__ = ["DEFAULT_STORE", "Store", "StoreError", "extraction_to_graph", "open_store"]
