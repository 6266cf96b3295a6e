"""Tests of the scoring module."""
