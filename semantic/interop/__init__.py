"""Interoperability: import OWL/RDFS ontologies with R2RML mappings and dbt MetricFlow projects into semctx YAML,
and export the semantic graph as RDF. Each importer writes a project folder all at once (see ``output.py``)."""
