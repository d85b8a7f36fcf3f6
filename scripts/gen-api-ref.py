#!/usr/bin/env python3
"""Generate the API reference (markdown) from the public headers' comments.

usage: gen-api-ref.py OUT.md HEADER...

For each header: its top design comment, then every exported declaration
(KW_API functions and variables, public kw_ macros and inline functions)
with the contract comment written just above it. A comment that stands
above a group of declarations (no blank line between them) documents the
whole group. A comment that follows code on its own line (`int x; /* note */`)
or sits inside braces (a struct field's, a function body's) is a note, never
a contract comment: it stays on its line, shown after the declaration there.
Declarations without a contract comment are listed under "Undocumented" so
gaps show in review; the script never invents text.
"""
import os
import re
import sys

COMMENT = re.compile(r"/\*(.*?)\*/", re.S)


def clean_comment(text):
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("*"):
            line = line[1:]
            if line.startswith(" "):
                line = line[1:]
        lines.append(line.rstrip())
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def is_note(block, m, depth):
    """A comment after code on its line, or inside braces: not a doc."""
    line_start = block.rfind("\n", 0, m.start()) + 1
    return depth > 0 or bool(block[line_start:m.start()].strip())


def split_blocks(src):
    """Yield (comment, declaration text) pairs in file order.

    Within a run of non-blank lines, a comment documents the declarations
    that follow it up to the next comment; declarations before any comment
    in the run have none. Notes (is_note) stay in the declaration text.
    """
    for block in re.split(r"\n\s*\n", src):
        pos, comment, code, depth = 0, "", "", 0
        for m in COMMENT.finditer(block):
            before = block[pos:m.start()]
            depth += before.count("{") - before.count("}")
            pos = m.end()
            if is_note(block, m, depth):
                code += before + m.group(0)
                continue
            code += before
            if code.strip():
                yield comment, code
                comment, code = "", ""
            comment = (comment + "\n" + clean_comment(m.group(1))).strip()
        yield comment, code + block[pos:]


DECL_START = re.compile(
    r"^(KW_API\b.*?;|#define\s+kw_\w+|#define\s+KW_[A-Z0-9_]+\(|"
    r"static\s+inline\b[^{;]*\bkw_\w+\s*\()",
    re.S | re.M)


def blank_comments(text):
    """text with each comment replaced by as many spaces (offsets kept)."""
    return COMMENT.sub(lambda m: " " * len(m.group(0)), text)


def line_note(text, end):
    """The notes on the rest of the line from offset end, as one comment."""
    eol = text.find("\n", end)
    rest = text[end:eol if eol >= 0 else len(text)]
    notes = [" ".join(clean_comment(m.group(1)).split())
             for m in COMMENT.finditer(rest)]
    return " /* %s */" % "; ".join(notes) if notes else ""


def declarations(text):
    """Split a declaration block into its public items (one per entry)."""
    items = []
    plain = blank_comments(text)
    for m in DECL_START.finditer(plain):
        start = m.start()
        chunk = plain[start:]
        if chunk.startswith("KW_API"):
            end = chunk.find(";") + 1
            item = " ".join(chunk[:end].split())
        elif chunk.startswith("#define"):
            end = chunk.find("\n")
            end = len(chunk) if end < 0 else end
            line = chunk[:end].rstrip("\\").strip()
            head = re.match(r"#define\s+(\w+(\([^)]*\))?)", line)
            item = "#define " + head.group(1)
        else:
            end = chunk.find("{")
            item = " ".join(chunk[:end].split())
        item = re.sub(r" ([,;)])", r"\1", item)  # where a note was blanked
        items.append(item + line_note(text, start + end))
    return items


def render_header(path):
    src = open(path, encoding="utf-8").read()
    name = "kwork/" + os.path.basename(path)
    out = ["## `<%s>`" % name, ""]
    top = COMMENT.match(src.lstrip())
    body = src
    if top:
        out += [clean_comment(top.group(1)), ""]
        body = src.lstrip()[top.end():]
    undocumented = []
    for comment, text in split_blocks(body):
        items = declarations(text)
        if not items:
            continue
        if not comment:
            undocumented += items
            continue
        out.append("```c")
        out += items
        out.append("```")
        out += [comment, ""]
    if undocumented:
        out += ["Undocumented here (see the group comments above and the"
                " kernel's documentation of the same name):", "", "```c"]
        out += undocumented
        out += ["```", ""]
    return out


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    out = ["# kwork API reference", "",
           "Generated by `make docs` (scripts/gen-api-ref.py) from the"
           " comments in include/kwork/*.h. Do not edit by hand.", ""]
    for path in sorted(argv[1:]):
        out += render_header(path)
    with open(argv[0], "w", encoding="utf-8") as f:
        f.write("\n".join(out).rstrip() + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
