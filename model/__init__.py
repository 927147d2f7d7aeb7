"""trialview's domain layer: trials, the patient panel, criteria trees and matching.

Pure Python over pydantic: no textual, rich or tinydb, no file system access (callers hand it text).
"""
