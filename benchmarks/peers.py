"""The peer generators for benchmarks/sites.py: installing them into benchmarks/.peers/
(git-ignored) and converting a corpus kit's pages into each one's own project layout.

Every peer gets its plainest configuration that renders each page with a layout (a title,
a menu of all the pages, as site-builder's pages have, and the page's content) and turns
links to other pages' source files into links to their pages; no minification, no extra
plugins, no search index, no feeds.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PEERS = Path(__file__).resolve().parent / ".peers"
NODE_MODULES = PEERS / "node_modules"
VENV = PEERS / "venv"
ELEVENTY = NODE_MODULES / "@11ty" / "eleventy" / "cmd.cjs"
LINK = re.compile(r"\]\((page-\d{4})\.md\)")
# A link to a page's source in a corpus of any layout: page-0042.md, ../section-03/page-0042.md
ANY_LINK = re.compile(r"\]\(((?:\.\./)?(?:[\w-]+/)?page-\d{4,})\.md\)")


@dataclass(frozen=True)
class Source:
    """One corpus page: its file stem, front matter values and Markdown body, and where it
    is under content/ (`name`: its path without `.md`, the stem itself in a flat corpus)."""

    stem: str
    title: str
    order: int
    body: str
    name: str = ""
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.name)


@dataclass(frozen=True)
class Project:
    """A peer's project, ready to build: run `command` in `cwd`, pages land in `out`."""

    name: str
    command: list[str]
    cwd: Path
    out: Path
    # a page's path under content/ without .md (in a flat corpus, its stem) -> its
    # HTML file under `out`
    page_file: Callable[[str], Path]
    scratch: list[Path] = field(default_factory=list)  # caches removed before a cold build


def run(command: list[str], **options: object) -> str:
    """Run an install or version command; its output on failure, so a user sees why."""
    done = subprocess.run(command, capture_output=True, text=True, **options)  # type: ignore[call-overload]
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stdout}{done.stderr}")
    return str(done.stdout).strip()


