"""Shared test set-up. Real data lives in tests/data/ (see tests/corpora.py); nothing outside
the repository is read."""
