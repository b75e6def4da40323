"""Supervision across agencies: what a 政务公开办 sees of its subtree and the reminders it sends."""
