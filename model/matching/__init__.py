"""Matching a patient panel against trials: plans, checks, therapies, the list, ask next."""
