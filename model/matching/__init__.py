"""Matching a patient panel against criteria trees: compact plans, compiled checks, verdicts."""
