"""What "no script from a source" means, as a check on parsed HTML.

A page is parsed with lxml (entities decoded, attributes split as a browser would) and
every way HTML can run script is looked for: script elements, `on*` handler attributes,
javascript:/vbscript:/data: URLs in any attribute, frames and plug-ins, forms, meta
refresh, <base>. Material's own chrome is recognised and allowed: its bundle script under
assets/javascripts/, its inline bootstrap scripts (by their fixed openings), its
`__config` JSON, its search form and toggles.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html

# Inline scripts Material's templates write into every page (base.html, palette.html,
# content.html), and Zhiku's search loader (partials/zhiku-search-loader.html); they open
# with these fixed strings.
MATERIAL_INLINE = ("__md_scope=", "var palette=", "var target=document.getElementById(location.hash",
                   "/* zhiku: search loader */")
SCRIPT_DIRS = ("assets/javascripts/", "search/", "assets/vendor/")  # Material's and the site's own
FRAMES_AND_PLUGINS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
FORM_CONTROLS = {"input", "button", "select", "textarea", "form"}
UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):", re.I)
_CONTROL = re.compile(r"[\x00-\x20]+")
_XML_INCOMPATIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def url_is_unsafe(value: str) -> bool:
    """Browsers ignore ASCII whitespace and control characters inside the scheme."""
    return bool(UNSAFE_SCHEME.match(_CONTROL.sub("", value)))


def is_material_chrome(el) -> bool:
    classes = el.get("class") or ""
    return any(c.startswith("md-") for c in classes.split())


def is_timeline_filter(el) -> bool:
    """Zhiku's own timeline filters (timeline_page.py writes them, never a source)."""
    return any(a.get("data-zk-timeline-filters") is not None for a in el.iterancestors())


def script_findings(el, site_dir: Path | None) -> list[str]:
    src = el.get("src")
    if src is not None:
        rel = re.sub(r"^(\.\./|\./|/)+", "", src.split("?")[0])
        ok = rel.startswith(SCRIPT_DIRS) and (site_dir is None or (site_dir / rel).is_file())
        return [] if ok else [f"script src={src!r}"]
    text = (el.text or "").strip()
    if el.get("type") == "application/json" and el.get("id") == "__config" and "ZKXSS" not in text:
        return []
    if text.startswith(MATERIAL_INLINE) and "zkxss" not in text.lower():
        return []
    return [f"inline script {text[:80]!r}"]


def element_findings(el, site_dir: Path | None) -> list[str]:
    tag = el.tag.rsplit("}", 1)[-1].lower() if isinstance(el.tag, str) else ""
    if not tag:
        return []
    found = []
    if tag == "script":
        found += script_findings(el, site_dir)
    if tag in FRAMES_AND_PLUGINS:
        found.append(f"<{tag}>")
    if tag in FORM_CONTROLS and not is_material_chrome(el) and not is_timeline_filter(el):
        found.append(f"<{tag} class={el.get('class')!r}>")
    if tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
        found.append("<meta http-equiv=refresh>")
    for name, value in el.attrib.items():
        short = name.rsplit("}", 1)[-1].lower()
        if short.startswith("on"):
            found.append(f"<{tag} {short}=...>")
        elif url_is_unsafe(value) and not (value == "javascript:void(0)" and is_material_chrome(el)):
            found.append(f"<{tag} {short}={value[:60]!r}>")
        elif short == "style" and re.search(r"javascript:|expression\(|url\(", value, re.I):
            found.append(f"<{tag} style={value[:60]!r}>")
        elif short == "srcdoc":
            found.append(f"<{tag} srcdoc>")
    return found


def unsafe_findings(html: str | bytes, site_dir: Path | None = None) -> list[str]:
    """Every way `html` could run script that is not Material's own (empty = safe)."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    html = _XML_INCOMPATIBLE.sub("", html)  # lxml refuses them; browsers ignore them
    if not html.strip():
        return []
    root = lxml.html.fromstring(html) if site_dir else lxml.html.fragment_fromstring(html, create_parent="div")
    found = []
    chrome_ids: set[str] = set()
    for el in root.iter():
        found += element_findings(el, site_dir)
        element_id = el.get("id") if isinstance(el.tag, str) else None
        if element_id and element_id.startswith("__"):  # Material's ids: a second one clobbers
            if element_id in chrome_ids:
                found.append(f"second element with Material's id {element_id!r}")
            chrome_ids.add(element_id)
    return found
