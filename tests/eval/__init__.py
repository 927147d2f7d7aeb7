"""Evaluations of the model against annotated corpora (run as scripts, guarded by unit tests)."""
