"""Finding quotes and checkable claims in news text: plain Python + spaCy, no Django.

Entry points: :func:`claims.extraction.pipeline.extract_texts` (batched) and
:func:`claims.extraction.reading.read_source` (files to text, with clear errors).
"""
