"""MkDocs hook: maps MkDocs' events to the course's plain functions in coursekit/ (which run without MkDocs).

on_files loads and checks the whole course (coursekit.load.load_course); pages are rendered from that one value;
on_env adds the link anchors, which exist only once pages are rendered, and stops the build with every problem.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from coursekit import cjk_breaks, crossrefs, glossary, notebook, pages, presenter, search_worker
from coursekit.course_model import Course
from coursekit.load import load_course
from coursekit.problems import ContentError, Problem


class CourseBuild:
    """What one build knows: the course, each page's widgets until its HTML exists, and the pages' anchors."""

    def __init__(self) -> None:
        self.root = ""
        self.course = Course()
        self.widgets: dict[str, list[str]] = {}
        self.anchors: dict[str, set[str]] = {}
        self.keep_tree = presenter.KeepTreeExtension()
        self.unit_trees: dict[str, presenter.PageTree] = {}  # each unit page as Markdown built it, for its slides

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.keep_tree = presenter.KeepTreeExtension()
        config.markdown_extensions += [glossary.JapaneseAbbrExtension(), cjk_breaks.CjkBreaksExtension(), self.keep_tree]
        self.root = os.path.dirname(config.config_file_path)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        sources = {f.src_uri: f.content_bytes for f in files.documentation_pages()}
        self.course = load_course(self.root, sources, {f.src_uri for f in files})
        self.widgets, self.anchors, self.unit_trees = {}, {}, {}
        # A page that cannot be read would stop MkDocs with a traceback: stop here first, with every problem.
        if self.course.unreadable:
            fail(self.course.problems)
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        markdown, title, self.widgets[page.file.src_uri] = pages.render_markdown(self.course, page.file.src_uri, markdown)
        if title:
            # Numbered in the navigation (page.title) and the browser tab (Material reads meta.title).
            page.title = page.meta["title"] = title
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        path = page.file.src_uri
        if path.endswith(".ipynb"):
            html = cjk_breaks.join_html_lines(notebook.strip_mathjax(html))
            # A notebook has no front matter to say `search: exclude`; its code is for facilitators, not for
            # learners' search (Material's search plugin reads page.meta in on_page_context, after this event).
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        widgets = self.widgets.get(path, [])
        html = pages.fill_widgets(html, widgets, after_search=False)
        self.anchors[path] = crossrefs.ids_in_html(html).union(*map(crossrefs.ids_in_html, widgets))
        if self.course.unit(path) and self.keep_tree.last is not None:
            self.unit_trees[path] = self.keep_tree.last  # the tree of this page: MkDocs has just converted it
        if page.present_anchor_ids is not None:  # MkDocs' own anchor check read the page before the widgets came in
            page.present_anchor_ids |= self.anchors[path]
        return html

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        """Every page's content exists now: a presenter page's slides are made from its unit's page."""
        if page.content and pages.SLIDES_SLOT_RE.search(page.content):
            page.content = pages.fill_slides(self.course, page.file.src_uri, page.content, self.unit_trees)
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return pages.fill_widgets(output, self.widgets.pop(page.file.src_uri, []), after_search=True)

    def on_env(self, env, config: MkDocsConfig, files: Files):
        """All pages are rendered: every problem of the course, with the links' anchors, stops the build here."""
        fail(self.course.problems + crossrefs.check_anchors(self.course.links, self.anchors))
        return env

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Material's lunr worker gives way to the course's search worker (see coursekit/search_worker.py)."""
        try:
            search_worker.install(config.site_dir)
        except search_worker.SearchWorkerError as err:
            raise PluginError(str(err)) from None


def fail(problems: list[Problem]) -> None:
    if problems:
        raise PluginError(str(ContentError(problems)))


_build = CourseBuild()
on_config = _build.on_config
on_files = _build.on_files
on_page_markdown = _build.on_page_markdown
on_page_content = _build.on_page_content
on_page_context = _build.on_page_context
on_post_page = _build.on_post_page
on_env = _build.on_env
on_post_build = _build.on_post_build
