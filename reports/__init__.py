"""Reports: the barometer summary (terminal), structure feedback and panel exports."""

from reports.summary import render_summary

__all__ = ["render_summary"]