def install_hugo() -> str:
    """Install Hugo from Debian if it is missing; its version."""
    if not shutil.which("hugo"):
        if os.geteuid() != 0:
            sys.exit("hugo is missing: run `sudo apt-get install hugo`, then this again")
        print("installing hugo (apt-get)...", file=sys.stderr)
        run(["apt-get", "install", "-y", "-q", "hugo"],
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return run(["hugo", "version"]).split()[1]


def install() -> dict[str, str]:
    """Install any missing peer, then return every tool's version."""
    hugo_version = install_hugo()
    if not ELEVENTY.exists():
        print("installing @11ty/eleventy (npm) into benchmarks/.peers...", file=sys.stderr)
        PEERS.mkdir(exist_ok=True)
        run(["npm", "install", "--prefix", str(PEERS), "--no-audit", "--no-fund",
             "@11ty/eleventy@3"])
    if not (VENV / "bin" / "pelican").exists() or not (VENV / "bin" / "mkdocs").exists():
        print("installing pelican and mkdocs (pip) into benchmarks/.peers/venv...",
              file=sys.stderr)
        run([sys.executable, "-m", "venv", str(VENV)])
        run([str(VENV / "bin" / "pip"), "install", "-q", "pelican[markdown]>=4.9,<5",
             "mkdocs>=1.6,<2"])
    return {
        "Hugo": hugo_version,
        "Eleventy": run(["node", str(ELEVENTY), "--version"]),
        "Node.js": run(["node", "--version"]),
        "Pelican": run([str(VENV / "bin" / "pelican"), "--version"]),
        "Python-Markdown": run([str(VENV / "bin" / "python"), "-c",
                                "import markdown; print(markdown.__version__)"]),
        "MkDocs": run([str(VENV / "bin" / "mkdocs"), "--version"]).split()[2],
    }


def read_source(path: Path, content: Path) -> Source:
    """A page or a section's index.md as benchmarks/corpus.py writes them (a front matter
    of `key: value` lines)."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = dict(line.split(": ", 1) for line in front.splitlines())
    name = path.relative_to(content).with_suffix("").as_posix()
    return Source(path.stem, meta["title"], int(meta["order"]), body.lstrip("\n"), name, meta)


def read_sources(content: Path) -> list[Source]:
    """The corpus pages, flat or in sections, in page order."""
    return sorted((read_source(path, content) for path in content.rglob("page-*.md")),
                  key=lambda page: page.stem)


def read_sections(content: Path) -> list[Source]:
    """The sections' index.md files, in their order (none in a flat corpus)."""
    return sorted((read_source(path, content) for path in content.glob("*/index.md")),
                  key=lambda section: section.order)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


HUGO_CONFIG = """baseURL = "/"
title = "Benchmark corpus"
uglyURLs = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""
HUGO_SINGLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body><nav><ul>{{ range site.RegularPages.ByWeight }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul></nav>
<main><h1>{{ .Title }}</h1>
{{ .Content }}</main></body></html>
"""
# Links to a source file become links to its page; an unknown page fails the build.
HUGO_LINK = """{{- if strings.HasSuffix .Destination ".md" -}}
{{- with .Page.GetPage .Destination -}}<a href="{{ .RelPermalink }}">
{{- else -}}{{- errorf "unknown page %q" $.Destination -}}{{- end -}}
{{- else -}}<a href="{{ .Destination | safeURL }}">{{- end -}}
{{- .Text | safeHTML -}}</a>"""


def hugo(sources: list[Source], root: Path) -> Project:
    write(root / "hugo.toml", HUGO_CONFIG)
    write(root / "layouts" / "_default" / "single.html", HUGO_SINGLE)
    write(root / "layouts" / "_default" / "list.html", HUGO_SINGLE)
    write(root / "layouts" / "_default" / "_markup" / "render-link.html", HUGO_LINK)
    for page in sources:
        write(root / "content" / f"{page.stem}.md",
              f"---\ntitle: {page.title}\nweight: {page.order}\n---\n\n{page.body}")
    out = root / "public"
    return Project("Hugo", ["hugo", "--quiet", "--destination", str(out)], root, out,
                   lambda stem: out / f"{stem}.html", [root / "resources"])


ELEVENTY_CONFIG = """import { InputPathToUrlTransformPlugin } from "@11ty/eleventy";

export default function (eleventyConfig) {
  // Links to a page's source file (page-0042.md) become links to its URL.
  eleventyConfig.addPlugin(InputPathToUrlTransformPlugin);
  eleventyConfig.addGlobalData("layout", "page.njk");
  // Markdown is Markdown only: no Liquid pass over the pages first.
  return { dir: { input: "src", output: "_site" }, markdownTemplateEngine: false };
}
"""
ELEVENTY_LAYOUT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }} | Benchmark corpus</title></head>
<body><nav><ul>{% for item in collections.all %}
<li><a href="{{ item.url }}">{{ item.data.title }}</a></li>{% endfor %}
</ul></nav>
<main><h1>{{ title }}</h1>
{{ content | safe }}</main></body></html>
"""


def eleventy(sources: list[Source], root: Path) -> Project:
    write(root / "eleventy.config.mjs", ELEVENTY_CONFIG)
    write(root / "src" / "_includes" / "page.njk", ELEVENTY_LAYOUT)
    # The config imports the plugin from @11ty/eleventy, found through this link.
    (root / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    for page in sources:
        write(root / "src" / f"{page.stem}.md",
              f"---\ntitle: {page.title}\norder: {page.order}\n---\n\n{page.body}")
    out = root / "_site"
    return Project("Eleventy", ["node", str(ELEVENTY), "--quiet"], root, out,
                   lambda stem: out / stem / "index.html")


PELICAN_CONFIG = """SITENAME = "Benchmark corpus"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
RELATIVE_URLS = True
# No feeds: the other tools write none either.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""


def pelican(sources: list[Source], root: Path) -> Project:
    write(root / "pelicanconf.py", PELICAN_CONFIG)
    for page in sources:
        # Pelican's own conventions: metadata lines, and {filename} before a linked source.
        body = LINK.sub(r"]({filename}\1.md)", page.body)
        write(root / "content" / "pages" / f"{page.stem}.md",
              f"Title: {page.title}\nSlug: {page.stem}\n\n{body}")
    out = root / "output"
    command = [str(VENV / "bin" / "pelican"), "content", "-s", "pelicanconf.py", "-o",
               str(out), "-q"]
    return Project("Pelican", command, root, out,
                   lambda stem: out / "pages" / f"{stem}.html", [root / "cache"])


