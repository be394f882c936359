"""Mirrored SVG images, parsed and rebuilt from an allow-list before they are published.

An SVG file is a document: opened by its own URL (images/<sha256>.svg) it runs its scripts
with the site's origin, applies the XSLT its `<?xml-stylesheet?>` names, and so on. A deny-list
of patterns cannot see every spelling of a script element (`<x-y:script xmlns:x-y="…svg">` is
one), so the image is parsed with lxml (no DTD loaded, no entity expanded, no network, libxml2's
size and depth limits) and a new document is built that holds only:

- elements in the SVG namespace (judged by namespace URI, never by prefix) from ELEMENTS;
  anything else is dropped with everything inside it;
- attributes without a namespace from ATTRIBUTES, plus xml:space, xml:lang and (xlink:)href;
- `href` only as a reference into the same document (`#id`), and on `<image>` only as a
  base64 `data:` URL of a PNG, JPEG, GIF or WebP image;
- attribute values and `<style>` text without CSS escapes, `@import` or `url()` other than
  `url(#id)`: the image fetches nothing;
- text, but no comment, processing instruction, DOCTYPE or entity.

The published bytes are that document's serialisation, so nothing unknown survives. Cleaning
is idempotent: clean_svg(clean_svg(x).data).data == clean_svg(x).data, which lets the
post-build check (site.py) recognise a published SVG that did not come through here.

An image whose source shows an attempt to script or to pull in another document (a script or
foreignObject element in any namespace, HTML or XSLT elements, an on* attribute, a
javascript: URL, an `<?xml-stylesheet?>`, an entity, a DTD declaring elements or entities, an
animation of href) is refused as a whole rather than published cleaned: the image becomes its
caption and a link, with the reason in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XHTML_NS = "http://www.w3.org/1999/xhtml"
XSLT_NS = "http://www.w3.org/1999/XSL/Transform"
MAX_DEPTH = 100   # nested elements kept; deeper ones are dropped (they draw nothing useful)

# Static drawing only: no script, foreignObject, animation (it can set href), feImage
# (it fetches), metadata (RDF from editors), switch, cursor, font elements.
ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "style", "a", "image",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "marker",
    "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
    "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
    "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur",
    "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
    "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
})
# Elements whose text is drawn or read (the others' text is whitespace between tags).
TEXT_ELEMENTS = frozenset({"text", "tspan", "textPath", "title", "desc", "style", "a"})
# Where `href="#id"` may point into the document (and `<image>` at an inline raster image).
FRAGMENT_HREF_ELEMENTS = frozenset({"use", "a", "textPath", "linearGradient", "radialGradient",
                                    "pattern", "filter"})

ATTRIBUTES = frozenset({
    # core, geometry, coordinate systems
    "id", "class", "lang", "style", "type", "media", "version", "baseProfile",
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr",
    "width", "height", "d", "points", "pathLength", "viewBox", "preserveAspectRatio",
    "transform", "transform-origin", "gradientTransform", "gradientUnits", "spreadMethod",
    "offset", "patternUnits", "patternContentUnits", "patternTransform", "clipPathUnits",
    "maskUnits", "maskContentUnits", "filterUnits", "primitiveUnits",
    "refX", "refY", "markerWidth", "markerHeight", "markerUnits", "orient",
    "dx", "dy", "rotate", "textLength", "lengthAdjust", "startOffset", "method", "spacing", "side",
    # presentation attributes
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
    "stroke-dashoffset", "opacity", "color", "display", "visibility", "overflow",
    "stop-color", "stop-opacity", "clip-path", "clip-rule", "mask", "filter",
    "marker-start", "marker-mid", "marker-end", "paint-order", "vector-effect",
    "shape-rendering", "text-rendering", "image-rendering", "color-interpolation",
    "color-interpolation-filters", "flood-color", "flood-opacity", "lighting-color",
    "font-family", "font-size", "font-size-adjust", "font-stretch", "font-style",
    "font-variant", "font-weight", "text-anchor", "text-decoration", "dominant-baseline",
    "alignment-baseline", "baseline-shift", "letter-spacing", "word-spacing", "writing-mode",
    "direction", "unicode-bidi", "mix-blend-mode", "isolation",
    # filter primitives
    "in", "in2", "result", "stdDeviation", "mode", "values", "operator", "k1", "k2", "k3",
    "k4", "radius", "tableValues", "slope", "intercept", "amplitude", "exponent",
    "baseFrequency", "numOctaves", "seed", "stitchTiles", "scale", "xChannelSelector",
    "yChannelSelector", "order", "kernelMatrix", "divisor", "bias", "targetX", "targetY",
    "edgeMode", "preserveAlpha", "surfaceScale", "diffuseConstant", "specularConstant",
    "specularExponent", "kernelUnitLength", "azimuth", "elevation", "z", "pointsAtX",
    "pointsAtY", "pointsAtZ", "limitingConeAngle",
})
XML_ATTRIBUTES = frozenset({f"{{{XML_NS}}}space", f"{{{XML_NS}}}lang"})
HREFS = (f"{{{XLINK_NS}}}href", "href")

# Seen in a source (any namespace, any case), they refuse the whole image.
SCRIPTING_ELEMENTS = frozenset({"script", "foreignobject", "handler", "listener", "iframe",
                                "frame", "frameset", "embed", "object", "applet", "base",
                                "meta", "link"})
ANIMATIONS = frozenset({"set", "animate", "animatemotion", "animatetransform", "animatecolor"})

_FRAGMENT = re.compile(r"#[A-Za-z_][A-Za-z0-9_.:-]{0,200}")
_RASTER_DATA_URL = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]*={0,2}")
_SPACE_AND_CONTROL = re.compile(r"[\x00-\x20]+")
_SCRIPT_SCHEME = re.compile(r"(?:javascript|vbscript|livescript):", re.I)
_CSS_TRIGGER = re.compile(r"[\\@(:<]")    # every pattern below needs one of these
_CSS_URL = re.compile(r"url\(", re.I)
_CSS_FORBIDDEN = re.compile(r"\\|@import|expression\(|-moz-binding|behavior\s*:|image-set\(|src\(|<", re.I)
_CSS_FRAGMENT_URL = re.compile(r"\s*(['\"]?)#[A-Za-z_][A-Za-z0-9_.:-]*\1\s*\)")


def _parse(data: bytes):
    """The root element of `data`; a parser of its own per call (downloads run in threads)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, attribute_defaults=False, huge_tree=False,
                             remove_comments=True, strip_cdata=True)
    return etree.fromstring(data, parser)


