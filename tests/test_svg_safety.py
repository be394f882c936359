"""Mirrored SVG images (`images: mirror`) cannot run script in the site's origin.

An SVG is a document: opened by its own URL it runs its scripts, and applies the XSLT an
`<?xml-stylesheet?>` names (mirrored files have predictable names: the sha256 of their bytes).
generator/site/svg_safety.py parses the image and rebuilds it from an allow-list; these tests
build real sites from a stand-in image host and open what was published in Chromium.
"""

from __future__ import annotations

import hashlib
import http.server
import re
import threading
import wsgiref.simple_server

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import build_site, serve, serve_dir
from generator.site.images import sniff_image
from generator.site.svg_safety import (ATTRIBUTES, ELEMENTS, HREFS, SVG_NS, XLINK_NS, XML_ATTRIBUTES,
                                  CleanSvg, clean_svg)
from test_images import private_hosts_config

MARKER = "window.__zkpwned = location.href; document.title = 'PWNED';"
GOOD_SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn by hand -->\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">'
    b'<defs><radialGradient id="g"><stop offset="0" stop-color="#ff0000"/>'
    b'<stop offset="1" stop-color="#cc0000"/></radialGradient></defs>'
    b'<circle cx="60" cy="60" r="58" fill="url(#g)"/></svg>')
# (a) a script element whose prefix has a hyphen: the old element-name regex missed it.
PREFIX_SCRIPT_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="20" height="20"/>'
    b'<x-y:script xmlns:x-y="http://www.w3.org/2000/svg">' + MARKER.encode() + b'</x-y:script></svg>')
# (b) an XSLT sheet that the old sniff took for an SVG, and a second SVG that applies it by
# the name the mirror gives it.
XSLT_SHEET = (
    b'<?xml version="1.0"?>\n<!-- <svg -->\n'
    b'<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
    b'<xsl:template match="/"><svg xmlns="http://www.w3.org/2000/svg">'
    b'<xsl:element name="script" namespace="http://www.w3.org/2000/svg">' + MARKER.encode()
    + b'</xsl:element></svg></xsl:template></xsl:stylesheet>')
XSLT_NAME = hashlib.sha256(XSLT_SHEET).hexdigest() + ".svg"
STYLESHEET_SVG = (
    b'<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="' + XSLT_NAME.encode() + b'"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="20" height="20"/></svg>')
IMAGES = {"/good.svg": GOOD_SVG, "/prefix-script.svg": PREFIX_SCRIPT_SVG,
          "/sheet.svg": XSLT_SHEET, "/applies-sheet.svg": STYLESHEET_SVG}
ATTACKS = ("/prefix-script.svg", "/sheet.svg", "/applies-sheet.svg")


class SvgHost(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        body = IMAGES.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "image/svg+xml" if body else "text/plain")
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")


@pytest.fixture(scope="module")
def svg_site(tmp_path_factory):
    """A site built with `--images mirror` from a page that shows all four images."""
    tmp = tmp_path_factory.mktemp("svg-site")
    server, port = serve(SvgHost)
    try:
        images = "".join(f'<p><img src="http://127.0.0.1:{port}{path}" alt="图{i}"></p>'
                         for i, path in enumerate(IMAGES))
        (tmp / "src").mkdir()
        (tmp / "src" / "shi-liang-tu.html").write_text(
            f"<html><head><title>矢量图测试</title></head><body><h1>矢量图测试</h1>"
            f"<p>2023年5月1日，一篇带矢量图的文章，{'正文内容' * 10}。</p>{images}</body></html>",
            encoding="utf-8")
        (tmp / "build").mkdir()
        built = build_site(tmp / "build", tmp / "src", "--images", "mirror",
                           *private_hosts_config(tmp))
    finally:
        server.shutdown()
    return built, port


def _published_svgs(site_dir):
    return sorted(p for p in (site_dir / "images").glob("*.svg"))


def test_only_the_benign_svg_is_published_and_the_attacks_are_reported(svg_site):
    built, port = svg_site
    published = _published_svgs(built.site_dir)
    cleaned = clean_svg(GOOD_SVG).data
    assert [p.read_bytes() for p in published] == [cleaned]
    assert published[0].name == hashlib.sha256(cleaned).hexdigest() + ".svg"
    (doc,) = built.report["documents"]
    failed = {w.split(": ", 2)[1].split("/")[-1]: w for w in doc["warnings"]
              if w.startswith("image-download:")}
    assert set(failed) == {a.lstrip("/") for a in ATTACKS}, doc["warnings"]
    assert "script" in failed["prefix-script.svg"]
    assert "not a known image format" in failed["sheet.svg"]
    assert "xml-stylesheet" in failed["applies-sheet.svg"]


