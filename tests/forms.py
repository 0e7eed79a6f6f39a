"""Read an admin form the way a browser would: every field with the value it currently shows."""

from bs4 import BeautifulSoup


def form_values(html: str, form_id: str | None = None) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    if form_id:
        form = soup.find("form", id=form_id)
    else:  # the largest form that posts
        posting = [f for f in soup.find_all("form") if (f.get("method") or "").lower() == "post"]
        form = max(posting, key=lambda f: len(f.find_all(["input", "textarea", "select"])), default=None)
    assert form is not None, f"no form {form_id or ''} in the page"
    data: dict[str, str] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("disabled") is not None:
            continue
        if field.name == "textarea":
            data[name] = field.text.lstrip("\n")  # browsers drop one leading newline
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", chosen.text) if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.get("checked") is not None:
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "button", "image", "file"):
            data[name] = field.get("value", "")
    return data


def error_texts(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    selector = ".error-message, .help-critical, .w-field__errors, .errorlist"
    return " ".join(e.get_text(" ", strip=True) for e in soup.select(selector))
