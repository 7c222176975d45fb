"""Text made safe to embed: in HTML (and the Markdown around it), and as a YAML string.

The site's pages and the workspace's mkdocs.yml (written by the store) both need them.
"""

from __future__ import annotations

from html import escape

# Markdown reads some syntax in a raw HTML block when it starts a line (fenced code in MkDocs'
# default extensions, snippets or abbreviations in others), and template plugins such as
# mkdocs-macros read `{{ }}` anywhere: a user's line break or brace is written as a character
# reference, which the browser shows exactly as the character.
MARKDOWN_SAFE = str.maketrans({"\n": "&#10;", "\r": "&#13;", "{": "&#123;", "}": "&#125;"})


def h(value: object) -> str:
    """Escape for HTML text and attribute values, and keep Markdown's hands off."""
    text = escape(str(value), quote=True)
    # translate() looks at every character in Python; most strings hold none of these, and
    # a long history's site calls this some 200,000 times
    if "\n" in text or "\r" in text or "{" in text or "}" in text:
        return text.translate(MARKDOWN_SAFE)
    return text


def yaml_str(value: str) -> str:
    """A double-quoted YAML scalar that reads back as `value`, whatever it holds.

    Printable characters are written as they are (an emoji stays one); anything else is an
    escape by code point, so no surrogate pair (json.dumps' ASCII escapes) and no character
    YAML refuses or reads as a line break ever reaches the file.
    """
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'