@pytest.mark.browser
def test_no_published_svg_runs_script_and_the_benign_one_renders(svg_site, page):
    built, _ = svg_site
    server, url = serve_dir(built.site_dir)
    try:
        # every SVG in images/, plus the names the attacks get when stored as they came
        names = {p.name for p in _published_svgs(built.site_dir)}
        names |= {hashlib.sha256(IMAGES[a]).hexdigest() + ".svg" for a in ATTACKS}
        for name in sorted(names):
            page.goto(f"{url}images/{name}")
            page.wait_for_timeout(300)
            assert page.evaluate("window.__zkpwned || null") is None, name
            assert page.title() != "PWNED", name
        article = next((built.site_dir / "articles").rglob("*.html")).relative_to(built.site_dir)
        page.goto(url + article.as_posix())
        page.wait_for_load_state("load")
        assert page.evaluate("window.__zkpwned || null") is None
        # the image is lazy: draw it once the browser has it (a failure to load times out)
        page.wait_for_function("[...document.images].some(i => i.src.endsWith('.svg') && i.complete"
                               " && i.naturalWidth > 0)", timeout=10_000)
        red = page.evaluate("""() => {
            const img = [...document.images].find(i => i.src.endsWith('.svg'));
            const c = document.createElement('canvas'); c.width = c.height = 120;
            const g = c.getContext('2d'); g.drawImage(img, 0, 0, 120, 120);
            return [img.naturalWidth, ...g.getImageData(60, 60, 1, 1).data];
        }""")
        assert red[0] == 120 and red[1] > 180 and red[2] < 60 and red[4] == 255, red
    finally:
        server.shutdown()


def test_the_sniff_wants_an_svg_root_in_the_svg_namespace():
    assert sniff_image(GOOD_SVG) == ".svg"
    assert sniff_image(XSLT_SHEET) == ""
    assert sniff_image(b"<svg><rect/></svg>") == ""             # no SVG namespace: XML, not SVG
    assert sniff_image(b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>') == ""   # broken


@pytest.mark.parametrize("svg, reasons", [
    (PREFIX_SCRIPT_SVG, ("script",)),
    (STYLESHEET_SVG, ("xml-stylesheet",)),
    (b'<s:svg xmlns:s="http://www.w3.org/2000/svg" onload="x()"/>', ("onload",)),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns="http://www.w3.org/1999/xhtml"/>'
     b"</foreignObject></svg>", ("HTML element", "foreignObject")),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:l="http://www.w3.org/1999/xlink">'
     b'<a l:href="jav&#x09;ascript:x()"><text>x</text></a></svg>', ("script URL",)),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="xlink:href" to="x"/></a></svg>',
     ("animation of href",)),
    (b'<!DOCTYPE svg [<!ENTITY e "x">]><svg xmlns="http://www.w3.org/2000/svg"><text>&e;</text></svg>',
     ("DTD with declarations", "entity")),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><h:script xmlns:h="http://www.w3.org/1999/xhtml">x()'
     b"</h:script></svg>", ("HTML element", "script")),
    (XSLT_SHEET, ("not an SVG image (root element stylesheet in http://www.w3.org/1999/XSL/Transform)",)),
])
def test_svgs_that_try_to_script_are_refused_with_the_reason(svg, reasons):
    assert clean_svg(svg) == CleanSvg(None, reasons)


def test_cleaning_keeps_drawing_and_drops_references_out_of_the_image():
    source = (
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'xmlns:i="http://www.inkscape.org/namespaces/inkscape" i:version="1" viewBox="0 0 9 9">'
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>'
        '<style><![CDATA[.a{fill:url(#g)}]]></style><style>@import url(http://t.example/a.css);</style>'
        '<use xlink:href="#a"/><use href="http://t.example/x.svg#a"/>'
        '<rect class="a" fill="url(http://t.example/t.png)" style="fill:url(#g)"/>'
        '<image href="data:image/png;base64,iVBORw0KGgo="/><image href="https://t.example/a.png"/>'
        '<feImage/><text>甲<i:x>乙</i:x>丙<tspan>丁</tspan>戊</text></svg>').encode()
    assert clean_svg(source).data == (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 9 9">'
        '<style>.a{fill:url(#g)}</style><style/><use xlink:href="#a"/><use/>'
        '<rect class="a" style="fill:url(#g)"/><image href="data:image/png;base64,iVBORw0KGgo="/><image/>'
        '<text>甲丙<tspan>丁</tspan>戊</text></svg>').encode()


