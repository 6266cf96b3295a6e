"""Review: the reviewers' queue (lowest confidence first) and their corrections."""

from review.queue import correct, queue

__all__ = ["correct", "queue"]
