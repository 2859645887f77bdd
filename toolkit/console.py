"""Telling people what happened: diagnostics listings, progress and summaries, with rich."""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from toolkit.diagnostics import Diagnostic, Diagnostics, Severity
from toolkit.messages import Language
if TYPE_CHECKING:  # a type only: printing a listing must not import the validation rules (start-up time)
    from toolkit.validation.typography import Change

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

_WORDS: dict[Language, dict[str, str]] = {
    "zh": {
        "hint": "提示：",
        "summary": "发现 {errors} 个错误、{warnings} 个警告",
        "no_problems": "没有发现问题",
        "stopped": "报告未生成，上一次生成的文件保持不变。",
        "stopped_strict": "报告未生成（--strict：警告也会中止生成），上一次生成的文件保持不变。",
        "written": "已生成：",
        "pages": "PDF 共 {pages} 页",
        "general": "（整个版本）",
        "stage_read": "读取并检查版本文件……",
        "stage_pdf": "排版 PDF……",
        "stage_docx": "生成 DOCX……",
        "stage_write": "写入文件……",
        "stage_round": "记录本轮草稿……",
        "comparing": "比较两个版本……",
        "compared": "{new} 对比 {old}：",
        "compared_text": "  文字：{chapters} 章有改动，修改 {changed} 段，新增 {added} 段，删除 {removed} 段",
        "compared_cases": "  案例：新增 {added} 个，删除 {removed} 个",
        "compared_numbers": "  数值：{count} 处变化",
        "compared_chapter": "    {title}：修改 {changed}，新增 {added}，删除 {removed}",
        "round": "已记录{label}：{folder}（之后可用 compile diff 查看改动）",
        "bug": "工具内部出错（这不是您的输入问题）。详细信息已写入 {log}，请把该文件发给维护者。",
        "machine": "本机缺少生成报告所需的组件：",
        "checked": "检查完成：{year} 年版",
        "fixed": "已自动改正 {count} 处。",
        "outcome_added": "新增", "outcome_updated": "更新", "outcome_unchanged": "未变", "outcome_rejected": "退回",
        "replaces": "（替换此前的 {file}）",
        "register_columns": "编号|标题|提交单位|类型|章节|目标|状态|收到日期",
        "register_total": "共 {count} 份提交",
        "by_status": "按状态", "by_section": "按章节", "by_kind": "按单位类型", "by_sdg": "按可持续发展目标",
        "letters": "已为 {count} 个提交单位生成修改意见函：{folder}",
        "new_made": "已从 {source} 年版创建 {year} 年版：{folder}",
        "new_chapters": "  {count} 章沿用 {source} 年版文字，已标记 carried_from，待逐章更新",
        "new_tables": "  {count} 个数据表新增待补充的年份：{tables}",
        "new_cases": "  {count} 处案例位置待征集（::: wanted 案例）",
        "new_template": "  案例征集模板：{path}",
        "new_next": "下一步：compile edition {year} --draft 生成标出待补充内容的草稿；compile check {year} 列出全部待办。",
        "remark_columns": "序号|类型|审阅人|日期|源文件位置|内容",
        "remark_total": "共 {count} 条意见：批注 {comments} 条，修订 {changes} 处",
        "remark_csv": "已写出意见表（可在 Excel 中按文件和行排序）：{path}",
        "reply": "回复第 {number} 条：", "resolved": "（已解决）",
    },
    "en": {
        "hint": "hint: ",
        "summary": "{errors} error(s), {warnings} warning(s)",
        "no_problems": "no problems found",
        "stopped": "No report was written; the previous files are untouched.",
        "stopped_strict": "No report was written (--strict: warnings stop the build too); the previous files are untouched.",
        "written": "Written:",
        "pages": "the PDF has {pages} pages",
        "general": "(the edition as a whole)",
        "stage_read": "Reading and checking the edition…",
        "stage_pdf": "Typesetting the PDF…",
        "stage_docx": "Writing the DOCX…",
        "stage_write": "Writing files…",
        "stage_round": "Recording the draft round…",
        "comparing": "Comparing the two versions…",
        "compared": "{new} against {old}:",
        "compared_text": "  text: {chapters} chapter(s) changed; {changed} paragraph(s) edited, {added} added, {removed} removed",
        "compared_cases": "  cases: {added} added, {removed} removed",
        "compared_numbers": "  numbers: {count} change(s)",
        "compared_chapter": "    {title}: {changed} edited, {added} added, {removed} removed",
        "round": "Recorded round {version} ({date}): {folder} (compile diff shows what changes next)",
        "bug": "Internal error in the toolkit (not a problem in your input). Details are in {log}; please send it to the maintainers.",
        "machine": "This machine lacks what the build needs:",
        "checked": "Checked: edition {year}",
        "fixed": "{count} correction(s) made.",
        "outcome_added": "added", "outcome_updated": "updated", "outcome_unchanged": "unchanged",
        "outcome_rejected": "rejected", "replaces": " (replaces {file})",
        "register_columns": "id|title|organisation|kind|section|SDGs|status|received",
        "register_total": "{count} submission(s)",
        "by_status": "by status", "by_section": "by section", "by_kind": "by kind", "by_sdg": "by SDG",
        "letters": "Feedback letters for {count} submitting organisation(s): {folder}",
        "new_made": "Edition {year} created from {source}: {folder}",
        "new_chapters": "  {count} chapter(s) carry the {source} text, marked carried_from, to be updated",
        "new_tables": "  {count} table(s) await a new year's data: {tables}",
        "new_cases": "  {count} case slot(s) to fill (::: wanted 案例)",
        "new_template": "  case template: {path}",
        "new_next": "Next: compile edition {year} --draft for a draft that marks what is missing; compile check {year} lists it.",
        "remark_columns": "#|kind|reviewer|date|source|remark",
        "remark_total": "{count} remark(s): {comments} comment(s), {changes} tracked change(s)",
        "remark_csv": "Remarks written as CSV (sort by file and line in a spreadsheet): {path}",
        "reply": "reply to #{number}: ", "resolved": " (resolved)",
    },
}


