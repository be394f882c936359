"""Built pages without the templates' indentation.

Material's templates indent every line of the navigation, and a page's navigation is half
its bytes or more in a large collection (each open section, year and month writes its
links, checkboxes and labels on indented lines). A run of white space that holds a line
break shows as one space wherever HTML collapses white space, so it is written as a lone
line break; where it does not collapse (`pre`, `textarea`) or is not HTML (`script`,
`style`), the text is kept as it is. Pages shrink by about a third, the site with them.
"""

from __future__ import annotations

import re

# Elements whose white space shows or is not HTML, in either case (`listing` and `xmp`
# are shown as `pre` by browsers).
_KEPT = re.compile(r"(<(pre|textarea|script|style|listing|xmp)\b.*?</\2\s*>)", re.DOTALL | re.IGNORECASE)
_BREAK_RUN = re.compile(r"\n[ \t\r\n]+")


def compact_html(html: str) -> str:
    parts = _KEPT.split(html)
    out = []
    # split() yields: text, kept block, its tag name, text, kept block, tag name, ...
    for n in range(0, len(parts), 3):
        out.append(_BREAK_RUN.sub("\n", parts[n]))
        if n + 1 < len(parts):
            out.append(parts[n + 1])
    return "".join(out)
