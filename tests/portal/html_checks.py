"""Static checks on rendered pages: HTML5 parse errors and the basic accessibility rules we promise."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import html5lib

NS = "{http://www.w3.org/1999/xhtml}"


def parse_strict(html: str) -> ET.Element:
    """Parse as a browser would, failing on any HTML5 parse error (unclosed or misnested tags, …)."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return parser.parse(html)


def accessibility_problems(html: str) -> list[str]:
    root = parse_strict(html)
    problems = []
    if not root.get("lang"):
        problems.append("<html> has no lang")
    if root.find(f".//{NS}title") is None or not (root.find(f".//{NS}title").text or "").strip():  # type: ignore[union-attr]
        problems.append("no <title>")
    if root.find(f".//{NS}meta[@name='viewport']") is None:
        problems.append("no viewport meta (not usable on a phone)")
    for landmark in ("header", "nav", "main", "footer"):
        if root.find(f".//{NS}{landmark}") is None:
            problems.append(f"no <{landmark}> landmark")
    if len(root.findall(f".//{NS}h1")) != 1:
        problems.append("page must have exactly one <h1>")
    labels = {lab.get("for") for lab in root.iter(f"{NS}label")}
    for inp in root.iter(f"{NS}input"):
        if inp.get("type") in {"hidden", "submit"}:
            continue
        if inp.get("id") not in labels and not inp.get("aria-label"):
            problems.append(f"input {inp.get('name')} has no label")
    for img in root.iter(f"{NS}img"):
        if img.get("alt") is None:
            problems.append(f"img {img.get('src')} has no alt")
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    for nav in root.iter(f"{NS}nav"):
        if not nav.get("aria-label") and nav.get("aria-labelledby") not in ids:
            problems.append("nav without aria-label or aria-labelledby naming an element")
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    if len(ids) != len(set(ids)):
        problems.append("duplicate ids")
    return problems
