"""kg ontology and SHACL shapes (installed as package data)."""