@dataclass(frozen=True)
class CleanSvg:
    data: bytes | None          # the rebuilt SVG (UTF-8, no XML declaration); None: refused
    reasons: tuple[str, ...]    # why it was refused (sorted, unique; empty when data is set)


def clean_svg(data: bytes) -> CleanSvg:
    """The SVG `data` rebuilt from its allow-listed parts, or the reasons it is refused."""
    try:
        root = _parse(data)
    except (etree.XMLSyntaxError, ValueError) as exc:
        return CleanSvg(None, (f"not well-formed XML ({_first_line(exc)})",))
    if root.tag != f"{{{SVG_NS}}}svg":
        return CleanSvg(None, (f"not an SVG image (root element {_describe(root)})",))
    reasons = _scripting(root)
    if reasons:
        return CleanSvg(None, tuple(sorted(reasons)))
    clean = etree.Element(root.tag, nsmap={None: SVG_NS, "xlink": XLINK_NS})
    _copy_attributes(root, clean)
    _copy_children(root, clean, depth=1)
    return CleanSvg(etree.tostring(clean, encoding="utf-8"), ())


def svg_for_mirror(data: bytes) -> bytes:
    """The cleaned SVG to publish; ValueError saying why `data` is refused."""
    result = clean_svg(data)
    if result.data is None:
        raise ValueError(f"SVG refused: {', '.join(result.reasons)}")
    return result.data


def is_clean(data: bytes) -> bool:
    """`data` is exactly what clean_svg makes of it (a published SVG came through here)."""
    return clean_svg(data).data == data


def is_svg(data: bytes) -> bool:
    """`data` parses as XML (the same hardened parser) and its root is an SVG <svg>."""
    try:
        root = _parse(data)
    except (etree.XMLSyntaxError, ValueError):
        return False
    return root.tag == f"{{{SVG_NS}}}svg"


