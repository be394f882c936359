"""What the `zhiku` plugin needs from mkdocs.yml, checked and completed in its on_config.

The generated pages are written for Material with `attr_list` (ids and classes on
paragraphs: `{: #p1 }`), `md_in_html`, footnotes, admonitions, tables and permalinked
headings; the plugin's templates, CSS and JS live in generator/theme/. A missing Material
theme is an error naming the lines to add; the rest is added where it is missing, with a
line in the log, so a `mkdocs.yml` made by `mkdocs new` needs only the theme and the plugin.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

PACKAGE = Path(__file__).resolve().parents[1]
THEME_DIR = PACKAGE / "theme"              # Material overrides: templates, CSS, JS, vendored shim
DEFAULT_PAGES = PACKAGE / "defaults" / "docs"   # pages a docs_dir without them gets (index.md)

EXTRA_CSS = ("assets/stylesheets/zhiku.css",)
EXTRA_JAVASCRIPT = ("assets/javascripts/timeline.js",
                    "assets/javascripts/search-input.js",   # search on paste / IME commit
                    "assets/javascripts/images.js")   # an image that cannot load: caption and link
MARKDOWN_EXTENSIONS = {"attr_list": {}, "footnotes": {}, "admonition": {}, "tables": {},
                       "md_in_html": {}, "toc": {"permalink": True}}
_MATERIAL_DEFAULT_FONT = {"text": "Roboto", "code": "Roboto Mono"}   # fetched from Google Fonts

log = logging.getLogger("mkdocs.plugins.zhiku")


class SetupError(PluginError):
    """mkdocs.yml or zhiku.yml lacks what Zhiku needs; the message says what to write."""


def check_and_complete(config) -> None:
    check_theme(config)
    theme = config["theme"]
    if str(THEME_DIR) not in theme.dirs:   # after the user's custom_dir, before Material's own
        theme.dirs.insert(1 if theme.custom_dir else 0, str(THEME_DIR))
    if theme.get("font") == _MATERIAL_DEFAULT_FONT:
        theme["font"] = False
        log.info("zhiku: theme font set to false: the pages use local CJK fonts (zhiku.css), "
                 "no request to Google Fonts")
    for key, wanted in (("extra_css", EXTRA_CSS), ("extra_javascript", EXTRA_JAVASCRIPT)):
        present = {str(getattr(item, "path", item)) for item in config[key]}
        config[key].extend(path for path in wanted if path not in present)
    present = {_extension_name(e) for e in config["markdown_extensions"]}
    for name, options in MARKDOWN_EXTENSIONS.items():
        if name not in present:
            log.info("zhiku: markdown extension %s added (the generated pages need it)", name)
            config["markdown_extensions"].append(name)
            if options:
                config["mdx_configs"][name] = dict(options)


def check_theme(config) -> None:
    """The one thing the plugin cannot add itself; `zhiku build` checks it before MkDocs
    starts (MkDocs would report it as a failed build)."""
    theme = config["theme"]
    if theme.name != "material":
        raise SetupError(
            f"the zhiku plugin needs the Material theme, mkdocs.yml has theme {theme.name!r}: "
            "write\n  theme:\n    name: material\n    language: zh\n"
            "in mkdocs.yml (and `pip install mkdocs-material`, which Zhiku installs)")


def _extension_name(extension) -> str:
    if not isinstance(extension, str):
        return type(extension).__module__.rsplit(".", 1)[-1]
    return extension.removeprefix("markdown.extensions.").removeprefix("pymdownx.")