def test_the_post_build_check_removes_an_svg_that_is_not_a_cleaned_copy(tmp_path):
    from generator.site.build import remove_scripted_svgs

    images = tmp_path / "images"
    images.mkdir()
    (images / "clean.svg").write_bytes(clean_svg(GOOD_SVG).data)
    (images / "raw.svg").write_bytes(PREFIX_SCRIPT_SVG)
    (images / "sheet.svg").write_bytes(STYLESHEET_SVG)
    assert remove_scripted_svgs(tmp_path) == [("images/raw.svg", ["script"]),
                                              ("images/sheet.svg", ["xml-stylesheet"])]
    assert sorted(p.name for p in images.iterdir()) == ["clean.svg"]


def test_an_svg_cached_before_cleaning_is_downloaded_again(tmp_path):
    """The cache may hold SVGs stored as they came (before this check): they are not reused."""
    from generator.site.images import ImageCache

    cache = ImageCache(tmp_path)
    raw = cache.store("https://a.example/x.svg", PREFIX_SCRIPT_SVG, ".svg")
    clean = cache.store("https://a.example/y.svg", clean_svg(GOOD_SVG).data, ".svg")
    assert cache.lookup("https://a.example/x.svg") == ""
    assert cache.lookup("https://a.example/y.svg") == clean and raw != clean


# Random SVG-ish XML: element names with and without prefixes (hyphens included), bound to
# the SVG, XHTML, XSLT or an unknown namespace; attributes that are allowed, handlers,
# references in and out of the image; text, CDATA, comments, processing instructions,
# entity and character references; a prolog with or without a DOCTYPE.
NAMESPACES = [SVG_NS] * 6 + ["http://www.w3.org/1999/xhtml", "http://www.w3.org/1999/XSL/Transform",
                             "urn:x-unknown", "http://www.w3.org/2000/svg/"]
PREFIXES = ["", "", "", "svg", "x-y", "a.b", "h"]
NAMES = sorted(ELEMENTS) + ["svg", "g", "use", "image", "a", "style", "text", "tspan"] * 3 + [
    "script", "Script", "foreignObject", "set", "animate", "feImage", "iframe", "metadata", "x"]
ATTR_NAMES = ["fill", "id", "style", "href", "xlink:href", "transform", "class", "xml:space",
              "width", "mask", "fill", "href", "xlink:href", "style"] * 3 + [
              "onload", "ONclick", "x-y:href", "attributeName", "bogus", "xml:base"]
VALUES = ["#a", "#a b", "red", "url(#g)", "url( 'http://t.example/' )", "data:image/png;base64,AAAA",
          "data:image/gif;base64, R0lG&#10;ODlh", "data:image/png;base64,A&#x3c;",
          "data:image/svg+xml,&lt;svg/>", "http://t.example/a.svg#x", "u\\rl(x)", "@import 'a'",
          "&amp;&lt;", "甲乙", "href", "onload", " #a", "url(#g) url(x)"] * 3 + [
          "javascript:x()", "java&#x09;script:x()"]
TEXTS = ["", "甲乙", "a&amp;b", "&#x3c;script&#x3e;", "<![CDATA[<script>x()</script>]]>", "<!-- c -->",
         "<?pi data?>", " \n ", "url(http://t.example/)", "@import 'x';", ".a{fill:url(#g)}"] * 3 + [
         "<?xml-stylesheet href='a.svg'?>", "&e;"]


@st.composite
def svg_documents(draw) -> str:
    prolog = draw(st.sampled_from(["", "", "", "", '<?xml version="1.0"?>', "<?xml-stylesheet href='s.svg'?>",
                                   '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd">',
                                   '<!DOCTYPE svg [<!ENTITY e "甲">]>', "<!-- top -->", "<?pi x?>"]))
    return prolog + draw(_element(0))


@st.composite
def _element(draw, depth: int) -> str:
    root = depth == 0 and draw(st.integers(0, 4)) > 0    # mostly a real SVG root
    prefix = draw(st.sampled_from(PREFIXES))
    name = "svg" if root else draw(st.sampled_from(NAMES))
    tag = f"{prefix}:{name}" if prefix else name
    declared = {"xlink": XLINK_NS, "x-y": SVG_NS}
    declared[prefix] = SVG_NS if root else draw(st.sampled_from(NAMESPACES))
    attrs = [f'xmlns{":" + p if p else ""}="{ns}"' for p, ns in declared.items()]
    for attr in draw(st.lists(st.sampled_from(ATTR_NAMES), max_size=5, unique=True)):
        attrs.append(f'{attr}="{draw(st.sampled_from(VALUES))}"')
    kids = st.sampled_from(TEXTS) if depth >= 3 else st.one_of(st.sampled_from(TEXTS), _element(depth + 1))
    children = draw(st.lists(kids, min_size=3 if depth == 0 else 0, max_size=6))
    return f"<{tag} {' '.join(attrs)}>{''.join(children)}</{tag}>"


