"""Running pandoc: the Markdown of a document into DOCX, ODT or a standalone HTML page.

pandoc comes with `pypandoc-binary` (a core dependency: the wheel carries the pandoc program,
which pypandoc finds and this module runs directly). Headings shift up one level: the
document's `# heading` becomes its title (DOCX/ODT "Title" style and document properties,
HTML `<title>`). A pack's HTML pages (the PDF's source) come from one pandoc process
(`html_pages`). DOCX and ODT are then laid out for print (docx_layout, odt_layout), the HTML
page's tables marked and sized (html_page). pypandoc is imported inside the functions.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from mobility_advisor.formats.docx_layout import docx_layout
from mobility_advisor.formats.html_page import PAGE_TEMPLATE, mark_signature_tables
from mobility_advisor.formats.odt_layout import odt_layout

# BCP 47 tags written into the documents (spell checking, hyphenation).
LANG_TAGS = {"fr": "fr-FR", "en": "en-GB", "es": "es-ES", "ca": "ca-ES", "de": "de-DE"}


# GitHub Markdown as pandoc reads it, minus what would turn user text into markup: a company
# named "www.example.com" or a tutor's "anna@example.org" is not a link, ":fire:" not an emoji.
# The pack's own links are written as [text](target) and stay links.
READER = "gfm-autolink_bare_uris-emoji"


@lru_cache(maxsize=1)
def _pandoc_program() -> str:
    """The pandoc program that pypandoc-binary carries (or pypandoc finds)."""
    import pypandoc

    return pypandoc.get_pandoc_path()


def _pandoc_args(lang: str) -> list[str]:
    return ["--shift-heading-level-by=-1", f"--metadata=lang:{LANG_TAGS[lang]}", "--wrap=none"]


def _run_pandoc(args: list[str], text: str) -> bytes:
    """pandoc run directly on `text` (stdin): pypandoc's convert_text starts pandoc three times per
    document (listing its input and output formats first), about 12 ms of CPU per extra start."""
    import subprocess

    done = subprocess.run([_pandoc_program(), *args], input=text.encode("utf-8"), capture_output=True)
    if done.returncode != 0:
        raise RuntimeError(f"pandoc failed (exit {done.returncode}): {done.stderr.decode('utf-8', 'replace')}")
    return done.stdout


def pandoc(md: str, fmt: str, lang: str) -> str | bytes:
    args = ["--from", READER, "--to", fmt, *_pandoc_args(lang)]
    if fmt == "html":
        args += ["--standalone", f"--template={_assets() / 'page.html'}"]
        return mark_signature_tables(_run_pandoc(args, md).decode("utf-8"))
    with tempfile.TemporaryDirectory(prefix=work_prefix()) as tmp:
        target = Path(tmp) / f"document.{fmt}"
        _run_pandoc([*args, f"--output={target}"], md)
        data = target.read_bytes()
    return docx_layout(data) if fmt == "docx" else odt_layout(data)


# The HTML pages of a whole pack from one pandoc process (`pandoc lua`, pandoc >= 3.1): pandoc
# starts in about 12 ms of CPU, paid once per pack instead of once per document. Each document
# is read and written on its own, as `pandoc(md, "html", lang)` does (heading identifiers and
# references stay per document); the script repeats what --shift-heading-level-by=-1 does: a
# first level-1 heading becomes the title, the other headings go up one level (a level-1 heading
# further down becomes a paragraph). Documents are separated by NUL characters, in and out.
PACK_SCRIPT = r"""
local reader, lang, template_file = arg[1], arg[2], arg[3]
local handle = assert(io.open(template_file, "r"))
local template = pandoc.template.compile(handle:read("a"))
handle:close()
local input = io.read("a")
local start = 1
while start <= #input + 1 do
  local stop = input:find("\0", start, true) or (#input + 1)
  local doc = pandoc.read(input:sub(start, stop - 1), reader)
  while #doc.blocks > 0 and doc.blocks[1].t == "Header" and doc.blocks[1].level == 1 do
    doc.meta.title = pandoc.MetaInlines(doc.blocks[1].content)
    doc.blocks:remove(1)
  end
  doc.blocks = doc.blocks:walk({Header = function(h)
    if h.level > 1 then h.level = h.level - 1; return h end
    return pandoc.Para(h.content)
  end})
  doc.meta.lang = lang
  io.write(pandoc.write(doc, "html", {template = template, wrap_text = "wrap-none"}), "\0")
  start = stop + 1
end
"""


def html_pages(mds: list[str], lang: str) -> list[str]:
    """The standalone HTML page of each Markdown document, from one pandoc process (or one per
    document with a pandoc too old for `pandoc lua`, or a text holding a NUL)."""
    # No trial run first (a pandoc process, 40-80 ms, in every process that printed): a pandoc
    # that cannot run the script (older than 3.1: `lua` is no command) fails, or returns other
    # than one page per document, and the documents are then converted one by one.
    if len(mds) > 1 and not any("\0" in md for md in mds):
        try:
            out = _run_pandoc(["lua", str(_assets() / "pack.lua"), READER, LANG_TAGS[lang],
                               str(_assets() / "page.html")], "\0".join(mds)).decode("utf-8", "replace")
        except (RuntimeError, OSError):
            out = ""
        pages = out.split("\0")[:-1]
        if len(pages) == len(mds):
            return [mark_signature_tables(page) for page in pages]
    return [pandoc(md, "html", lang) for md in mds]


# Work folders in the system's temporary folder carry the id of the process that made it: one
# killed (SIGKILL, SIGTERM, a power cut) cannot remove its own, so the next run does, once sure
# that process is gone (see _sweep).
_WORK = re.compile(r"mobility-advisor-(?:assets-)?([0-9]+)-[A-Za-z0-9_]+")


def work_prefix(kind: str = "") -> str:
    _sweep()
    return f"mobility-advisor-{kind}{os.getpid()}-"


@lru_cache(maxsize=1)
def _sweep() -> None:
    """Remove the work folders of runs that were killed: only folders (not links) of this user whose
    name is one `work_prefix` makes, and whose process no longer exists."""
    if os.name != "posix":  # os.kill(pid, 0) would end the process elsewhere
        return
    root = Path(tempfile.gettempdir())
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        m = _WORK.fullmatch(entry.name)
        if not m or int(m.group(1)) == os.getpid():
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
            os.kill(int(m.group(1)), 0)  # the process is alive (or not ours to signal): its folder stays
        except ProcessLookupError:
            shutil.rmtree(entry.path, ignore_errors=True)
        except (OSError, OverflowError):
            continue


@lru_cache(maxsize=1)
def _assets() -> Path:
    """A folder, for this process, holding the pandoc HTML template."""
    folder = Path(tempfile.mkdtemp(prefix=work_prefix("assets-")))
    atexit.register(shutil.rmtree, folder, True)
    (folder / "page.html").write_text(PAGE_TEMPLATE, encoding="utf-8")
    (folder / "pack.lua").write_text(PACK_SCRIPT, encoding="utf-8")
    return folder
