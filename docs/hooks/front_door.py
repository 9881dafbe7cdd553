"""mkdocs hook: the README is the site's home page, and links written for GitHub work on the site.

The README stays at the repository root, where GitHub and the package index show it, and mkdocs
reads only files under docs/. So the README is added to the site as a generated `index.md`
(read from the file at build time, never copied by hand), and each page's relative links, which
are written the way GitHub resolves them, are rewritten for the site:

- to the README (`../../README.md#install` from a page): to the home page;
- to a page (`docs/kinds/ecs.md` from the README): to that page, relative to the home page;
- to another file of the repository (`LICENSE`, `examples/aca`): the link text alone, since the
  site carries only docs/; the file must exist, else the build warns (and `--strict` fails).

Links between pages under docs/ are left as they are: mkdocs checks those itself.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.front_door")

HOME = "index.md"
LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\)")
FENCE = re.compile(r"^(```+|~~~+).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)


def _readme(config: Any) -> Path:
    return Path(config["config_file_path"]).resolve().parent / "README.md"


def on_files(files: Files, config: Any) -> Files:
    if files.get_file_from_path(HOME) is not None:
        raise ValueError(f"docs/{HOME} exists: the home page is README.md, added by this hook")
    files.append(File.generated(config, HOME, abs_src_path=str(_readme(config))))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    docs_dir = Path(config["docs_dir"]).resolve()
    readme = _readme(config)
    is_home = page.file.src_uri == HOME
    # Where the page's links are resolved from in the repository, and where the page sits on the site.
    source_dir = readme.parent if is_home else (docs_dir / page.file.src_uri).parent
    site_dir = docs_dir if is_home else source_dir

    def rewrite(match: re.Match[str]) -> str:
        text, target = match.group("text"), match.group("target")
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith("#"):
            return match.group(0)  # a URL, or an anchor on the same page
        path, _, anchor = target.partition("#")
        fragment = f"#{anchor}" if anchor else ""
        resolved = Path(os.path.normpath(source_dir / path))
        if resolved == readme:
            return f"[{text}]({Path(os.path.relpath(docs_dir / HOME, site_dir)).as_posix()}{fragment})"
        if resolved.is_relative_to(docs_dir) and resolved.is_file():
            return f"[{text}]({Path(os.path.relpath(resolved, site_dir)).as_posix()}{fragment})"
        if not resolved.exists():
            log.warning("%s links to '%s', which is not in the repository", page.file.src_uri, target)
        return text

    # Code blocks are left alone: a `[x](y)` there is code, not a link.
    out, last = [], 0
    for fence in FENCE.finditer(markdown):
        out.append(LINK.sub(rewrite, markdown[last:fence.start()]))
        out.append(fence.group(0))
        last = fence.end()
    out.append(LINK.sub(rewrite, markdown[last:]))
    return "".join(out)