def _assert_only_allow_listed(data: bytes) -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=False)
    root = etree.fromstring(data, parser)
    assert root.getroottree().docinfo.doctype == ""
    assert not list(root.itersiblings(preceding=True)) and not list(root.itersiblings())
    assert root.tag == f"{{{SVG_NS}}}svg"
    for node in root.iter():
        assert isinstance(node.tag, str), node            # no comment, PI or entity
        qname = etree.QName(node)
        assert qname.namespace == SVG_NS and qname.localname in ELEMENTS, node.tag
        for name, value in node.attrib.items():
            assert name in ATTRIBUTES or name in XML_ATTRIBUTES or name in HREFS, name
            assert "javascript" not in value.lower() and "\\" not in value
            assert "url(" not in value.replace("url(#", "")
            if name in HREFS:
                assert re.fullmatch(r"#[\w.:-]+", value) or (qname.localname == "image" and re.fullmatch(
                    r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]*", value)), value
    for style in root.iter(f"{{{SVG_NS}}}style"):
        assert "@import" not in (style.text or "") and "url(" not in (style.text or "").replace("url(#", "")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(svg_documents())
def test_whatever_comes_out_of_the_cleaner_is_allow_listed_and_stable(document):
    result = clean_svg(document.encode("utf-8"))
    assert (result.data is None) == bool(result.reasons)
    if result.data is not None:
        _assert_only_allow_listed(result.data)
        assert clean_svg(result.data).data == result.data   # idempotent: the post-build check relies on it


class _QuietWsgiHandler(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _wsgi_files(files: dict[str, bytes]):
    """A WSGI app serving `files` (path -> bytes; .svg or else HTML), 404 for anything else."""
    def app(environ, start_response):
        path = environ["PATH_INFO"]
        ctype = "image/svg+xml" if path.endswith(".svg") else "text/html; charset=utf-8"
        start_response("200 OK" if path in files else "404 Not Found", [("Content-Type", ctype)])
        return [files.get(path, b"")]
    return app


@pytest.mark.browser
def test_the_image_policy_stops_a_raw_scripted_svg_and_lets_a_clean_one_render(page, tmp_path):
    """The second wall (`zhiku serve` sends it; README names it for other servers): even an
    SVG that is not a cleaned copy runs no script under images/; elsewhere the same file does
    (so the check can fail), and a clean SVG still renders in an <img> under the policy."""
    from generator.site.build import with_image_policy

    files = {"/images/raw.svg": PREFIX_SCRIPT_SVG, "/other/raw.svg": PREFIX_SCRIPT_SVG,
             "/images/good.svg": clean_svg(GOOD_SVG).data,
             "/page.html": b'<img src="/images/good.svg">'}
    server = wsgiref.simple_server.make_server("127.0.0.1", 0, with_image_policy(_wsgi_files(files)),
                                               handler_class=_QuietWsgiHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        page.goto(f"{base}/other/raw.svg")
        assert page.evaluate("window.__zkpwned || null") == f"{base}/other/raw.svg"
        page.goto(f"{base}/images/raw.svg")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__zkpwned || null") is None
        page.goto(f"{base}/page.html")
        page.wait_for_function("document.images[0].complete")
        assert page.evaluate("document.images[0].naturalWidth") == 120
    finally:
        server.shutdown()


def test_zhiku_serve_sends_the_image_policy_under_images(tmp_path, monkeypatch):
    """MkDocs' own live-reload server, as `zhiku serve` sets it up through the hook's on_serve."""
    from wsgiref.util import setup_testing_defaults

    from mkdocs.livereload import LiveReloadServer

    import generator.site.mkdocs_hook as hook
    from generator.site.build import IMAGE_POLICY

    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.svg").write_bytes(clean_svg(GOOD_SVG).data)
    (tmp_path / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    monkeypatch.setattr(hook.zhiku_plugin, "watch", [tmp_path])
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        hook.on_serve(server, config=None, builder=None)
        for path, policed in [("/images/a.svg", True), ("//images/a.svg", True),
                              ("/x/../images/a.svg", True), ("/index.html", False)]:
            environ = {"PATH_INFO": path}
            setup_testing_defaults(environ)
            seen = []
            b"".join(server.get_app()(environ, lambda status, headers, *_: seen.append((status, headers))))
            headers = dict(seen[0][1])
            assert (headers.get("Content-Security-Policy") == IMAGE_POLICY) is policed, (path, seen)
    finally:
        server.server_close()