def _scripting(root) -> set[str]:
    """What in the source tries to run script or bring in another document."""
    found: set[str] = set()
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and (dtd.elements() or dtd.entities()):
        found.add("DTD with declarations")
    prolog = [*root.itersiblings(preceding=True), *root.itersiblings()]
    for node in [*prolog, *root.iter()]:
        if isinstance(node, etree._Entity):
            found.add("entity")
        elif isinstance(node, etree._ProcessingInstruction):
            if node.target.lower() == "xml-stylesheet":
                found.add("xml-stylesheet")
        elif isinstance(node.tag, str):
            found |= _scripting_element(node)
    return found


def _scripting_element(element) -> set[str]:
    found: set[str] = set()
    namespace, name = _split(element.tag)
    local = name.lower()
    if local in SCRIPTING_ELEMENTS:
        found.add(name)
    if namespace in (XHTML_NS, XSLT_NS):
        found.add("XSLT element" if namespace == XSLT_NS else "HTML element")
    for qualified, value in element.attrib.items():
        attribute = qualified.rpartition("}")[2].lower()
        if attribute.startswith("on"):
            found.add(attribute)
        if ":" in value and _SCRIPT_SCHEME.search(_SPACE_AND_CONTROL.sub("", value)):
            found.add("script URL")
        if local in ANIMATIONS and attribute == "attributename":
            target = value.strip().rpartition(":")[2].lower()
            if target == "href" or target.startswith("on"):
                found.add(f"animation of {target}")
    return found


def _copy_children(source, target, depth: int) -> None:
    keep_text = _split(source.tag)[1] in TEXT_ELEMENTS
    if keep_text and source.text:
        target.text = source.text
    if depth >= MAX_DEPTH:
        return
    last = None
    for child in source:
        kept = _copy_element(child, target, depth) if isinstance(child.tag, str) else None
        if kept is not None:
            last = kept
        if keep_text and child.tail:   # the text after a dropped element stays in place
            if last is None:
                target.text = (target.text or "") + child.tail
            else:
                last.tail = (last.tail or "") + child.tail


def _copy_element(source, parent, depth: int):
    namespace, local = _split(source.tag)
    if namespace != SVG_NS or local not in ELEMENTS:
        return None
    element = etree.SubElement(parent, source.tag)
    _copy_attributes(source, element)
    if local == "style":
        text = "".join(source.xpath("text()"))
        if text and _safe_css(text):
            element.text = text
        return element
    _copy_children(source, element, depth + 1)
    return element


def _copy_attributes(source, target) -> None:
    local = _split(source.tag)[1]
    for name, value in source.attrib.items():
        if name in HREFS:
            href = _safe_href(local, value)
            if href:
                target.set(name, href)
        elif (name in ATTRIBUTES or name in XML_ATTRIBUTES) and _safe_css(value):
            target.set(name, value)


def _safe_href(element: str, value: str) -> str:
    """The href to keep ("" for none): `#id`, or on <image> an inline raster image (with
    the spaces and line breaks of wrapped base64 taken out, as a browser would)."""
    if element == "image":
        value = _SPACE_AND_CONTROL.sub("", value)
        return value if _RASTER_DATA_URL.fullmatch(value) else ""
    return value if element in FRAGMENT_HREF_ELEMENTS and _FRAGMENT.fullmatch(value) else ""


def _safe_css(text: str) -> bool:
    """No escape, import or expression, and every url() points into the document."""
    if not _CSS_TRIGGER.search(text):   # the common case: path data, numbers, colours
        return True
    if _CSS_FORBIDDEN.search(text):
        return False
    return all(_CSS_FRAGMENT_URL.match(text, m.end()) for m in _CSS_URL.finditer(text))


def _split(tag: str) -> tuple[str, str]:
    """(namespace URI, local name) of an lxml tag ("{uri}name" or "name")."""
    if tag[:1] == "{":
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _describe(element) -> str:
    namespace, local = _split(element.tag)
    return f"{local} in {namespace}" if namespace else f"{local} without the SVG namespace"


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]
