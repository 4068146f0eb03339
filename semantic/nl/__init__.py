"""Questions in words → structured semantic queries: offline and deterministic, with an optional LLM path."""
