"""Reports: PDF documents, charts, exports and small-number suppression."""