class Reporter:
    """Prints to the terminal in the user's language."""

    def __init__(self, lang: Language = "zh", console: Console | None = None) -> None:
        self.lang = lang
        self.console = console or Console(highlight=False, soft_wrap=True)

    def word(self, key: str, **values: object) -> str:
        """A fixed phrase of the interface."""
        return _WORDS[self.lang][key].format(**values)

    def diagnostics(self, diagnostics: Diagnostics) -> None:
        """Every problem, grouped by file, in reading order."""
        for path, group in groupby(diagnostics.sorted(), key=lambda d: d.location.shown_path()):
            self.console.print(f"[bold]{escape(path or self.word('general'))}[/bold]")
            for diagnostic in group:
                self._one(diagnostic)

    def _one(self, diagnostic: Diagnostic) -> None:
        where = diagnostic.location.display(self.lang) if diagnostic.location.path else ""
        style = _STYLE[diagnostic.level]
        self.console.print(
            f"  [dim]{escape(where)}[/dim] [{style}]{diagnostic.level.label(self.lang)}[/{style}] "
            f"[bold]{diagnostic.code}[/bold] {escape(diagnostic.message(self.lang))}")
        hint = diagnostic.hint(self.lang)
        if hint:
            for number, line in enumerate(hint.splitlines()):
                prefix = self.word("hint") if number == 0 else " " * len(self.word("hint")) * (2 if self.lang == "zh" else 1)
                self.console.print(f"      [green]{prefix}[/green]{escape(line)}")

    def summary(self, diagnostics: Diagnostics) -> None:
        """One line: how many errors and warnings."""
        if not diagnostics:
            self.console.print(f"[green]{self.word('no_problems')}[/green]")
            return
        self.console.print(self.word("summary", errors=len(diagnostics.errors),
                                     warnings=len(diagnostics.warnings)))

    def json(self, diagnostics: Diagnostics, letters: list[Path] | None = None) -> None:
        """Machine-readable listing for ``--format json``."""
        data = {
            "errors": len(diagnostics.errors),
            "warnings": len(diagnostics.warnings),
            "diagnostics": [d.as_dict(self.lang) for d in diagnostics.sorted()],
            "letters": [str(p) for p in letters or []],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))

    @contextmanager
    def progress(self) -> Iterator[callable]:  # type: ignore[valid-type]
        """A status line that follows the build's stages."""
        with self.console.status(self.word("stage_read")) as status:
            def stage(name: str) -> None:
                status.update(self.word(f"stage_{name}"))
            yield stage

    def ingested(self, results: list[Any]) -> None:
        """One line per submitted file: added, updated, unchanged or rejected."""
        for result in results:
            style = {"added": "green", "updated": "cyan", "unchanged": "dim", "rejected": "bold red"}[result.outcome]
            extra = self.word("replaces", file=result.previous_file) if result.previous_file else ""
            self.console.print(f"  [{style}]{self.word('outcome_' + result.outcome)}[/{style}] "
                               f"{escape(result.file.name)} → {escape(result.case_id or '-')} "
                               f"{escape(result.organisation)} {escape(result.title)}{escape(extra)}")

    def register(self, entries: list[Any], summary: Any) -> None:
        """The submissions register as a table, then counts."""
        from rich.table import Table

        from toolkit.submissions.register import STATUS_NAMES
        table = Table(show_lines=False)
        for heading in self.word("register_columns").split("|"):
            table.add_column(heading)
        for e in entries:
            status = STATUS_NAMES[e.status] if self.lang == "zh" else e.status
            table.add_row(e.case or "-", e.title, e.organisation, e.organisation_kind, e.section,
                          "、".join(map(str, e.sdgs)), status, e.received.isoformat())
        self.console.print(table)
        self.console.print(self.word("register_total", count=summary.total))
        for label, counter in ((self.word("by_status"), summary.by_status), (self.word("by_section"), summary.by_section),
                               (self.word("by_kind"), summary.by_kind), (self.word("by_sdg"), summary.by_sdg)):
            if counter:
                listed = "，".join(f"{k}：{v}" for k, v in sorted(counter.items(), key=lambda kv: str(kv[0])))
                self.console.print(f"  {label}　{escape(listed)}")

    def compared(self, diff: Any) -> None:
        """The counts of a comparison, chapter by chapter, as editors read them."""
        self.console.print(f"[bold]{escape(self.word('compared', new=diff.new_label, old=diff.old_label))}[/bold]")
        changed = diff.changed_chapters
        self.console.print(self.word("compared_text", chapters=len(changed), changed=diff.count("changed"),
                                     added=diff.count("added"), removed=diff.count("removed")))
        for chapter in changed:
            self.console.print(escape(self.word("compared_chapter", title=chapter.title, changed=chapter.count("changed"),
                                                added=chapter.count("added"), removed=chapter.count("removed"))))
        added = sum(1 for c in diff.cases if c.status == "added")
        self.console.print(self.word("compared_cases", added=added, removed=len(diff.cases) - added))
        self.console.print(self.word("compared_numbers", count=len(diff.numbers)))

    def round(self, round_: Any) -> None:
        """Where a draft round was recorded."""
        self.console.print(self.word("round", label=round_.label, version=round_.version,
                                     date=round_.date.isoformat(), folder=_shown(round_.folder)))

    def new_edition(self, made: Any) -> None:
        """What ``compile new`` created and what is left to do."""
        self.console.print(f"[green]{self.word('new_made', source=made.source_year, year=made.year, folder=_shown(made.folder))}[/green]")
        self.console.print(self.word("new_chapters", count=len(made.chapters), source=made.source_year))
        if made.awaiting:
            tables = "，".join(f"{table}（{'、'.join(rows)}）" for table, rows in sorted(made.awaiting.items()))
            self.console.print(self.word("new_tables", count=len(made.awaiting), tables=escape(tables)))
        self.console.print(self.word("new_cases", count=made.case_slots))
        if made.template is not None:
            self.console.print(self.word("new_template", path=_shown(made.template)))
        self.console.print(self.word("new_next", year=made.year))

    def remarks(self, remarks: list[Any], csv_path: Path | None) -> None:
        """A reviewed copy's comments and tracked changes, each with its source file and line."""
        from rich.table import Table

        from toolkit.review.trace import kind_name
        table = Table(show_lines=True)
        for heading in self.word("remark_columns").split("|"):
            table.add_column(heading, overflow="fold")
        for r in remarks:
            when = r.date.strftime("%Y-%m-%d %H:%M") if r.date else ""
            table.add_row(str(r.number), kind_name(r.kind, self.lang), escape(r.author), when,
                          escape(r.location()), self._remark_text(r))
        if remarks:
            self.console.print(table)
        comments = sum(1 for r in remarks if r.kind == "comment")
        self.console.print(self.word("remark_total", count=len(remarks), comments=comments,
                                     changes=len(remarks) - comments))
        if csv_path is not None:
            self.console.print(self.word("remark_csv", path=_shown(csv_path)))

    def _remark_text(self, r: Any) -> str:
        if r.kind == "comment":
            reply = self.word("reply", number=r.reply_to) if r.reply_to else ""
            done = self.word("resolved") if r.resolved else ""
            quoted = f"[dim]“{escape(r.text)}”[/dim]\n" if r.text else ""
            return f"{quoted}{escape(reply)}{escape(r.comment)}{escape(done)}"
        if r.kind == "insertion":
            return f"[green]+“{escape(r.text)}”[/green]"
        if r.kind == "deletion":
            return f"[red]−“{escape(r.old_text)}”[/red]"
        return f"[red]“{escape(r.old_text)}”[/red] → [green]“{escape(r.text)}”[/green]"

    def letters(self, letters: list[Path]) -> None:
        """Where the feedback letters to submitters are."""
        if letters:
            self.console.print(self.word("letters", count=len(letters), folder=_shown(letters[0].parent)))

    def changes(self, changes: list[Change]) -> None:
        """What ``--fix`` corrected, one line each."""
        for change in changes:
            where = f"{_shown(change.path)}:{change.line}:{change.column}"
            self.console.print(f"  [dim]{escape(where)}[/dim] [cyan]{change.code}[/cyan] "
                               f"“{escape(change.before)}” → “{escape(change.after)}”")
        self.console.print(self.word("fixed", count=len(changes)))

    def outputs(self, outputs: dict[str, Path], pages: int | None) -> None:
        """Where the report was written."""
        self.console.print(f"[green]{self.word('written')}[/green]")
        for path in outputs.values():
            self.console.print(f"  {escape(_shown(path))}")
        if pages:
            self.console.print(f"  [dim]{self.word('pages', pages=pages)}[/dim]")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
