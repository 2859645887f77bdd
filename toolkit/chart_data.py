"""What a chart draws from its table: categories, series and the points still missing.

Shared by the renderers (which draw the points and mark the missing ones) and the
checks (which list the missing ones), so that both agree on every point. The series
are computed by the chart element (:mod:`toolkit.model.elements.chart`), which also
tells them in words as the chart's text alternative.
"""

from __future__ import annotations

from toolkit.model.elements.chart import NUMERIC, Series, chart_series

__all__ = ["NUMERIC", "Series", "chart_series"]