MKDOCS_CONFIG = """site_name: Benchmark corpus
use_directory_urls: false
plugins: []
"""


def mkdocs(sources: list[Source], root: Path) -> Project:
    write(root / "mkdocs.yml", MKDOCS_CONFIG)
    for page in sources:
        write(root / "docs" / f"{page.stem}.md",
              f"---\ntitle: {page.title}\n---\n\n{page.body}")
    out = root / "site"
    command = [str(VENV / "bin" / "mkdocs"), "build", "-q", "-f", "mkdocs.yml", "-d", str(out)]
    return Project("MkDocs", command, root, out, lambda stem: out / f"{stem}.html")


# For the scale benchmark (issue 16): Hugo with the menu site-builder is to have, and with none.
# The menu: Home, each top-level section, and under the current level (the page's section,
# or the top for a flat site) its first 30 pages by weight and a link to that level's
# contents page (the section's or home's list page, which lists all its pages in <main>).
HUGO_MENU = """<nav class="site-nav"><ul>
{{- $current := .CurrentSection }}
{{- define "level" }}{{ $pages := .RegularPages.ByWeight }}<ul>
{{- range first 30 $pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
{{- if gt (len $pages) 30 }}
<li><a href="{{ .RelPermalink }}">All {{ len $pages }} pages</a></li>{{ end }}
</ul>{{ end }}
<li><a href="{{ site.Home.RelPermalink }}">Home</a>
{{- if $current.IsHome }}{{ template "level" $current }}{{ end }}</li>
{{- range site.Sections.ByWeight }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{- if .Eq $current }}{{ template "level" . }}{{ end }}</li>
{{- end }}
</ul></nav>
"""
HUGO_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body>MENU
<main><h1>{{ .Title }}</h1>
{{ .Content }}BODY</main></body></html>
"""
# A list page (home, a section) is the contents page of its level: all its sections and pages.
HUGO_CONTENTS = """<ul>{{ range .Sections.ByWeight }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ range .RegularPages.ByWeight }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>"""


def hugo_scale(sources: list[Source], sections: list[Source], root: Path,
               menu: bool) -> Project:
    """Hugo building the corpus pages, flat or in sections, with the bounded menu above
    (`menu`) or with no menu at all; links to sources are made absolute for `GetPage`."""
    nav = HUGO_MENU if menu else ""
    write(root / "hugo.toml", HUGO_CONFIG)
    write(root / "layouts" / "_default" / "single.html",
          HUGO_PAGE.replace("MENU", nav).replace("BODY", ""))
    write(root / "layouts" / "_default" / "list.html",
          HUGO_PAGE.replace("MENU", nav).replace("BODY", HUGO_CONTENTS))
    write(root / "layouts" / "_default" / "_markup" / "render-link.html", HUGO_LINK)
    for section in sections:
        write(root / "content" / section.folder / "_index.md",
              f"---\ntitle: {section.title}\ndescription: {section.meta['description']}\n"
              f"weight: {section.order}\n---\n\n{section.body}")

    for page in sources:
        def absolute(match: re.Match[str], page: Source = page) -> str:
            target = posixpath.normpath(posixpath.join("/", page.folder, match[1]))
            return f"]({target}.md)"

        write(root / "content" / f"{page.name}.md",
              f"---\ntitle: {page.title}\nweight: {page.order}\n---\n\n"
              + ANY_LINK.sub(absolute, page.body))
    out = root / "public"
    return Project("Hugo, same menu" if menu else "Hugo, no menu",
                   ["hugo", "--quiet", "--destination", str(out)], root, out,
                   lambda name: out / f"{name}.html", [root / "resources"])


def hugo_pair(content: Path, work: Path) -> list[Project]:
    """Hugo's two projects for the scale benchmark, for the corpus pages in `content`."""
    sources, sections = read_sources(content), read_sections(content)
    return [hugo_scale(sources, sections, work / "hugo-menu", True),
            hugo_scale(sources, sections, work / "hugo-no-menu", False)]


def projects(content: Path, work: Path) -> list[Project]:
    """Each peer's project for the corpus pages in `content`, written under `work`."""
    sources = read_sources(content)
    return [convert(sources, work / convert.__name__)
            for convert in (hugo, eleventy, pelican, mkdocs)]
