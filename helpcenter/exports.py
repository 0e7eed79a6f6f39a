"""What the admin's CSV exports share (the feedback report, the search reports)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """A text cell a spreadsheet program will not run as a formula (the XLSX writer already ensures it):
    readers' words reach these files."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
