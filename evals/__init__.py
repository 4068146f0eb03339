"""deepeval suites for task completion against context size. Not built yet: see issue 7."""
