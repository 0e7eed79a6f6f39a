"""What the page says after a vote: the vote's redirect (views.py) adds `?feedback=<outcome>`, and the
page's box reads it."""

OUTCOMES = ("thanks", "already", "why")


def outcome_parameter(query) -> list[tuple[str, str]]:
    """The outcome as a stored page's key reads it (registered in apps.py): each is a page of its own."""
    outcome = query.get("feedback")
    return [("feedback", outcome)] if outcome in OUTCOMES else []
