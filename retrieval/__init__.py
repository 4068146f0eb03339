"""Domain-scoped retrieval and the context packer: the smallest context that still answers a question.

documents (graph elements and knowledge chunks) → embedder (MiniLM from PyPI packages, fastembed) → store
(lancedb, incremental by content hash) → search (vector + full text + named elements, fused) → expand (along
the element graph) → pack (markdown under a token budget, o200k tokens) ; freshness checks the index against the
model. ``service.ContextService`` ties them together and is what ``SemanticLayer.context`` calls.
"""
