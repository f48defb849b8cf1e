"""The one form in which names are compared, within an article and across articles."""

from __future__ import annotations

import functools
import re
import unicodedata


@functools.lru_cache(maxsize=1 << 16)  # called per mention and per candidate pair
def name_key(text: str) -> str:
    """A name as names are compared: without case, accents, dots, a leading ``the``, a
    possessive or extra spaces (``Erdoğan`` = ``Erdogan``: reporters drop diacritics
    that others keep).

    Examples
    --------
    >>> name_key("The U.S. Army's")
    'us army'
    >>> name_key("Recep Tayyip Erdoğan") == name_key("Recep Tayyip Erdogan")
    True
    """
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[’']s?$", "", text.strip())
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text.replace(".", "")).strip().lower()
