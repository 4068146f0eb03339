"""Domain-scoped retrieval and the context packer. Not built yet: see issue 4.

It will walk ``SemanticGraph.element_graph`` (networkx) to expand from search hits.
"""
