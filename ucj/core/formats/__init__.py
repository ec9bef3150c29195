"""The date and time formats of the pages (settings.FORMAT_MODULE_PATH), one per language:
templates name them (`|date` for a day, `|date:"DATETIME_FORMAT"` for a moment, shown in
WIB, `|date:"YEAR_MONTH_FORMAT"` for a month) instead of spelling formats out, so that a
page never shows 2026-12-03 beside 3 Desember 2026."""
