"""The shared scoring module: grids as data, business-hours delays, exchange → panel scores.

Pure functions over plain values; imports nothing of ours and nothing heavy, so that
`vigie score …` starts fast. Scores are kept exact internally and rounded to 2 decimals
only in output documents (`ExchangeScore.as_dict()`, `score_record`, `score_panel`).
"""

from scoring.exchange import (
    CLOCK_SKEW_TOLERANCE_S,
    ExchangeScore,
    ScoreInputError,
    round_score,
    score_exchange,
)
from scoring.grid import (
    DEFAULT_GRID,
    Criterion,
    Determinant,
    Grid,
    GridError,
    available_grids,
    grid_for_channel,
    load_grid,
    load_grid_file,
    parse_grid,
)
from scoring.hours import (
    BusinessCalendar,
    business_hours,
    calendar_hours,
    easter_sunday,
    french_holidays,
)
from scoring.labels import (
    CATEGORIES,
    CATEGORY_LABELS,
    CHANNEL_GRIDS,
    CHANNEL_LABELS,
    CHANNELS,
    DETERMINANT_LABELS,
    DETERMINANTS,
    HUMAN_CHANNELS,
    NLU_CRITERIA,
    SCENARIO_KINDS,
    SOCIAL_CHANNELS,
)
from scoring.panel import PanelBuilder, PanelInputError, parse_channel_weights, score_panel
from scoring.records import parse_moment, score_record

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "CHANNELS",
    "CHANNEL_GRIDS",
    "CHANNEL_LABELS",
    "CLOCK_SKEW_TOLERANCE_S",
    "DEFAULT_GRID",
    "DETERMINANTS",
    "DETERMINANT_LABELS",
    "HUMAN_CHANNELS",
    "NLU_CRITERIA",
    "SCENARIO_KINDS",
    "SOCIAL_CHANNELS",
    "BusinessCalendar",
    "Criterion",
    "Determinant",
    "ExchangeScore",
    "Grid",
    "GridError",
    "PanelBuilder",
    "PanelInputError",
    "ScoreInputError",
    "available_grids",
    "business_hours",
    "calendar_hours",
    "easter_sunday",
    "french_holidays",
    "grid_for_channel",
    "load_grid",
    "load_grid_file",
    "parse_channel_weights",
    "parse_grid",
    "parse_moment",
    "round_score",
    "score_exchange",
    "score_panel",
    "score_record",
]
