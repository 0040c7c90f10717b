"""zhibiao extractors: numeric claims out of Chinese government documents.

    from extractors import load, extract, extract_paths
    doc = load("data/corpus/004_7e851b9a99e99ef3.txt")
    claims = extract(doc.text, published="2024-08-12")
    batch = extract_paths(["data/corpus"])   # batch.claims is the tidy table
"""

from .claim import COLUMNS, Claim
from .loading import Document, LoadError, load, load_all
from .pipeline import extract
from .table import Batch, extract_paths, read_table, write_table

__all__ = ["COLUMNS", "Batch", "Claim", "Document", "LoadError", "extract", "extract_paths", "load", "load_all",
           "read_table", "write_table"]
__version__ = "0.1.0"
