"""Matching a patient panel against criteria trees: statuses, verdicts, and what they mean."""
