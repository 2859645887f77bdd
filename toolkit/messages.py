"""The message catalog: one entry per diagnostic code, in Chinese and English.

Codes are stable: tools, tests and editors' notes refer to them, so a code is
never reused for another problem. The prefix names the kind of input:

- ``ED`` the edition folder as a whole
- ``MF`` the manifest ``edition.toml``
- ``MD`` chapter Markdown files
- ``TB`` data tables and their schemas
- ``NR`` numbers taken from data tables by reference
- ``CS`` case submissions
- ``SB`` submitted DOCX files (the filled case template)
- ``IM`` images
- ``TY`` Chinese typography of the text
- ``XE`` across editions (restated figures, carried-over text)
- ``DF`` comparing versions (``compile diff``)
- ``RV`` reviewed copies of the DOCX (``compile comments``)
- ``EN`` the machine the toolkit runs on (fonts, system libraries)
- ``PV`` the live preview (``compile preview``)
- ``PO`` the submission portal (``compile portal``)

``docs/diagnostics.md`` is generated from this table (``python -m toolkit.docs``, or this module alone:
``python -m toolkit.messages > docs/diagnostics.md``) and a test keeps the two in step.

Beside the codes, :data:`PHRASES` holds the interface's fixed phrases (headings, summaries,
progress, what was written, the crash and abort messages): the console prints nothing in
words of its own. Both tables speak Chinese and English with the same values
(``tests/test_messages.py``); ``{name_en}`` in English stands for ``{name}`` in Chinese where
the value itself differs by language.

A value missing from a message (a misspelled or forgotten ``{name}``) is a bug of ours:
with ``REPORT_TOOLKIT_STRICT_MESSAGES=1`` (the test suite sets it) filling the message raises
:class:`MissingValue`; without it the value is left blank, so that a user never sees a
traceback because of a message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Any, Literal

Language = Literal["zh", "en"]

STRICT = "REPORT_TOOLKIT_STRICT_MESSAGES"
"""Set to ``1``, a value missing from a message raises instead of printing a blank (tests, development)."""


@dataclass(frozen=True)
class MessageSpec:
    """The wording of one diagnostic code."""

    code: str
    severity: Literal["error", "warning", "info"]
    zh: str
    en: str
    hint_zh: str = ""
    hint_en: str = ""
    gap: bool = False
    """The problem is something still missing from the report (a placeholder prints in its place):
    ``check`` counts these apart, so that "what is still missing?" has one answer."""
    audience: Literal["all", "editors"] = "all"
    """Who can act on it: ``editors`` for what only the editors do (placing a case, their registers,
    corrections ``--fix`` makes, the toolkit's own failures); feedback letters to submitters leave those out."""

    def message(self, lang: Language, args: dict[str, Any]) -> str:
        """The message with its values filled in."""
        return _fill(self.zh if lang == "zh" else self.en, args, lang)

    def hint_text(self, lang: Language, args: dict[str, Any]) -> str:
        """The hint with its values filled in; a line left empty by its value (no suggestion) is dropped."""
        return _fill(self.hint_zh if lang == "zh" else self.hint_en, args, lang).strip("\n")


@dataclass(frozen=True)
class Text:
    """A message value that itself depends on the language (a reason, a hint)."""

    zh: str
    en: str

    def pick(self, lang: Language) -> str:
        """The wording for ``lang``."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class FieldName(Text):
    """A case field named in a message, for the editors with its key (联系人（contact.name）); a letter to
    a submitter, who knows the form only, names it by ``label`` alone (联系人)."""

    label: Text = Text("", "")


class MissingValue(KeyError):
    """A message names a value its caller did not give (in strict mode: see :data:`STRICT`)."""


class _Values(dict):  # type: ignore[type-arg]
    def __init__(self, template: str, values: dict[str, Any]) -> None:
        super().__init__(values)
        self.template = template

    def __missing__(self, key: str) -> str:
        if os.environ.get(STRICT) == "1":
            raise MissingValue(
                f"no value for {{{key}}} in “{self.template}” (given: {', '.join(sorted(self)) or 'none'})"
            )
        return ""


def _fill(template: str, args: dict[str, Any], lang: Language) -> str:
    # Only our own templates are formatted; values from inputs are inserted as data.
    values = _Values(template, {k: v.pick(lang) if isinstance(v, Text) else v for k, v in args.items()})
    return template.format_map(values)


_E, _W, _I = "error", "warning", "info"

_SPECS: list[MessageSpec] = [
    # The edition folder.
    MessageSpec(
        "ED001",
        _E,
        "找不到版本文件夹 {path}",
        "edition folder {path} does not exist",
        "检查年份，或用 --root 指定包含 editions/ 的项目目录。",
        "Check the year, or point --root at the folder that holds editions/.",
    ),
    MessageSpec(
        "ED002",
        _E,
        "版本文件夹中没有清单文件 edition.toml",
        "the edition folder has no edition.toml manifest",
        "每个版本文件夹都需要一个 edition.toml，参见 docs/editor-guide.md 中的示例。",
        "Every edition folder needs an edition.toml; see the example in docs/editor-guide.md.",
    ),
    MessageSpec(
        "ED003",
        _E,
        "无法读取文件：{reason}",
        "cannot read the file: {reason}",
        "检查文件是否存在、是否有读取权限。",
        "Check that the file exists and is readable.",
    ),
    MessageSpec(
        "ED004",
        _E,
        "文件不是 UTF-8 编码（第 {byte} 字节处无法解码）",
        "the file is not UTF-8 (cannot decode at byte {byte})",
        "请用 UTF-8 编码另存该文件。",
        "Save the file as UTF-8.",
    ),
    MessageSpec(
        "ED005",
        _E,
        "{path} 已经存在，没有改动",
        "{path} already exists and was left alone",
        "新版本只能创建一次；若要重来，先把现有文件夹改名或移走。",
        "A new edition is created once; to start again, rename or move the existing folder first.",
    ),
    MessageSpec(
        "ED006",
        _E,
        "新版本的年份 {year} 应晚于来源版本 {source}",
        "the new edition's year {year} must come after {source}",
        "例如：compile new 2022 --from 2021。",
        "For example: compile new 2022 --from 2021.",
    ),
    # The manifest.
    MessageSpec(
        "MF001",
        _E,
        "清单的 TOML 语法错误：{reason}",
        "TOML syntax error in the manifest: {reason}",
        "检查引号、等号和方括号是否成对。",
        "Check quotes, equals signs and brackets.",
    ),
    MessageSpec(
        "MF002",
        _E,
        "清单中有未知的设置项“{key}”",
        "unknown setting “{key}” in the manifest",
        "{suggestion}\n清单的全部设置项见 docs/manifest.md。",
        "{suggestion}\ndocs/manifest.md lists every setting.",
    ),
    MessageSpec(
        "MF003",
        _E,
        "清单缺少必填项“{key}”",
        "the manifest lacks the required setting “{key}”",
        "在 edition.toml 中加上 {key} = ...。",
        "Add {key} = ... to edition.toml.",
    ),
    MessageSpec(
        "MF004",
        _E,
        "清单设置项“{key}”的值无效：{reason}",
        "invalid value for “{key}” in the manifest: {reason}",
        "{expected}\n清单各设置项的写法见 docs/manifest.md。",
        "{expected}\ndocs/manifest.md shows how each setting is written.",
    ),
    MessageSpec(
        "MF005",
        _E,
        "清单列出的章节文件不存在：{file}",
        "the manifest lists a chapter file that does not exist: {file}",
        "{suggestion}\n检查文件名拼写，或把文件放到 chapters/ 下。",
        "{suggestion}\nCheck the spelling, or put the file under chapters/.",
    ),
    MessageSpec(
        "MF006",
        _E,
        "章节文件 {file} 在清单中重复出现",
        "chapter file {file} is listed twice in the manifest",
        "每个章节只列一次。",
        "List each chapter once.",
    ),
    MessageSpec(
        "MF007",
        _W,
        "章节文件 {file} 没有列入清单，不会出现在报告中",
        "chapter file {file} is not listed in the manifest and will not appear in the report",
        "把它加入 edition.toml 的 chapters 列表，或移出 chapters/ 文件夹。",
        "Add it to the chapters list in edition.toml, or move it out of chapters/.",
    ),
    MessageSpec(
        "MF008",
        _E,
        "清单中的年份 {year} 与文件夹名 {folder} 不一致",
        "the manifest's year {year} does not match the folder name {folder}",
        "改正 edition.toml 中的 year 或文件夹名。",
        "Fix year in edition.toml or the folder name.",
    ),
    MessageSpec(
        "MF009",
        _E,
        "清单没有列出任何章节",
        "the manifest lists no chapters",
        '在 edition.toml 中写 chapters = ["chapters/01-xxx.md", ...]。',
        'Write chapters = ["chapters/01-xxx.md", ...] in edition.toml.',
    ),
    MessageSpec(
        "MF010",
        _E,
        "日期或时间“{value}”无效：{reason}",
        "the date or time “{value}” is not valid: {reason}",
        "日期写作 年-月-日，例如 2022-12-01，不加引号；时间写在日期后，例如 2022-12-01T09:30:00。",
        "Write a date as year-month-day, e.g. 2022-12-01, without quotes; a time after it, e.g. 2022-12-01T09:30:00.",
    ),
    MessageSpec(
        "MF011",
        _I,
        "清单没有给出可用的章节列表，已按文件名顺序读取 chapters/ 中的 {count} 个章节文件，以便检查",
        "the manifest gives no usable chapter list: the {count} chapter files in chapters/ were read in name "
        "order, to be checked",
        '在 edition.toml 中写 chapters = ["chapters/01-xxx.md", ...]，报告按此顺序排列各章。',
        'Write chapters = ["chapters/01-xxx.md", ...] in edition.toml: the report follows its order.',
    ),
    MessageSpec(
        "MF017",
        _E,
        "修改意见函需要写明编辑部的联系方式，清单中缺少 {keys}",
        "feedback letters must say how to reach the editorial office: the manifest lacks {keys}",
        "在 edition.toml 中写上编辑部的真实信息（修改意见函以此结尾，请勿编造）：\n{toml}",
        "Add the office's real details to edition.toml (letters end with them; invent nothing):\n{toml}",
    ),
    MessageSpec(
        "MF020",
        _I,
        "未找到 LibreOffice：DOCX 的目录只列标题，章首页和案例索引的页码留空，在 Word 中打开时才会填上",
        "LibreOffice is not installed: the DOCX's contents list titles only, "
        "and the chapter openers and case index show page numbers only once Word updates them",
        "安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer-nogui），DOCX 的页码即由它排版得出；\n"
        '若不需要，在 edition.toml 的 [output] 中写 docx_pages = "none"。',
        "Install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui) to have the DOCX's "
        'page numbers laid out;\nif they are not wanted, write docx_pages = "none" under [output] in edition.toml.',
    ),
    MessageSpec(
        "MF021",
        _W,
        "LibreOffice 未能排出 DOCX 的页码（{reason}），目录只列标题",
        "LibreOffice could not lay out the DOCX's page numbers ({reason}): the contents list titles only",
        "再编译一次；若仍失败，检查 LibreOffice 能否单独转换该 DOCX（soffice --headless --convert-to pdf）。",
        "Compile again; if it fails again, check that LibreOffice converts the DOCX on its own "
        "(soffice --headless --convert-to pdf).",
    ),
    # Chapter Markdown.
    MessageSpec(
        "MD001",
        _E,
        "文件头（front matter）的 YAML 语法错误：{reason}",
        "YAML syntax error in the front matter: {reason}",
        "文件头写成“键: 值”，每行一项，用 --- 行包围。",
        "Write the front matter as “key: value” lines between --- lines.",
    ),
    MessageSpec(
        "MD002",
        _E,
        "文件头中有未知的设置项“{key}”",
        "unknown front matter key “{key}”",
        "{suggestion}\n章节文件头可用的设置项见 docs/authoring.md 的“Chapters”一节。",
        "{suggestion}\nThe front matter keys are listed under “Chapters” in docs/authoring.md.",
    ),
    MessageSpec(
        "MD003",
        _E,
        "文件头设置项“{key}”的值无效：{reason}",
        "invalid front matter value for “{key}”: {reason}",
        "{expected}\n文件头的写法见 docs/authoring.md 的“Chapters”一节。",
        "{expected}\nSee “Chapters” in docs/authoring.md for how the front matter is written.",
    ),
    MessageSpec(
        "MD004",
        _E,
        "章节缺少标题（文件头中的 title）",
        "the chapter has no title (title in the front matter)",
        "在文件开头加上：\n---\ntitle: 章节标题\n---",
        "Start the file with:\n---\ntitle: Chapter title\n---",
    ),
    MessageSpec(
        "MD005",
        _E,
        "未知的指令“{name}”",
        "unknown directive “{name}”",
        "{suggestion}\n全部指令见 docs/directives.md。",
        "{suggestion}\nEvery directive is listed in docs/directives.md.",
    ),
    MessageSpec(
        "MD006",
        _E,
        "指令“{name}”没有结束标记 :::",
        "directive “{name}” is not closed with :::",
        "在该指令内容的末尾单独写一行 :::。",
        "Close the directive with a line holding only :::.",
    ),
    MessageSpec(
        "MD007",
        _E,
        "指令“{name}”缺少必填字段“{key}”",
        "directive “{name}” lacks the required field “{key}”",
        "在指令的第一行下面写“{key}: ...”。",
        "Write “{key}: ...” right under the directive's first line.",
    ),
    MessageSpec(
        "MD008",
        _E,
        "指令“{name}”中有未知字段“{key}”",
        "unknown field “{key}” in directive “{name}”",
        "{suggestion}\n各指令的字段见 docs/directives.md。",
        "{suggestion}\nEach directive's fields are listed in docs/directives.md.",
    ),
    MessageSpec(
        "MD009",
        _E,
        "指令“{name}”的字段“{key}”无效：{reason}",
        "invalid field “{key}” in directive “{name}”: {reason}",
        "{expected}\n各字段的写法见 docs/directives.md。",
        "{expected}\nSee docs/directives.md for how each field is written.",
    ),
    MessageSpec(
        "MD010",
        _E,
        "正文中不能使用一级标题（#），章节标题写在文件头的 title 中",
        "a level-1 heading (#) is not allowed in the body; the chapter title goes in the front matter",
        "把“# 标题”改为“## 标题”（节标题），或把它写到文件头的 title 中。",
        "Use “## Title” for a section, or put the title in the front matter.",
    ),
    MessageSpec(
        "MD011",
        _E,
        "标题层级过深（{level} 级），最多使用四级标题（####）",
        "heading level {level} is too deep; use at most four levels (####)",
        "减少 # 的数量。",
        "Use fewer # signs.",
    ),
    MessageSpec(
        "MD012",
        _E,
        "Markdown 图片语法不可用，请使用 figure 指令",
        "Markdown image syntax is not supported; use the figure directive",
        "写成：\n::: figure\nsrc: images/照片.jpg\ncaption: 图片说明\n:::",
        "Write:\n::: figure\nsrc: images/photo.jpg\ncaption: Caption\n:::",
    ),
    MessageSpec(
        "MD013",
        _W,
        "文中含有 HTML 代码，将按原样显示为文字",
        "raw HTML in the text will be shown as plain text",
        "报告中不使用 HTML；请删除，或改用指令。",
        "The report takes no HTML; delete it or use a directive.",
    ),
    MessageSpec(
        "MD014",
        _E,
        "引用了不存在的数据表“{table}”",
        "reference to a data table “{table}” that does not exist",
        "{suggestion}\n表名是 data/ 中数据文件的文件名（不带扩展名）。",
        "{suggestion}\nA table's name is its data file's name under data/, without the extension.",
    ),
    MessageSpec(
        "MD015",
        _E,
        "编号“{id}”重复，已在 {other} 使用",
        "id “{id}” is used twice; first used at {other}",
        "每个编号在整个版本中只能使用一次。",
        "Each id must be unique across the edition.",
    ),
    MessageSpec(
        "MD016",
        _E,
        "Markdown 表格语法不可用，请把数据放到 data/ 中并用 table 指令引用",
        "Markdown table syntax is not supported; put the data under data/ and use the table directive",
        "把表格保存为 data/表名.csv，写好 data/表名.toml，然后写：\n::: table 表名\n:::",
        "Save the table as data/name.csv with data/name.toml, then write:\n::: table name\n:::",
    ),
    MessageSpec(
        "MD017",
        _E,
        "“{name}”不能放在“{parent}”里面",
        "“{name}” cannot be placed inside “{parent}”",
        "“{parent}”里只能放：{allowed}。",
        "“{parent}” holds only: {allowed}.",
    ),
    MessageSpec(
        "MD018",
        _E,
        "指令“{name}”需要写明{what}",
        "directive “{name}” needs its {what_en}",
        "写成“::: {name} {example}”。",
        "Write “::: {name} {example}”.",
    ),
    MessageSpec(
        "MD019",
        _E,
        "指令“{name}”没有内容",
        "directive “{name}” has no content",
        "在字段下面空一行，写上正文。",
        "Leave an empty line under the fields and write the text.",
    ),
    MessageSpec(
        "MD020",
        _W,
        "指令“{name}”不需要参数，“{arg}”将被忽略",
        "directive “{name}” takes no argument; “{arg}” is ignored",
        "把参数删去，或改写成字段（键: 值）。",
        "Delete it, or write it as a field (key: value).",
    ),
    MessageSpec(
        "MD021",
        _W,
        "指令“{name}”不接受正文，其中的内容将被忽略",
        "directive “{name}” takes no text; what is inside is ignored",
        "把内容移到指令外面。",
        "Move the text out of the directive.",
    ),
    MessageSpec(
        "MD022",
        _E,
        "引用了不存在的案例“{case}”",
        "reference to a case “{case}” that does not exist",
        "{suggestion}\n案例名是 cases/ 中案例文件夹的名字。",
        "{suggestion}\nA case's name is the name of its folder under cases/.",
    ),
    MessageSpec(
        "MD023",
        _E,
        "案例“{case}”在报告中出现了两次（另一处在 {other}）",
        "case “{case}” is placed twice in the report (also at {other})",
        "每个案例只放一处。",
        "Place each case once.",
    ),
    MessageSpec(
        "MD024",
        _E,
        "单元格引用 {ref} 无效：{reason}",
        "cell reference {ref} is invalid: {reason}",
        "{suggestion}\n单元格引用写作 [[表名:行:列]]：表名是 data/ 中的文件名，"
        "行是第一列的值（通常是年份），列是表头中的列名。",
        "{suggestion}\nWrite a cell reference as [[table:row:column]]: the data file's name, "
        "the first column's value (usually a year), a column name of the header.",
    ),
    MessageSpec(
        "MD025",
        _E,
        "图表“{chart}”的列“{column}”{reason}",
        "column “{column}” of chart “{chart}” {reason_en}",
        "{suggestion}\n列名须与数据表表头中的写法完全一致。",
        "{suggestion}\nWrite column names exactly as in the table's header.",
    ),
    MessageSpec(
        "MD026",
        _W,
        "二维码缺少链接（url），报告中将显示占位框",
        "the QR code has no url; a placeholder square is printed",
        "写上“url: https://...”。",
        "Write “url: https://...”.",
        gap=True,
    ),
    MessageSpec(
        "MD027",
        _W,
        "致谢（thanks）只应出现在序言中",
        "thanks belong in the preface",
        "把它移到序言，或改为普通段落。",
        "Move it to the preface, or make it ordinary text.",
    ),
    MessageSpec(
        "MD029",
        _E,
        "指令“{name}”只能放在“{allowed}”里面",
        "directive “{name}” belongs inside “{allowed}”",
        "把它移进一个“::: {allowed}”中。",
        "Move it into a “::: {allowed}”.",
    ),
    MessageSpec(
        "MD030",
        _W,
        "待补充：{what}{detail}",
        "still wanted: {what}{detail}",
        "补上后删去“::: wanted”；报告中此处印作醒目的占位框。",
        "Remove “::: wanted” once it is filled; the report prints a marked frame there.",
        gap=True,
    ),
    MessageSpec(
        "MD028",
        _W,
        "数据表“{table}”没有数据行，报告中将显示占位框",
        "table “{table}” has no data rows; a placeholder is printed",
        "在数据文件中补上数据，或删去这个{what}。",
        "Fill in the data, or remove this {what_en}.",
        gap=True,
    ),
    MessageSpec(
        "MD031",
        _W,
        "图片没有指定文件（src），报告中将显示占位框",
        "the figure has no image (src); a placeholder frame is printed",
        "写上“src: images/...”并把图片放进 images/。",
        "Write “src: images/...” and put the image under images/.",
        gap=True,
    ),
    MessageSpec(
        "MD032",
        _W,
        "图表“{chart}”中{points}没有数据，图中留空并标“待补充”",
        "chart “{chart}” has no value for {points_en}: the chart leaves a gap marked “to be supplied”",
        "在数据表中补上数据；未到的数据在表结构的 awaiting 中登记。",
        "Fill in the data; register data still to come in the schema's awaiting.",
        gap=True,
    ),
    # Text alternatives (issue 14).
    MessageSpec(
        "MD040",
        _W,
        "图片没有替代文字：既无 alt，也无可借用的图注",
        "the figure has no text alternative: no alt and no caption to take it from",
        "写上“alt: ……”，用一句话说明图片内容（读屏软件、无障碍 PDF 和 Word 会读出它）；\n"
        "或写上图注（caption），替代文字即取自图注。",
        "Write “alt: …”, one sentence on what the picture shows (screen readers, the tagged PDF and "
        "Word read it out);\nor give it a caption, which then serves as its alternative.",
    ),
    # Web addresses (issue 19).
    MessageSpec(
        "MD044",
        _I,
        "网址带有跟踪参数（{params}）：{url}",
        "the web address carries tracking parameters ({params}): {url}",
        "这些参数只记录转发来源，读者用不上，还让印出的网址冗长难断行；改为：\n{clean}",
        "They only record where the link was shared from: no use to a reader, and they make the printed "
        "address long and hard to break. Print instead:\n{clean}",
    ),
    # Data tables.
    MessageSpec(
        "TB001",
        _E,
        "数据文件 {file} 没有对应的表结构文件 {schema}",
        "data file {file} has no schema file {schema}",
        "为每个数据表写一个同名的 .toml 文件，说明标题、单位、来源和各列类型。",
        "Write a .toml file of the same name giving the title, units, source and column types.",
    ),
    MessageSpec(
        "TB002",
        _E,
        "表结构文件的 TOML 语法错误：{reason}",
        "TOML syntax error in the table schema: {reason}",
        "检查引号、等号和方括号是否成对。",
        "Check quotes, equals signs and brackets.",
    ),
    MessageSpec(
        "TB003",
        _E,
        "表结构中“{key}”无效：{reason}",
        "invalid “{key}” in the table schema: {reason}",
        "{expected}\n表结构的写法见 docs/authoring.md 的“Data table”一节。",
        "{expected}\nSee “Data table” in docs/authoring.md for how a schema is written.",
    ),
    MessageSpec(
        "TB004",
        _E,
        "无法读取数据文件：{reason}",
        "cannot read the data file: {reason}",
        "用 Excel 另存为“CSV UTF-8”或 .xlsx 格式。",
        "Save it from Excel as “CSV UTF-8” or .xlsx.",
    ),
    MessageSpec(
        "TB005",
        _E,
        "表头缺少表结构中定义的列“{column}”",
        "the header lacks the column “{column}” defined in the schema",
        "表头应为：{expected}",
        "The header should be: {expected}",
    ),
    MessageSpec(
        "TB006",
        _E,
        "表头中的列“{column}”没有在表结构中定义",
        "column “{column}” in the header is not defined in the schema",
        "在表结构的 [[columns]] 中加入该列，或改正列名。",
        "Add it to [[columns]] in the schema, or fix its name.",
    ),
    MessageSpec(
        "TB007",
        _E,
        "单元格“{value}”不是{type_name}",
        "cell “{value}” is not {type_name}",
        "{expected}\n若该列本应填文字，在表结构中把它的 type 改为 string。",
        "{expected}\nIf the column holds words, set its type to string in the schema.",
    ),
    MessageSpec(
        "TB008",
        _E,
        "表结构 {schema} 没有对应的数据文件",
        "table schema {schema} has no data file",
        "把数据保存为同名的 .csv 或 .xlsx 文件。",
        "Save the data as a .csv or .xlsx file of the same name.",
    ),
    MessageSpec(
        "TB009",
        _E,
        "同一个表“{table}”有多个数据文件：{files}",
        "table “{table}” has several data files: {files}",
        "只保留一个（.csv 或 .xlsx）。",
        "Keep only one (.csv or .xlsx).",
    ),
    MessageSpec(
        "TB010",
        _W,
        "文件是 GB18030/GBK 编码（Excel 中文版的默认格式），已按此读取",
        "the file is GB18030/GBK encoded (Chinese Excel's default); it was read as such",
        "在 Excel 中用“另存为 → CSV UTF-8”保存，避免其他工具读错。",
        "Save it from Excel as “CSV UTF-8” so that other tools read it right.",
    ),
    MessageSpec(
        "TB011",
        _W,
        "缺少数据：单元格是空的",
        "missing value: the cell is empty",
        "补上数据；若该列允许空白，在表结构中为该列写 optional = true。",
        "Fill it in; if the column may be empty, set optional = true for it in the schema.",
    ),
    MessageSpec(
        "TB012",
        _E,
        "年份 {year} 重复出现（另见第 {other} 行）",
        "year {year} appears twice (see also row {other})",
        "每个年份只能有一行。",
        "Each year takes one row.",
    ),
    MessageSpec(
        "TB013",
        _W,
        "年份不连续：{before} 年之后是 {after} 年，缺少 {missing}",
        "years are not contiguous: {after} follows {before}; missing {missing}",
        "补上缺少的年份，或确认原始资料确实没有这些年份。",
        "Add the missing years, or confirm the source has none.",
    ),
    MessageSpec(
        "TB014",
        _E,
        "数值 {value} 超出合理范围（{range}）",
        "value {value} is outside its plausible range ({range_en})",
        "检查单位和小数点；若数值无误，修改表结构中的 min/max。",
        "Check the unit and the decimal point; if right, change min/max in the schema.",
    ),
    MessageSpec(
        "TB015",
        _E,
        "“{total}”{value} 不等于各部分之和 {sum}（{parts}）",
        "“{total}” {value} is not the sum of its parts {sum} ({parts})",
        "核对合计与各分项，或修改表结构中的 [[sums]]。",
        "Check the total and its parts, or the [[sums]] of the schema.",
    ),
    MessageSpec(
        "TB016",
        _W,
        "增长率 {rate}% 与数值推算的 {computed}% 不符（相差 {gap} 个百分点）",
        "growth rate {rate}% does not follow from the levels: {computed}% ({gap} points apart)",
        "核对增长率或数值；按可比价计算的增速可在表结构的 [[growth]] 中放宽 tolerance。",
        "Check the rate or the levels; rates at comparable prices may need a wider tolerance in [[growth]].",
    ),
    MessageSpec(
        "TB017",
        _W,
        "小数位数不一致：本列多为 {usual} 位小数，这里是 {found} 位",
        "inconsistent decimals: the column mostly has {usual} decimal places, this cell {found}",
        "统一小数位数，或在表结构中为该列写 decimals = {usual}。",
        "Use the same decimals, or set decimals = {usual} for the column.",
    ),
    MessageSpec(
        "TB018",
        _E,
        "合计行“{row}”的{column} {value} 不等于其他各行之和 {sum}",
        "the total row “{row}” has {value} in {column}, not the sum of the other rows {sum}",
        "核对合计行与各行。",
        "Check the total row against the other rows.",
    ),
    MessageSpec(
        "TB019",
        _E,
        "表格中有合并单元格 {cells}，无法按行列读取",
        "merged cells {cells}: the table cannot be read by rows and columns",
        "在 Excel 中取消合并（开始 → 合并后居中 → 取消合并），每个单元格各填一个值。",
        "Unmerge them in Excel and give every cell its own value.",
    ),
    MessageSpec(
        "TB020", _W, "空行已跳过", "blank row skipped", "删除表格中间的空行。", "Delete blank rows inside the table."
    ),
    MessageSpec(
        "TB021",
        _W,
        "数据表“{table}”没有在报告中使用",
        "table “{table}” is not used in the report",
        "用 ::: table、::: chart 或 [[表名:行:列]] 引用它，或把它移出 data/。",
        "Use it with ::: table, ::: chart or [[table:row:column]], or move it out of data/.",
    ),
    MessageSpec(
        "TB022",
        _E,
        "表结构的 {setting} 中引用了不存在的列“{column}”",
        "the schema's {setting} names a column “{column}” that does not exist",
        "{suggestion}\n列名须与数据文件表头中的写法完全一致。",
        "{suggestion}\nWrite column names exactly as in the data file's header.",
    ),
    MessageSpec(
        "TB023",
        _W,
        "等待数据：“{row}”行的{columns}尚未填写",
        "awaiting data: {columns_en} of “{row}” not filled in yet",
        "数据到位后填入；报告中暂时印作“待补充”。",
        "Fill them in when the data comes; the report prints 待补充 meanwhile.",
        gap=True,
    ),
    MessageSpec(
        "TB024",
        _I,
        "“{row}”的数据已填齐，可从表结构的 awaiting 中删去",
        "“{row}” is complete and can leave the schema's awaiting list",
        "删去 awaiting 中的“{row}”。",
        "Remove “{row}” from awaiting.",
    ),
    MessageSpec(
        "TB025",
        _W,
        "表结构的 awaiting 中列出的“{row}”在表中不存在",
        "“{row}” in the schema's awaiting list is not a row of the table",
        "在数据文件中加上这一行（其余单元格留空），或从 awaiting 中删去。",
        "Add the row to the data file (other cells empty), or remove it from awaiting.",
    ),
    MessageSpec(
        "TB026",
        _E,
        "这一行与第 {other} 行完全相同",
        "this row repeats row {other} exactly",
        "删去重复的一行；若两行本应不同，改正其中一行。",
        "Delete the repeated row, or correct one of them.",
    ),
    # Data files that are not what a table should be (what arrives from other people's programs).
    MessageSpec(
        "TB030",
        _E,
        "数据文件是空的，没有任何内容",
        "the data file is empty",
        "把数据（第一行为表头）保存到这个文件中，或删去它和同名的 .toml 表结构。",
        "Save the data (header in the first row) into it, or delete it and its .toml schema.",
    ),
    MessageSpec(
        "TB031",
        _E,
        "无法识别文件的编码：第 {byte} 字节起既不是 UTF-8，也不像 GB18030/GBK 中文，"
        "可能是西文编码（如 Latin-1、Windows-1252、希腊文）",
        "unknown encoding: from byte {byte} the file is neither UTF-8 nor Chinese GB18030/GBK; "
        "perhaps a Western encoding (Latin-1, Windows-1252, Greek)",
        "在 Excel 中打开，另存为“CSV UTF-8（逗号分隔）”；或在文本编辑器中以 UTF-8 编码保存。",
        "Open it in Excel and save as “CSV UTF-8 (comma delimited)”, or save it as UTF-8 in a text editor.",
    ),
    MessageSpec(
        "TB032",
        _E,
        "文件不是纯文本 CSV：{what}",
        "the file is not a plain-text CSV: {what}",
        "在 Excel 中另存为“CSV UTF-8（逗号分隔）”，不要选“Unicode 文本”。",
        "Save it from Excel as “CSV UTF-8 (comma delimited)”, not as “Unicode text”.",
    ),
    MessageSpec(
        "TB033",
        _E,
        "这一行有 {count} 个值，但表头只有 {width} 列，该行未读入",
        "this row has {count} values but the header has {width} columns; the row was not read",
        '值里有逗号时要用英文双引号括起来（如 "1,000"），或去掉千位分隔的逗号；'
        "多出的值若是新的一列，先在表头中加上列名。",
        'A value containing a comma must be quoted ("1,000"), or drop the thousands commas; '
        "if the extra value is a new column, name it in the header first.",
    ),
    MessageSpec(
        "TB034",
        _E,
        "文件用{separator}分隔各列，不是英文逗号（,）",
        "the columns are separated by {separator}, not by ASCII commas (,)",
        "在 Excel 中另存为“CSV UTF-8（逗号分隔）”，手工编辑时用英文逗号；小数点要用“.”，不能用“,”。",
        "Save it from Excel as “CSV UTF-8 (comma delimited)”, or type ASCII commas; "
        "decimals take a point, not a comma.",
    ),
    MessageSpec(
        "TB035",
        _E,
        "从这一行起英文双引号没有配对，之后的内容无法按行列读取",
        "an unmatched double quote from this line on: the rest cannot be read by rows and columns",
        '值本身含有双引号时要写成两个（""），整个值再用双引号括起来；或直接在 Excel 中编辑后另存为 CSV UTF-8。',
        'A quote inside a value is written twice ("") and the value quoted; or edit it in Excel and save as CSV UTF-8.',
    ),
    MessageSpec(
        "TB036",
        _E,
        "表头第 {letter} 列没有列名",
        "the header has no name in column {letter}",
        "给这一列起名（与表结构 [[columns]] 中的 name 一致），或删去这一整列。",
        "Name the column (as its name in the schema's [[columns]]), or delete the whole column.",
    ),
    MessageSpec(
        "TB037",
        _E,
        "表头中的列名“{column}”出现了 {count} 次（第 {letters} 列）",
        "the header names “{column}” {count} times (columns {letters})",
        "每个列名只能出现一次：改正重复的列名，或删去重复的列。",
        "Each name may appear once: rename or delete the repeated columns.",
    ),
    MessageSpec(
        "TB038",
        _E,
        "单元格“{value}”不是有限的数字（NaN、无穷大或超出范围）",
        "cell “{value}” is not a finite number (NaN, infinity or out of range)",
        "NaN、inf 是程序导出时表示缺失或无穷大的记号：没有数据就留空（该列可空时在表结构中写 optional = true）；"
        "数值过大请检查单位。",
        "NaN and inf are programs' marks for missing or infinite values: leave the cell empty when there is no "
        "data (set optional = true if the column may be empty); check the unit if the number is huge.",
    ),
    MessageSpec(
        "TB039",
        _E,
        "文件是设置了打开密码的加密 Excel 工作簿，无法读取",
        "the file is an Excel workbook encrypted with a password; it cannot be read",
        "在 Excel 中打开，选“文件 → 信息 → 保护工作簿 → 用密码进行加密”，清空密码后保存。",
        "Open it in Excel, choose File → Info → Protect Workbook → Encrypt with Password, clear the password and save.",
    ),
    MessageSpec(
        "TB040",
        _E,
        "文件的实际格式与扩展名不符：这是{what}",
        "the file is not what its extension says: it is {what}",
        "{fix}\n数据表只接受 CSV 文件（UTF-8 编码）或 Excel 工作簿（.xlsx）。",
        "{fix}\nData tables are CSV files (UTF-8) or Excel workbooks (.xlsx).",
    ),
    MessageSpec(
        "TB041",
        _E,
        "工作簿的 {part} 中含有 XML 文档类型声明（DTD），可能是恶意构造的文件，已拒绝读取",
        "{part} in the workbook declares an XML DTD, a sign of a crafted file; it was not read",
        "Excel 保存的工作簿不会有这种内容：请向提供者要一份用 Excel 或 WPS 重新保存的文件。",
        "Workbooks saved by Excel never contain one: ask the sender for a copy saved again in Excel or WPS.",
    ),
    MessageSpec(
        "TB042",
        _E,
        "工作簿大小异常（{reason}），可能是恶意构造的文件，已拒绝读取",
        "the workbook is abnormally large ({reason}), perhaps a crafted file; it was not read",
        "只保留数据表需要的工作表，用 Excel 另存为新的 .xlsx，或导出为 CSV UTF-8。",
        "Keep only the sheet the table needs and save a new .xlsx from Excel, or export CSV UTF-8.",
    ),
    MessageSpec(
        "TB043",
        _E,
        "工作簿已损坏，无法读取：{reason}",
        "the workbook is damaged and cannot be read: {reason}",
        "在 Excel 中打开（Excel 会提示修复），另存为新的 .xlsx 或 CSV UTF-8；文件若是下载或复制的，重新获取一份。",
        "Open it in Excel (which offers to repair it) and save a new .xlsx or CSV UTF-8; if it was downloaded "
        "or copied, get it again.",
    ),
    MessageSpec(
        "TB044",
        _W,
        "工作簿的格式信息（样式表）无法识别，只读取了单元格的值",
        "the workbook's formatting (style sheet) could not be read; only the cells' values were read",
        "日期可能读成了数字、百分数读成了小数：核对数据，或在 Excel 中另存一次后再用。",
        "Dates may read as numbers and percentages as fractions: check the data, or save it again from Excel.",
    ),
    MessageSpec(
        "TB045",
        _E,
        "工作簿的第一个工作表“{sheet}”是空的",
        "the workbook's first sheet “{sheet}” is empty",
        "数据表只读取第一个工作表：把数据放到第一个工作表中（表头在第 1 行），或删去前面的空工作表。",
        "Only the first sheet is read: put the data there (header in row 1), or delete the empty sheets before it.",
    ),
    MessageSpec(
        "TB046",
        _W,
        "表头以外的这一列有 {count} 个值（如“{value}”），已忽略",
        "{count} value(s) in a column outside the header (such as “{value}”) were ignored",
        "给这一列加上列名并写进表结构，或删去多余的内容（如备注、合计说明）。",
        "Name the column in the header and the schema, or delete the stray content (notes, remarks).",
    ),
    MessageSpec(
        "TB047",
        _E,
        "表头只有 {width} 列，而下面各行的值都更多（如第 {row} 行有 {count} 个）",
        "the header has {width} columns but every row below has more values (row {row} has {count})",
        "表头必须在第一行：删去表头上面的标题、说明或注释行；值里有逗号时要用英文双引号括起来。",
        "The header must be the first row: delete titles, notes or comments above it; quote values containing commas.",
    ),
    MessageSpec(
        "TB048",
        _E,
        "第一行（表头）是空的，数据从下面几行开始",
        "the first row (the header) is empty; the data start below it",
        "数据表的第一行必须是列名（与表结构 [[columns]] 中的 name 一致）：删去上面的空行，把列名写在第 1 行。",
        "The first row must name the columns (as in the schema's [[columns]]): delete the blank rows above and "
        "put the names in row 1.",
    ),
    MessageSpec(
        "TB049",
        _E,
        "数据表太大，没有读取：{reason}",
        "the table is too large and was not read: {reason}",
        "数据表最多 {rows} 行数据、{cells} 个单元格，文件不超过 {megabytes} MB：报告中的表是汇总表，"
        "请把明细数据汇总（如按年份、地区）后再放进 data/，或拆成几张表。",
        "A table holds at most {rows} rows of data and {cells} cells, in a file of {megabytes} MB at most: "
        "a report prints summaries, so total the detailed data (by year, by region) first, or split it.",
    ),
    MessageSpec(
        "TB050",
        _E,
        "文件不是 UTF-8，看起来是{encoding}编码，不是中文（按中文 GB18030 读出来是乱码）",
        "the file is not UTF-8 but looks like {encoding}, not Chinese (read as GB18030 it is nonsense)",
        "在 Excel 中打开，另存为“CSV UTF-8（逗号分隔）”；若内容本应是中文，请向提供者要 UTF-8 或 GB18030 的原文件。",
        "Open it in Excel and save it as “CSV UTF-8 (comma delimited)”; if it should be Chinese, ask the sender "
        "for a UTF-8 or GB18030 copy.",
    ),
    MessageSpec(
        "TB051",
        _E,
        "这一行是注释（以 # 开头），CSV 文件中不能有注释行（共 {count} 行）",
        "this line is a comment (it starts with #); a CSV file cannot hold comments ({count} such lines)",
        "删去以 # 开头的注释行，表头必须在第一行；说明文字写进表结构（.toml）或章节正文。",
        "Delete the lines starting with #, so that the header is the first line; put notes in the schema "
        "(.toml) or in the chapter.",
    ),
    MessageSpec(
        "TB052",
        _E,
        "表头中的列名“{header}”与表结构中的“{column}”只差{difference}",
        "the header's “{header}” and the schema's “{column}” differ only by {difference}",
        "把两处写成完全一样：表结构 [[columns]] 的 name 照表头改，或改正表头。",
        "Write both the same: copy the header's name into the schema's [[columns]] name, or fix the header.",
    ),
    MessageSpec(
        "TB053",
        _E,
        "“{value}”有 {digits} 位有效数字，数字列只能精确保存 15 位，会印成“{printed}”",
        "“{value}” has {digits} significant digits; a number column holds 15 exactly: it would print as “{printed}”",
        "若这是编号、证件号之类的代码，在表结构中把这一列的 type 改为 string（文字）；若是数值，请核对位数。",
        "If it is an identifier (an ID or code number), set the column's type to string in the schema; if it "
        "is a quantity, check its digits.",
    ),
    # Numbers in the text.
    MessageSpec(
        "NR001",
        _W,
        "手写的数字 {number} 与数据表中的值相同，建议改为引用 {ref}",
        "the number {number} is typed by hand; it is the table's value: write {ref} instead",
        "改为引用后，数据只需在数据表中修改一处。",
        "With a reference, the value lives in one place: its table.",
    ),
    MessageSpec(
        "NR002",
        _E,
        "文中的 {number} 与数据表 {ref} 的值 {value} 不一致",
        "the text says {number}, but the table {ref} says {value}",
        "核对后改正其中之一；最好改为引用 {ref}。",
        "Check which is right; better, write {ref}.",
    ),
    MessageSpec(
        "NR003",
        _W,
        "单元格引用 {ref} 印出的数值已带“{unit}”，其后又写了“{typed}”",
        "{ref} prints its value with “{unit}” already; “{typed}” is typed after it",
        "删去手写的“{typed}”，单位由数据表给出（--fix 可自动改正）。",
        "Delete the typed “{typed}”: the table gives the unit (--fix corrects it).",
    ),
    MessageSpec(
        "NR004",
        _W,
        "数据亮点的数值已带“{unit}”，unit 又写了“{typed}”",
        "the callout's value carries “{unit}” already; unit repeats it as “{typed}”",
        "删去“unit: {typed}”这一行（--fix 可自动改正）。",
        "Delete the line “unit: {typed}” (--fix corrects it).",
    ),
    MessageSpec(
        "NR005",
        _W,
        "引用的 {ref} 尚待补充数据，报告中此处印作“待补充”",
        "{ref} is still awaiting data: the report prints “to be supplied” here",
        "数据到位后填入数据表，并从表结构的 awaiting 中删去该行。",
        "Fill in the table when the data comes and remove the row from the schema's awaiting.",
        gap=True,
    ),
    MessageSpec(
        "NR006",
        _I,
        "文中的 {number} 与数据表 {ref} 的值 {value} 不同，但无法确定两者是否同一年",
        "the text says {number} and the table {ref} says {value}, but whether they are of one year is not said",
        "{why}\n年份写明后，文中的数字只与同一年的数据比较。",
        "{why}\nOnce both say their year, a number is compared only with figures of that year.",
    ),
    # Cases.
    MessageSpec(
        "CS001",
        _E,
        "案例文件头的 YAML 语法错误：{reason}",
        "YAML syntax error in the case's front matter: {reason}",
        "文件头写成“键: 值”，每行一项，用 --- 行包围。",
        "Write the front matter as “key: value” lines between --- lines.",
    ),
    MessageSpec(
        "CS002",
        _E,
        "案例中有模板没有的栏目“{key}”",
        "the case has a field “{key}” the template does not have",
        "{suggestion}\n删去这一栏，或改用案例模板中的栏目名。",
        "{suggestion}\nDelete the field, or use a field name of the case template.",
    ),
    MessageSpec(
        "CS003",
        _E,
        "案例的“{key}”填写有误：{reason}",
        "the case's “{key}” is not valid: {reason}",
        "{expected}\n按案例征集模板中该栏的说明填写。",
        "{expected}\nFill it in as the case template's instructions for this field say.",
    ),
    MessageSpec(
        "CS004",
        _E,
        "案例缺少必填内容“{key}”",
        "the case lacks the required field “{key}”",
        "请补上“{key}”。",
        "Fill in “{key}”.",
    ),
    MessageSpec(
        "CS005",
        _E,
        "案例文件夹 {folder} 中没有 case.md",
        "case folder {folder} has no case.md",
        "每个案例文件夹需要一个 case.md。",
        "Each case folder needs a case.md.",
    ),
    MessageSpec("CS006", _E, "案例没有正文", "the case has no text", "请填写案例正文。", "Write the case's text."),
    MessageSpec(
        "CS007",
        _W,
        "案例“{case}”没有放进任何章节",
        "case “{case}” is not placed in any chapter",
        "在相应章节写上“::: case {case}”和“:::”两行，或撤下该案例。",
        "Place it with “::: case {case}” and “:::” in a chapter, or withdraw it.",
    ),
    MessageSpec(
        "CS008",
        _W,
        "案例标题有 {length} 个字，超过 {limit} 个字",
        "the case title has {length} characters, more than {limit}",
        "请精简标题，可把次要内容移到正文。",
        "Shorten the title; move details into the text.",
    ),
    MessageSpec(
        "CS009",
        _W,
        "案例正文有 {length} 个字，应在 {minimum}—{maximum} 字之间",
        "the case text has {length} characters; it should have {minimum}–{maximum}",
        "{advice}",
        "{advice}",
    ),
    MessageSpec(
        "CS010",
        _W,
        "提交单位“{name}”不在本版的单位名录（organisations.toml）中",
        "the submitting organisation “{name}” is not in this edition's register (organisations.toml)",
        "{suggestion}\n新的提交单位请加入 organisations.toml。",
        "{suggestion}\nAdd a new organisation to organisations.toml.",
    ),
    MessageSpec(
        "CS011",
        _W,
        "单位类型“{kind}”与名录中的“{registered}”不一致",
        "organisation kind “{kind}” differs from the register's “{registered}”",
        "改为“{registered}”，或更新单位名录。",
        "Use “{registered}”, or update the register.",
    ),
    MessageSpec(
        "CS012",
        _W,
        "疑似重复提交：与案例“{other}”的{what}相同",
        "possible duplicate: same {what_en} as case “{other}”",
        "确认是否重复提交；保留一份，撤下另一份。",
        "Check whether it was sent twice; keep one.",
    ),
    MessageSpec(
        "CS013",
        _W,
        "提交单位尚未确认同意发表",
        "the submitter has not confirmed that the case may be published",
        "请提交单位在模板中勾选“同意发表”（consent: true）。",
        "Ask the submitter to confirm consent (consent: true).",
    ),
    MessageSpec(
        "CS014",
        _I,
        "案例没有联系人",
        "the case has no contact person",
        "补上联系人（不会印在报告中），便于编辑核实。",
        "Add a contact (never printed) so that editors can check facts.",
    ),
    MessageSpec(
        "CS015",
        _W,
        "案例“{case}”在登记表中已撤回，但仍放在报告中",
        "case “{case}” is withdrawn in the register but still placed",
        "从章节中删去“::: case {case}”，或在 submissions.toml 中改回状态。",
        "Remove “::: case {case}” from the chapter, or change its status back in submissions.toml.",
    ),
    # Submitted files.
    MessageSpec("SB001", _E, "找不到文件 {file}", "file {file} not found", "检查文件路径。", "Check the path."),
    MessageSpec(
        "SB002",
        _E,
        "文件 {file} 是空的",
        "file {file} is empty",
        "请重新保存并发送填写好的模板。",
        "Save the filled template again and resend it.",
    ),
    MessageSpec(
        "SB003",
        _E,
        "文件 {file} 不是 Word 文档（.docx），而是{what}",
        "file {file} is not a Word document (.docx) but {what}",
        "请用 Word 或 WPS 打开，选择“另存为”，文件类型选“Word 文档（*.docx）”后重新发送。",
        "Open it in Word or WPS, “Save as” a Word document (*.docx), and send it again.",
    ),
    MessageSpec(
        "SB004",
        _E,
        "文件已损坏，无法打开：{reason}",
        "the file is damaged: {reason}",
        "请重新保存并发送；若仍无法打开，请重新下载模板填写。",
        "Save and send it again, or fill in a fresh template.",
    ),
    MessageSpec(
        "SB005",
        _E,
        "文件超出安全限制：{reason}",
        "the file exceeds the safety limits: {reason}",
        "请压缩照片（每张不超过 20 MB）后重新保存。",
        "Make the photos smaller (20 MB each at most) and save again.",
    ),
    MessageSpec(
        "SB006",
        _E,
        "文件中含有不安全的 XML 结构（{part}），已拒绝读取",
        "the file holds unsafe XML ({part}) and was refused",
        "请用 Word 或 WPS 重新保存后发送。",
        "Save it again with Word or WPS and resend it.",
    ),
    MessageSpec(
        "SB007",
        _E,
        "文件中找不到案例模板的表格",
        "the file does not hold the case template's form",
        "请使用编辑部提供的案例征集模板填写，不要另起文档。",
        "Fill in the case template sent by the editors, not a document of your own.",
    ),
    MessageSpec(
        "SB008",
        _W,
        "使用的是旧版模板（版本 {found}），当前版本为 {current}",
        "an old template (version {found}) was used; the current one is {current}",
        "已尽量读取；下次请使用最新模板。",
        "It was read as well as possible; please use the current template next time.",
    ),
    MessageSpec(
        "SB009",
        _E,
        "表格中缺少“{label}”一栏",
        "the form lacks the field “{label}”",
        "请不要删除模板中的栏目；可重新下载模板，把内容复制进去。",
        "Do not delete fields of the template; copy your text into a fresh one.",
    ),
    MessageSpec(
        "SB010",
        _E,
        "“{label}”一栏出现了不止一次，只读取了第一处",
        "the field “{label}” appears more than once; only the first was read",
        "请删除重复的栏目，把内容合并到一处。",
        "Delete the copy and keep the content in one place.",
    ),
    MessageSpec(
        "SB011",
        _W,
        "表格之外的文字已忽略：“{text}”",
        "text outside the form was ignored: “{text}”",
        "如需收入报告，请把它填到相应栏目中。",
        "If it belongs in the report, put it in the right field.",
    ),
    MessageSpec(
        "SB012",
        _W,
        "文档中有 {count} 处未接受的修订，已按“接受全部修订”后的内容读取",
        "the document has {count} tracked changes; it was read as if all were accepted",
        "请确认修订内容无误，在 Word 中“审阅 → 接受所有修订”后重新保存。",
        "Check the changes, accept them all in Word and save again.",
    ),
    MessageSpec(
        "SB013",
        _I,
        "文档中有 {count} 条批注，已忽略：{comments}",
        "{count} comment(s) in the document were ignored: {comments}",
        "批注不会收入报告；需要说明的内容请写进相应栏目。",
        "Comments are not printed; put what matters in a field.",
    ),
    MessageSpec(
        "SB014",
        _W,
        "“{where}”中粘贴了图片，已忽略",
        "a picture was pasted in “{where}” and ignored",
        "照片请粘贴到“照片一”至“照片三”栏中，并填写图注。",
        "Paste photos into the photo fields, with their captions.",
    ),
    MessageSpec(
        "SB015",
        _W,
        "“所属章节”中的“{value}”不是本版的章节",
        "“{value}” in the section field is not a section of this edition",
        "请从模板填写说明中列出的章节里选一项。",
        "Choose one of the sections listed in the template's instructions.",
    ),
    MessageSpec(
        "SB016",
        _E,
        "“{label}”只能保留一项，现在是“{value}”",
        "“{label}” must keep one choice; it says “{value}”",
        "从 {choices} 中保留一项。",
        "Keep one of {choices}.",
    ),
    MessageSpec(
        "SB017",
        _W,
        "可持续发展目标中的“{value}”无法识别",
        "“{value}” is not a Sustainable Development Goal",
        "填写 1—17 的编号，例如：9、12。",
        "Write numbers 1–17, e.g. 9, 12.",
    ),
    MessageSpec(
        "SB018",
        _W,
        "照片{number}有图注但没有图片",
        "photo {number} has a caption but no picture",
        "请把照片粘贴到“照片{number}”栏中，或删去图注。",
        "Paste the photo into its field, or delete the caption.",
    ),
    MessageSpec(
        "SB019",
        _E,
        "文件 {file} 设有打开密码（已加密），无法读取",
        "file {file} is protected by a password (encrypted) and cannot be read",
        "请在 Word 中打开文件，选择“文件 → 信息 → 保护文档 → 用密码进行加密”，清空密码后保存"
        "（WPS：“文件 → 文档加密 → 密码加密”），再重新发送。",
        "Open it in Word, File → Info → Protect Document → Encrypt with Password, clear the password and save "
        "(WPS: File → Document Encryption), then send it again.",
    ),
    MessageSpec(
        "SB020",
        _E,
        "读取文件 {file} 时工具内部出错（不是文件的问题），已跳过该文件，其他文件照常处理",
        "the toolkit failed while reading {file} (not a problem of the file); it was skipped, the other files "
        "were processed",
        "详细信息已写入 {log}，请把该日志和文件一起发给维护者。修复之前，可以用 Word 或 WPS 打开该文件、"
        "另存为新的 .docx 后再导入。",
        "Details are in {log}: send it with the file to the maintainers. Meanwhile, open the file in Word or "
        "WPS, save it as a new .docx and ingest that.",
    ),
    MessageSpec(
        "SB021",
        _W,
        "表格之外有 {count} 段文字已忽略（从“{first}”到“{last}”）",
        "{count} paragraphs outside the form were ignored (from “{first}” to “{last}”)",
        "如需收入报告，请把它填到相应栏目中；模板之外的其他内容请删去。",
        "If it belongs in the report, put it in the right field; delete anything else around the form.",
    ),
    MessageSpec(
        "SB022",
        _W,
        "“{where}”中粘贴了 {count} 张图片，已忽略",
        "{count} pictures were pasted in “{where}” and ignored",
        "照片请粘贴到“照片一”至“照片三”栏中，并填写图注。",
        "Paste photos into the photo fields, with their captions.",
    ),
    MessageSpec(
        "SB023",
        _E,
        "找不到任何版本，模板无法列出可选章节",
        "no edition found: the template cannot list the sections",
        "用 --edition 指定年份（例如 compile case-template --edition 2022），或在含有 editions/ 的项目目录中运行"
        "（当前：{root}，也可用 --root 指定）。",
        "Name the edition with --edition (e.g. compile case-template --edition 2022), or run it in the project "
        "folder that holds editions/ (now: {root}; or use --root).",
    ),
    MessageSpec(
        "SB024",
        _W,
        "“{label}”中的“{value}”可以理解为不同的日期：{readings}，无法确定是哪一天",
        "“{value}” in “{label}” could be different days ({readings}): it was not read",
        "请按{expected}的格式重新填写。",
        "Write it as {expected}.",
    ),
    MessageSpec(
        "SB025",
        _W,
        "“{label}”中的“{value}”不是有效的日期：{reason}",
        "“{value}” in “{label}” is not a valid date: {reason}",
        "请按{expected}的格式重新填写。",
        "Write it as {expected}.",
    ),
    MessageSpec(
        "SB026",
        _I,
        "{fields}中的{kinds}格式未保留",
        "the {kinds} formatting in {fields} was not kept",
        "报告按统一版式排印，只收入文字本身；需要强调的内容请用文字表达。{scripts}",
        "The report is typeset in one style and keeps the words only; say in words what needs emphasis.{scripts}",
    ),
    MessageSpec(
        "SB027",
        _W,
        "“登记号”中的“{value}”{reason}，本稿已按{treated}处理",
        "the registration number “{value}” {reason}; this file was taken as {treated}",
        "请核对修改意见函中的登记号；首次提交时请不要填写。",
        "Check the number in the feedback letter; leave it empty on a first submission.",
    ),
    MessageSpec(
        "SB030",
        _E,
        "文件含有宏（VBA 代码，{part}），不能接收",
        "the file holds macros (VBA code, {part}) and cannot be accepted",
        "请在 Word 或 WPS 中打开，选“另存为”，文件类型选“Word 文档（*.docx）”（不要选“启用宏的 Word 文档”），"
        "然后重新发送。",
        "Open it in Word or WPS and “Save as” a Word document (*.docx), not a macro-enabled one, then send it again.",
    ),
    # Uploads to the portal (compile portal serve): refused before they are stored, or read against the account.
    MessageSpec(
        "SB041",
        _E,
        "文件“{file}”不是 Word 文档（.docx），扩展名是“{extension}”",
        "the file “{file}” is not a Word document (.docx): its extension is “{extension}”",
        "请在 Word 或 WPS 中打开，选择“另存为”→“Word 文档（*.docx）”后再上传。{advice}",
        "Open it in Word or WPS, choose Save As → Word Document (*.docx) and upload that. {advice}",
    ),
    MessageSpec(
        "SB042",
        _E,
        "文件“{file}”有 {size} MB，超过了上传上限 {limit} MB",
        "the file “{file}” is {size} MB, over the upload limit of {limit} MB",
        "照片请直接粘贴原图，但不要粘贴视频或几十张照片；每个案例最多三张照片。请删去多余的图片后再上传。",
        "Paste the original photos, but no videos and at most three photos per case; remove the rest and upload again.",
    ),
    MessageSpec(
        "SB043",
        _E,
        "表格中的提交单位是“{found}”，与您账号所属的单位“{expected}”不一致",
        "the form names “{found}” as the submitting organisation, but your account belongs to “{expected}”",
        "请使用门户中下载的本单位模板（提交单位已填好）；代其他单位提交的案例，请由该单位用自己的账号上传。",
        "Use the template the portal gives your organisation (its name is filled in); a case of another "
        "organisation is uploaded by that organisation with its own account.",
    ),
    MessageSpec(
        "SB044",
        _E,
        "文件链接了文档外的{what}（{target}），打开文件时会去那里取内容，不能接收",
        "the file links to {what} outside the document ({target}), fetched whenever it is opened: "
        "it cannot be accepted",
        "请重新下载案例模板，把文字和照片本身粘贴进去（不要用“链接到文件”“插入对象”或别的模板），"
        "另存为“Word 文档（*.docx）”后重新发送。",
        "Download the case template again, paste the text and the pictures themselves into it (no “Link to "
        "File”, no inserted objects, no other template) and save it as a Word Document (*.docx) to send again.",
    ),
    # Images.
    MessageSpec(
        "IM001",
        _W,
        "图片文件不存在：{file}；报告中将显示占位框",
        "image file not found: {file}; a placeholder frame is shown instead",
        "{suggestion}\n把图片放到 images/ 中，或改正 src。",
        "{suggestion}\nPut the image under images/, or fix src.",
        gap=True,
    ),
    MessageSpec(
        "IM002",
        _E,
        "无法读取图片 {file}：{reason}",
        "cannot read image {file}: {reason}",
        "请提供 JPEG 或 PNG 格式的图片。",
        "Provide the image as JPEG or PNG.",
    ),
    MessageSpec(
        "IM003",
        _E,
        "图片路径 {file} 指向版本文件夹之外",
        "image path {file} points outside the edition folder",
        "图片必须放在版本文件夹内（通常是 images/）。",
        "Images must live inside the edition folder (usually images/).",
    ),
    MessageSpec(
        "IM004",
        _W,
        "图片 {file} 分辨率不足：印刷宽度约 {width} 毫米时只有 {dpi} dpi，印刷需要至少 300 dpi",
        "image {file} is too small for print: {dpi} dpi at about {width} mm wide; print needs 300 dpi",
        "请提供原图（宽度至少 {pixels} 像素）。",
        "Provide the original (at least {pixels} pixels wide).",
    ),
    MessageSpec(
        "IM005",
        _E,
        "照片 {file} 是{what}，不能用于印刷",
        "photo {file} is {what}, which cannot be printed",
        "{advice}",
        "{advice}",
    ),
    MessageSpec(
        "IM009",
        _E,
        "照片{number}是链接到文档外的图片（{target}），文件里没有图片本身",
        "photo {number} is linked to a picture outside the document ({target}); the file does not hold it",
        "请把照片本身粘贴到“照片{number}”栏中（复制图片后粘贴，或“插入 → 图片 → 此设备”），不要用“链接到文件”，"
        "然后重新保存发送。",
        "Paste the picture itself into the photo field (copy and paste it, or Insert → Pictures → This Device), "
        "not “Link to File”, then save and send again.",
    ),
    # Typography (zh-CN).
    MessageSpec(
        "TY001",
        _W,
        "中文与英文或数字之间应有空格：“{text}”",
        "put a space between Chinese and Latin letters or digits: “{text}”",
        "写成“{fixed}”（--fix 可自动改正）。",
        "Write “{fixed}” (--fix corrects it).",
    ),
    MessageSpec(
        "TY002",
        _W,
        "% 前不应有空格：“{text}”",
        "no space before %: “{text}”",
        "写成“{fixed}”（--fix 可自动改正）。",
        "Write “{fixed}” (--fix corrects it).",
    ),
    MessageSpec(
        "TY003",
        _W,
        "中文中使用了半角标点“{mark}”",
        "half-width punctuation “{mark}” in Chinese text",
        "改为全角“{fixed}”（--fix 可自动改正）。",
        "Use the full-width “{fixed}” (--fix corrects it).",
    ),
    MessageSpec(
        "TY004",
        _W,
        "标点重复：“{text}”",
        "repeated punctuation: “{text}”",
        "删去多余的标点。",
        "Delete the extra mark.",
    ),
    MessageSpec(
        "TY005",
        _W,
        '中文中应使用弯引号“ ”，而不是直引号 "',
        'use curly quotes “ ” in Chinese text, not straight quotes "',
        "--fix 会把成对的直引号改为“ ”。",
        "--fix turns paired straight quotes into “ ”.",
    ),
    MessageSpec(
        "TY006",
        _W,
        "书名号不成对或写错：“{text}”",
        "book-title marks unbalanced or wrong: “{text}”",
        "书名用《》，书名中的书名用〈〉。",
        "Titles take 《》, titles inside titles 〈〉.",
    ),
    MessageSpec(
        "TY007", _W, "{mark}不成对", "unbalanced {mark_en}", "检查是否漏掉了另一半。", "Check for the missing half."
    ),
    MessageSpec(
        "TY008",
        _W,
        "省略号应写作“……”：“{text}”",
        "write the ellipsis as “……”: “{text}”",
        "--fix 可自动改正。",
        "--fix corrects it.",
    ),
    MessageSpec(
        "TY009",
        _W,
        "数字“{number}”的分节方式与本版不一致（本版{style}）",
        "number “{number}” is grouped differently from this edition ({style_en})",
        "写成“{fixed}”（--fix 可自动改正）。",
        "Write “{fixed}” (--fix corrects it).",
    ),
    MessageSpec(
        "TY010",
        _W,
        "专有名词写法不规范：“{text}”应为“{term}”",
        "protected term written differently: “{text}” should be “{term}”",
        "--fix 可自动改正。",
        "--fix corrects it.",
    ),
    MessageSpec(
        "TY011",
        _W,
        "使用了全角数字或字母：“{text}”",
        "full-width digits or letters: “{text}”",
        "改为半角“{fixed}”（--fix 可自动改正）。",
        "Use half-width “{fixed}” (--fix corrects it).",
    ),
    MessageSpec(
        "TY012",
        _W,
        "汉字之间有多余的空格：“{text}”",
        "stray spaces between Chinese characters: “{text}”",
        "写成“{fixed}”（--fix 可自动改正）。",
        "Write “{fixed}” (--fix corrects it).",
    ),
    # Across editions.
    MessageSpec(
        "XE001",
        _W,
        "{row} 年“{column}”为 {value}，与 {year} 年版中的 {old} 不同",
        "{column} for {row} is {value}; the {year} edition printed {old}",
        '若数据已修订，在表结构中写 revised = ["{row}"]，报告将注明“修订”；否则改回原值。',
        'If restated, add revised = ["{row}"] to the schema so the report says so; otherwise restore the old value.',
    ),
    MessageSpec(
        "XE002",
        _I,
        "本章约 {share}% 的文字沿用 {year} 年版{detail}",
        "about {share}% of this chapter's text is the {year} edition's{detail}",
        "沿用的文字请核对是否仍然准确（数据、年份、表述）。",
        "Check carried-over text is still accurate (figures, years, wording).",
    ),
    MessageSpec(
        "XE006",
        _I,
        "全书约 {share}% 的文字沿用 {year} 年版（各章的比例见各章的说明）",
        "about {share}% of the whole text is the {year} edition's (see each chapter for its share)",
        "各章的比例见各章的 XE002 说明；沿用的文字请逐章核对是否仍然准确。",
        "Each chapter's share is in its XE002 note; check carried-over text chapter by chapter.",
    ),
    MessageSpec(
        "XE003",
        _W,
        "数据表“{table}”的最新数据是 {latest} 年，本版需要 {needed} 年的数据",
        "table “{table}” ends in {latest}; this edition needs data for {needed}",
        "补上新的年份（在表结构的 awaiting 中登记待到的数据），或若数据确实滞后，在表结构中写 lag = {lag}。",
        "Add the new year (list data still to come in awaiting), or if the data always lags, "
        "set lag = {lag} in the schema.",
    ),
    MessageSpec(
        "XE004",
        _W,
        "“{text}”说的是 {year} 年的情况，对 {edition} 年版已不是最新",
        "“{text}” describes {year}, no longer current for the {edition} edition",
        "更新为最新的数据和日期，或改写为历史表述。",
        "Update the figure and date, or word it as history.",
    ),
    MessageSpec(
        "XE007",
        _W,
        "标题“{title}”说的是{period}，但数据已到 {latest} 年",
        "the title “{title}” names {period_en}, but the data run to {latest}",
        "改写标题（例如写明新的年份范围），或只列出该时期的数据。",
        "Reword the title (e.g. with the new range of years), or keep only that period's data.",
    ),
    MessageSpec(
        "XE008",
        _W,
        "标题“{title}”说的是{period}，但数据从 {earliest} 年开始",
        "the title “{title}” names {period_en}, but the data start in {earliest}",
        "改写标题（例如写明数据的年份范围），或只列出该时期的数据。",
        "Reword the title (e.g. with the data's range of years), or keep only that period's data.",
    ),
    MessageSpec(
        "XE005",
        _W,
        "本章仍标记为沿用 {year} 年版文字（carried_from），请逐段更新后删去该标记",
        "this chapter is still marked as carried over from {year} (carried_from)",
        "更新各段文字后，删去前置信息中的 carried_from。",
        "Update the text, then remove carried_from from the front matter.",
    ),
    # Reviewed copies of the DOCX.
    MessageSpec(
        "RV001",
        _E,
        "无法读取审阅稿 {file}：{reason}",
        "cannot read the reviewed copy {file}: {reason}",
        "请确认这是审阅人返回的 Word 文档（.docx）；若是 .doc 或 .wps，请用 Word 或 WPS 另存为 .docx。",
        "Check it is the reviewer's Word document (.docx); save a .doc or .wps as .docx first.",
    ),
    MessageSpec(
        "RV002",
        _W,
        "审阅稿中没有来源标记，批注无法对应到源文件",
        "the reviewed copy holds no source markers: comments cannot be traced to the sources",
        "请审阅由 compile edition 生成的 DOCX；另存为其他格式或复制粘贴到新文档会丢失标记。",
        "Review the DOCX that compile edition writes; saving in another format or pasting into a new document "
        "loses the markers.",
    ),
    MessageSpec(
        "RV003",
        _W,
        "{count} 条意见指向已不存在的源文件",
        "{count} remarks point to source files that no longer exist",
        "这些文件可能已改名或删除；意见仍列出，但没有行号。",
        "The files may have been renamed or deleted; the remarks are listed without a line.",
    ),
    MessageSpec(
        "RV004",
        _I,
        "审阅稿中没有批注，也没有修订",
        "the reviewed copy holds no comments and no tracked changes",
        "若审阅人直接改了文字，请让其打开“修订”后重新修改，或用 compile diff 比较。",
        "If the reviewer edited without tracking changes, ask for tracked changes.",
    ),
    MessageSpec(
        "RV005",
        _W,
        "这个项目还没有审阅门户的数据库（{path}），没有网页批注可列",
        "the project has no review portal database ({path}): there are no web comments to list",
        "审阅人在门户中批注后再运行（门户用 compile portal serve {year} 启动）；"
        "数据库在别处时加 --database 或设置 DATABASE_URL。",
        "Run this once reviewers have commented in the portal (started with compile portal serve {year}); "
        "if the database is elsewhere, give --database or set DATABASE_URL.",
    ),
    MessageSpec(
        "RV006",
        _W,
        "门户中还没有 {year} 年版的{which}",
        "the portal holds no {which_en} of the {year} edition",
        "编辑部用 compile edition {year} --draft 生成征求意见稿；门户运行时一分钟内即可审阅。",
        "Build a draft with compile edition {year} --draft; a running portal offers it for review within a minute.",
    ),
    MessageSpec(
        "RV007",
        _W,
        "{count} 条未处理的网页批注所引的原文在第 {version} 稿中已删除（孤立批注，列在最后）",
        "{count} open web comment(s) quote text deleted from round {version} (orphaned, listed last)",
        "在门户的“审阅批注”页按“原文已删除”筛选，逐条决定是否仍需处理，处理后标记为已处理。",
        "Filter the portal's comments list by “原文已删除” (orphaned), decide on each, then mark it dealt with.",
    ),
    MessageSpec(
        "RV008",
        _I,
        "{count} 条网页批注所引的原文在第 {version} 稿中已改动",
        "{count} web comment(s) quote text that changed in round {version}",
        "表中“修改为”一栏是现在的文字；意见可能已经落实。",
        "The “new text” column shows the text as it reads now; the comment may already be met.",
    ),
    # Comparing versions (compile diff).
    MessageSpec(
        "DF001",
        _E,
        "还没有记录任何草稿，无法比较",
        "no draft round has been recorded yet: nothing to compare with",
        "先运行 compile edition {year} --draft 记录一稿，或用 --against-edition 与上一年版比较。",
        "Run compile edition {year} --draft to record a round first, or compare with --against-edition.",
    ),
    MessageSpec(
        "DF002",
        _E,
        "找不到第 {version} 稿（已有：{rounds}）",
        "there is no round {version} (recorded: {rounds})",
        "用已有的稿次，例如 --against {latest}。",
        "Use a recorded round, e.g. --against {latest}.",
    ),
    MessageSpec(
        "DF003",
        _E,
        "第 {version} 稿的快照无法读取（可能由旧版工具记录）",
        "the snapshot of round {version} cannot be read (recorded by an older toolkit?)",
        "重新生成该稿：compile edition {year} --draft --draft-version {version}。",
        "Record the round again: compile edition {year} --draft --draft-version {version}.",
    ),
    # The machine.
    MessageSpec(
        "EN001",
        _E,
        "缺少字体“{font}”",
        "the font “{font}” is not installed",
        "运行 make setup 安装 fonts-noto-cjk，或在 edition.toml 的 [theme] 中改用已安装的字体。",
        "Run make setup to install fonts-noto-cjk, or choose an installed font in [theme] of edition.toml.",
    ),
    MessageSpec(
        "EN002",
        _W,
        "未找到 HarfBuzz 子集化库（libharfbuzz-subset0），字体子集化将慢很多",
        "HarfBuzz subsetting (libharfbuzz-subset0) is missing: font subsetting will be much slower",
        "运行 make setup 安装系统依赖。",
        "Run make setup to install the system packages.",
    ),
    MessageSpec(
        "EN003",
        _E,
        "排版进程意外退出，PDF 未生成",
        "a layout process stopped unexpectedly: the PDF was not made",
        "多半是内存不足。请关闭其他程序后重试，或用 --jobs 1 只开一个排版进程（占用内存最少）。",
        "Most often the machine ran out of memory. Close other programs and try again, or use --jobs 1 "
        "(one layout process, the least memory).",
    ),
    # The submission portal (compile portal).
    MessageSpec(
        "PO001",
        _E,
        "端口 {port} 已被占用，门户无法启动",
        "port {port} is already in use: the portal cannot start",
        "换一个端口（例如 --port {other}），或先停止占用该端口的程序。",
        "Choose another port (e.g. --port {other}), or stop the program using it.",
    ),
    MessageSpec(
        "PO002",
        _W,
        "门户监听 {host}，网络上的其他人可以访问它：必须放在 HTTPS（TLS）代理之后",
        "the portal listens on {host}: others on the network can reach it, so it must sit behind an HTTPS (TLS) proxy",
        "按 docs/architecture.md 中“Behind TLS”一段配置 nginx 或 Caddy，并设置 REPORT_PORTAL_TLS=1；"
        "不加 --host 时只有本机可以访问。",
        "Put nginx or Caddy in front as “Behind TLS” in docs/architecture.md shows and set REPORT_PORTAL_TLS=1; "
        "without --host only this machine can connect.",
    ),
    MessageSpec(
        "PO003",
        _E,
        "无法连接数据库 {database}：{reason}",
        "cannot reach the database {database}: {reason}",
        "检查 --database 或 DATABASE_URL（例如 postgresql://用户@主机/库名），以及数据库是否已启动。",
        "Check --database or DATABASE_URL (e.g. postgresql://user@host/name) and that the database is running.",
    ),
    MessageSpec(
        "PO004",
        _W,
        "门户的{process}意外退出（退出码 {code}），已重新启动",
        "the portal's {process} stopped unexpectedly (exit code {code}) and was started again",
        "中断的检查会自动重新排队；若反复出现，请查看上面的日志。",
        "Interrupted checks are queued again; if it keeps happening, read the log above.",
    ),
    MessageSpec(
        "PO005",
        _E,
        "找不到版本 {year}（{folder}）",
        "edition {year} not found ({folder})",
        "先用 compile new {year} --from 上一年 建立该版本，或检查 --root。",
        "Start it with compile new {year} --from LAST_YEAR first, or check --root.",
    ),
    MessageSpec(
        "PO006",
        _E,
        "用户名“{username}”不可用：{reason}",
        "the user name “{username}” cannot be used: {reason}",
        "换一个只含字母、数字和 @ . + - _ 的用户名。",
        "Choose a name of letters, digits and @ . + - _ only.",
    ),
    MessageSpec(
        "PO007",
        _E,
        "提交单位账号必须写明所属单位（--org 单位全称）",
        "a submitter's account needs its organisation (--org FULL NAME)",
        "例如：compile portal add-user {year} {username} --role submitter --org 某某协会",
        "For example: compile portal add-user {year} {username} --role submitter --org 某某协会",
    ),
    MessageSpec(
        "PO008",
        _E,
        "密码不符合要求：{reason}",
        "the password is not acceptable: {reason}",
        "请使用至少 10 个字符、不全是数字、不常见的密码。",
        "Use at least 10 characters, not all digits, not a common password.",
    ),
    MessageSpec(
        "PO009",
        _E,
        "无法在地址 {host} 上启动门户：{reason}",
        "cannot serve the portal on {host}: {reason}",
        "检查 --host：默认 127.0.0.1 只供本机访问；要让其他机器访问，请写本机网卡的地址，并放在 HTTPS 代理之后。",
        "Check --host: the default 127.0.0.1 serves this machine only; for others, give one of this machine's "
        "own addresses, behind an HTTPS proxy.",
    ),
    # Review in the portal (comments on the web draft).
    MessageSpec(
        "PO031",
        _E,
        "批注的格式不对：{reason}",
        "the annotation is not as expected: {reason}",
        "按 W3C Web Annotation 提交：body 为 TextualBody（value 是意见），target.source 为网页版中的页面路径，"
        "target.selector 含 TextQuoteSelector（exact、prefix、suffix）；"
        "回复的 motivation 为 replying，target 为所回复批注的 id。",
        "Send a W3C Web Annotation: body a TextualBody (value: the comment), target.source the page's path in the "
        "web edition, target.selector a TextQuoteSelector (exact, prefix, suffix); a reply has motivation "
        "replying and the comment's id as target.",
    ),
    MessageSpec(
        "PO032",
        _E,
        "第 {version} 稿中没有页面 {page}",
        "round {version} has no page {page}",
        "target.source 写网页版中的页面路径，例如 chapters/08-outlook.html。",
        "Give the page's path inside the web edition as target.source, e.g. chapters/08-outlook.html.",
    ),
    MessageSpec(
        "PO033",
        _E,
        "在 {page} 中找不到所引的文字“{exact}”",
        "the quoted text “{exact}” is not on {page}",
        "所引原文必须与该页正文一字不差（包括空格和标点）；请在页面上重新选择文字。",
        "The quote must be the page's text exactly (spaces and punctuation too); select the text on the page again.",
    ),
    MessageSpec(
        "PO034", _E, "批注内容不能为空", "the comment is empty", "写下意见后再保存。", "Write the comment, then save."
    ),
    MessageSpec(
        "PO035",
        _E,
        "批注太长（最多 {limit} 字）",
        "the comment is too long ({limit} characters at most)",
        "请分成几条批注。",
        "Split it into several comments.",
    ),
    MessageSpec(
        "PO036",
        _E,
        "只能修改或删除自己写的批注",
        "only the comment's author can change or delete it",
        "对别人的批注请用“回复”。",
        "Answer someone else's comment with a reply.",
    ),
    MessageSpec(
        "PO037",
        _E,
        "{year} 年版没有第 {version} 稿",
        "the {year} edition has no round {version}",
        "不写稿次即为最新一稿；编辑部用 compile edition {year} --draft 生成新稿。",
        "Leave the round out for the latest; the editors build a new one with compile edition {year} --draft.",
    ),
    MessageSpec(
        "PO038",
        _E,
        "{year} 年版还没有可审阅的稿次",
        "the {year} edition has no draft round to review yet",
        "编辑部用 compile edition {year} --draft 生成征求意见稿后，一分钟内即可在门户中审阅。",
        "Once the editors build a draft with compile edition {year} --draft, it can be reviewed in the portal "
        "within a minute.",
    ),
    MessageSpec(
        "PO039",
        _E,
        "只有编辑可以把批注标记为已处理",
        "only editors mark comments as dealt with",
        "审阅人可以回复，说明意见是否已经落实。",
        "Reviewers can reply to say whether the comment was met.",
    ),
    # The live preview (compile preview).
    MessageSpec(
        "PV001",
        _E,
        "端口 {port} 已被占用，预览无法启动",
        "port {port} is already in use: the preview cannot start",
        "换一个端口（例如 --port {other}），或用 --port 0 让系统选一个空闲端口。",
        "Choose another port (e.g. --port {other}), or --port 0 to let the system pick a free one.",
    ),
    MessageSpec(
        "PV002",
        _E,
        "无法在地址 {host} 上提供预览：{reason}",
        "cannot serve the preview on {host}: {reason}",
        "检查 --host：默认 127.0.0.1 只供本机访问；要让局域网访问，请写本机网卡的地址。",
        "Check --host: the default 127.0.0.1 serves this machine only; for the local network, "
        "give one of this machine's own addresses.",
    ),
    MessageSpec(
        "PV003",
        _W,
        "预览监听 {host}，网络上的其他人也能看到尚未发表的报告",
        "the preview listens on {host}: others on the network can read the unpublished report",
        "只在需要时使用 --host；不加 --host 时只有本机可以访问。",
        "Use --host only when needed; without it only this machine can connect.",
    ),
    MessageSpec(
        "PV004",
        _E,
        "预览页面生成失败（工具内部出错，不是您的输入问题），详细信息已写入 {log}",
        "the preview could not be made (an internal error, not a problem in your input); details are in {log}",
        "请把该文件发给维护者。修改并保存任一文件后预览会再试一次。",
        "Please send that file to the maintainers. The preview tries again when you save a file.",
    ),
]

_EDITORS_ONLY = {
    "CS005",
    "CS007",
    "CS012",
    "CS015",  # case folders, placing cases, deciding between duplicates
    "NR001",  # a cell reference is the editors' Markdown
    "TY001",
    "TY002",
    "TY003",
    "TY005",
    "TY008",
    "TY009",
    "TY010",
    "TY011",
    "TY012",  # compile check --fix does these
    "SB020",  # the toolkit's own failure
    "MF017",  # the editors' manifest
    "MF020",
    "MF021",  # the machine the editors build on
    "MD044",  # the editors print the address without its tracking parameters
    "PV001",
    "PV002",
    "PV003",
    "PV004",  # the editors' own preview server
    "PO001",
    "PO002",
    "PO003",
    "PO004",
    "PO005",
    "PO006",
    "PO007",
    "PO008",
    "PO009",  # the editors' own portal server
}
"""Codes that only the editors can act on (``audience="editors"``): never in a letter to a submitter."""
_SPECS = [replace(spec, audience="editors") if spec.code in _EDITORS_ONLY else spec for spec in _SPECS]

CATALOG: dict[str, MessageSpec] = {spec.code: spec for spec in _SPECS}
assert len(CATALOG) == len(_SPECS), "duplicate diagnostic code"


PHRASES: dict[str, Text] = {
    # Listing problems.
    "level_error": Text("错误（{count} 个）", "Errors ({count})"),
    "level_warning": Text("警告（{count} 个）", "Warnings ({count})"),
    "level_info": Text("说明（{count} 条）", "Notes ({count})"),
    "general": Text("（整个版本）", "(the edition as a whole)"),
    "hint": Text("提示：", "hint: "),
    "repeats": Text("另有 {count} 处同类问题（{code}）", "{count} more of the same ({code})"),
    "repeats_unfold": Text(
        "另有 {count} 处同类问题（{code}；加 {option} 全部列出）",
        "{count} more of the same ({code}; {option} lists them all)",
    ),
    "summary": Text(
        "发现 {errors} 个错误、{warnings} 个警告、{notices} 条说明",
        "{errors} error(s), {warnings} warning(s), {notices} note(s)",
    ),
    "summary_gaps": Text("；仍有 {gaps} 处待补充", "; {gaps} gap(s) still to fill"),
    "summary_listed": Text("（按筛选条件列出了其中 {listed} 条）", " ({listed} listed by the filters)"),
    "no_problems": Text("没有发现问题", "no problems found"),
    "fixed": Text("已自动改正 {count} 处。", "{count} correction(s) made."),
    "letters": Text(
        "已为 {count} 个提交单位生成修改意见函：{folder}",
        "Feedback letters for {count} submitting organisation(s): {folder}",
    ),
    # Building.
    "stage_read": Text("读取并检查版本文件……", "Reading and checking the edition…"),
    "stage_pdf": Text("排版 PDF……", "Typesetting the PDF…"),
    "stage_docx": Text("生成 DOCX……", "Writing the DOCX…"),
    "stage_html": Text("生成网页版并建立搜索索引……", "Writing the web edition and its search index…"),
    "stage_write": Text("写入文件……", "Writing files…"),
    "written": Text("已生成：", "Written:"),
    "pages": Text("PDF 共 {pages} 页", "the PDF has {pages} pages"),
    "round": Text(
        "已记录第 {version} 稿（{date}）：{folder}（之后可用 compile diff 查看改动）",
        "Recorded round {version} ({date}): {folder} (compile diff shows what changes next)",
    ),
    "cannot_write": Text("无法写入 {target}：{reason}", "cannot write to {target}: {reason}"),
    # Why a command stopped.
    "stopped": Text(
        "报告未生成，上一次生成的文件保持不变。", "No report was written; the previous files are untouched."
    ),
    "stopped_strict": Text(
        "报告未生成（--strict：警告也会中止生成），上一次生成的文件保持不变。",
        "No report was written (--strict: warnings stop the build too); the previous files are untouched.",
    ),
    "machine": Text("本机缺少生成报告所需的组件：", "This machine lacks what the build needs:"),
    "bug": Text(
        "工具内部出错（这不是您的输入问题）。详细信息已写入 {log}，请把该文件发给维护者。",
        "Internal error in the toolkit (not a problem in your input). Details are in {log}; "
        "please send it to the maintainers.",
    ),
    "aborted": Text("已中止。", "Aborted."),
    "interrupted": Text("已中止，未写入任何文件。", "Interrupted: no file was written."),
    # Case submissions.
    "outcome_added": Text("新增", "added"),
    "outcome_updated": Text("更新", "updated"),
    "outcome_unchanged": Text("未变", "unchanged"),
    "outcome_rejected": Text("退回", "rejected"),
    "outcome_failed": Text("出错", "failed"),
    "replaces": Text("（替换此前的 {file}）", " (replaces {file})"),
    "not_read": Text("（未读入，原因见下）", " (not read: see the problems below)"),
    "submission_ref": Text("登记号 {ref}", "ref {ref}"),
    "submission_version": Text("第 {version} 稿", "version {version}"),
    "placements": Text("下一步：{count} 个案例尚未放入章节", "Next: {count} case(s) await a place"),
    "place_in_section": Text("在 {file} 的“{section}”一节加上：", "in {file}, section “{section}”, add:"),
    "place_in_chapter": Text("在 {file} 中加上：", "in {file}, add:"),
    "place_anywhere": Text(
        "在合适的章节中加上（提交单位没有选择章节）：", "in the right chapter (none was chosen), add:"
    ),
    "placements_more": Text(
        "另有 {count} 个案例尚未放入章节（compile check 可列出全部，代码 CS007）",
        "{count} more case(s) await a place (compile check YEAR lists them all, code CS007)",
    ),
    "register_columns": Text(
        "登记号|编号|标题|提交单位|类型|章节|目标|状态|稿次|收到日期",
        "ref|id|title|organisation|kind|section|SDGs|status|versions|received",
    ),
    "register_total": Text("共 {count} 份提交", "{count} submission(s)"),
    "register_superseded": Text(
        "（另有 {count} 份旧稿已被修改稿取代，记在各条的 history 中）",
        " ({count} earlier version(s) replaced by resubmissions, kept in each entry's history)",
    ),
    "by_status": Text("按状态", "by status"),
    "by_section": Text("按章节", "by section"),
    "by_kind": Text("按单位类型", "by kind"),
    "by_sdg": Text("按可持续发展目标", "by SDG"),
    "sdg": Text("目标 {number}", "SDG {number}"),
    # the statuses of the submissions register, in its order (toolkit/submissions/register.py: STATUSES)
    "status_received": Text("已收到", "received"),
    "status_needs-changes": Text("待修改", "needs-changes"),
    "status_accepted": Text("已采用", "accepted"),
    "status_withdrawn": Text("已撤回", "withdrawn"),
    # Drafts and comparisons.
    "comparing": Text("比较两个版本……", "Comparing the two versions…"),
    "compared": Text("{new} 对比 {old}：", "{new} against {old}:"),
    "compared_text": Text(
        "  文字：{chapters} 章有改动，修改 {changed} 段，新增 {added} 段，删除 {removed} 段",
        "  text: {chapters} chapter(s) changed; {changed} paragraph(s) edited, {added} added, {removed} removed",
    ),
    "compared_cases": Text("  案例：新增 {added} 个，删除 {removed} 个", "  cases: {added} added, {removed} removed"),
    "compared_numbers": Text("  数值：{count} 处变化", "  numbers: {count} change(s)"),
    "compared_chapter": Text(
        "    {title}：修改 {changed}，新增 {added}，删除 {removed}",
        "    {title}: {changed} edited, {added} added, {removed} removed",
    ),
    # A new edition.
    "new_made": Text("已从 {source} 年版创建 {year} 年版：{folder}", "Edition {year} created from {source}: {folder}"),
    "new_chapters": Text(
        "  {count} 章沿用 {source} 年版文字，已标记 carried_from，待逐章更新",
        "  {count} chapter(s) carry the {source} text, marked carried_from, to be updated",
    ),
    "new_tables": Text(
        "  {count} 个数据表新增待补充的年份：{tables}", "  {count} table(s) await a new year's data: {tables}"
    ),
    "new_cases": Text(
        "  {count} 处案例位置待征集（::: wanted 案例）", "  {count} case slot(s) to fill (::: wanted 案例)"
    ),
    "new_template": Text("  案例征集模板：{path}", "  case template: {path}"),
    "new_next": Text(
        "下一步：compile edition {year} --draft 生成标出待补充内容的草稿；compile check {year} 列出全部待办。",
        "Next: compile edition {year} --draft for a draft that marks what is missing; compile check {year} lists it.",
    ),
    # A reviewer's remarks.
    "remark_kind_comment": Text("批注", "comment"),
    "remark_kind_insertion": Text("插入", "insertion"),
    "remark_kind_deletion": Text("删除", "deletion"),
    "remark_kind_replacement": Text("替换", "replacement"),
    "remark_columns": Text("序号|类型|审阅人|日期|源文件位置|内容", "#|kind|reviewer|date|source|remark"),
    "remark_total": Text(
        "共 {count} 条意见：批注 {comments} 条，修订 {changes} 处",
        "{count} remark(s): {comments} comment(s), {changes} tracked change(s)",
    ),
    "remark_csv": Text(
        "已写出意见表（可在 Excel 中按文件和行排序）：{path}",
        "Remarks written as CSV (sort by file and line in a spreadsheet): {path}",
    ),
    "reply": Text("回复第 {number} 条：", "reply to #{number}: "),
    "resolved": Text("（已解决）", " (resolved)"),
    "comments_what": Text(
        "请给出审阅人返回的 DOCX，或加 --portal 列出门户中的网页批注（也可以两者都给）",
        "give the reviewed DOCX, or --portal for the web comments in the portal (or both)",
    ),
    # The live preview (compile preview).
    "preview_serving": Text(
        "预览：{url}（保存文件后页面自动更新；按 Ctrl+C 停止）",
        "Preview: {url} (pages update when you save a file; Ctrl+C stops)",
    ),
    "preview_updated": Text("已更新（{seconds} 秒）", "updated ({seconds} s)"),
    "preview_broken": Text(
        "版本无法读取：页面显示错误说明，改正后保存即可恢复",
        "the edition cannot be read: the page shows why; save a fix to recover",
    ),
    "preview_stopped": Text("预览已停止。", "Preview stopped."),
    # The submission portal (compile portal).
    "portal_serving": Text(
        "案例征集门户已启动：{url}（按 Ctrl+C 停止）", "The submission portal is at {url} (Ctrl+C stops it)"
    ),
    "portal_database": Text("数据保存在：{database}", "Its data is kept in {database}"),
    "portal_stopped": Text("门户已停止，所有进程均已退出。", "The portal stopped; all its processes have ended."),
    "portal_user_added": Text("已添加用户 {username}（{role}）。", "User {username} added ({role})."),
    "portal_user_updated": Text("已更新用户 {username}（{role}）。", "User {username} updated ({role})."),
    "portal_invitation": Text(
        "请把下面的链接发给该用户，用于设置密码（7 天内有效，只能使用一次）：",
        "Send this link to the user to set a password (valid 7 days, usable once):",
    ),
    "preview_broken_title": Text("版本无法读取", "The edition cannot be read"),
    "preview_broken_text": Text(
        "改正下列问题并保存，页面会自动恢复。", "Fix these problems and save: the page recovers by itself."
    ),
    "preview_failed_title": Text("预览页面生成失败", "The preview could not be made"),
    "preview_problems": Text("检查发现的问题", "Problems found by the checks"),
    "preview_more": Text(
        "另有 {count} 条未列出（compile check 可列出全部）", "{count} more not listed (compile check lists them all)"
    ),
    "preview_show": Text("显示", "show"),
    "preview_hide": Text("收起", "hide"),
    "preview_source": Text("源文件位置（点击复制）", "source (click to copy)"),
    "preview_copied": Text("已复制", "copied"),
    "preview_missing": Text("没有这个页面", "There is no such page"),
    "preview_home": Text("回到首页", "Back to the first page"),
}
"""The interface's fixed phrases (not diagnostics): what the console says around the problems it lists."""


def phrase(key: str, lang: Language, **values: Any) -> str:
    """The fixed phrase ``key`` in ``lang``, its values filled in as in a diagnostic's message."""
    return _fill(PHRASES[key].pick(lang), values, lang)


def phrase_text(key: str, **values: Any) -> Text:
    """The fixed phrase ``key`` in both languages, for a message told later
    (an :class:`~toolkit.errors.OutputError`)."""
    return Text(phrase(key, "zh", **values), phrase(key, "en", **values))


PHRASES.update(
    {
        # The words of a diagnostic's place and weight (toolkit/diagnostics.py).
        "severity_error": Text("错误", "error"),
        "severity_warning": Text("警告", "warning"),
        "severity_info": Text("说明", "note"),
        "at_row": Text("第 {row} 行", "row {row}"),
        "at_column": Text("“{column}”列", "column “{column}”"),
        "at_field": Text("字段“{field}”", "field “{field}”"),
        # The columns of a reviewer's remarks as CSV (toolkit/review/trace.py), and its “yes”.
        "remark_csv_headings": Text(
            "序号|类型|审阅人|日期|源文件|行|列|原文|修改为|批注|回复|已解决|所在段落|来源|定位",
            "number|kind|reviewer|date|file|line|column|text|new text|comment|reply to|resolved|"
            "paragraph|origin|anchor",
        ),
        "remark_origin_word": Text("Word 审阅稿", "Word"),
        "remark_origin_web": Text("网页", "web"),
        "anchor_state_kept": Text("原处", "kept"),
        "anchor_state_moved": Text("已移动", "moved"),
        "anchor_state_changed": Text("原文已改动", "text changed"),
        "anchor_state_orphaned": Text("原文已删除", "orphaned"),
        "yes": Text("是", "yes"),
        # Versions compared (toolkit/review/compare.py, toolkit/drafts.py, the model's Draft).
        "edition_of_year": Text("{year} 年版", "the {year} edition"),
        "edition_now": Text("{year} 年版当前稿", "the {year} edition now"),
        "round_label": Text("第 {version} 稿（{date}）", "round {version} ({date})"),
        "draft_label": Text("征求意见稿（第 {version} 稿，{date}）", "review draft (round {version}, {date})"),
        "redline_against_edition": Text("修订对照-{year}-对比{other}年版", "redline-{year}-against-{other}"),
        "redline_against_round": Text("修订对照-{year}-对比第{version}稿", "redline-{year}-against-round-{version}"),
        # The submissions register's counts (toolkit/submissions/register.py) and ingestion's places.
        "unspecified": Text("（未指定）", "(not given)"),
        "unknown_kind": Text("（未知）", "(unknown)"),
        "outside_form": Text("表格之外", "outside the form"),
        "format_bold": Text("粗体", "bold"),
        "format_italic": Text("斜体", "italic"),
        "format_underline": Text("下划线", "underline"),
        "format_strike": Text("删除线", "strikethrough"),
        "format_superscript": Text("上标", "superscript"),
        "format_subscript": Text("下标", "subscript"),
        "format_highlight": Text("突出显示", "highlighting"),
        "scripts_read_as_text": Text(
            "上标、下标已按普通文字读入（如 m³ 读作 m3），请核对；单位请直接输入 m³、CO₂ 这样的字符。",
            " Superscripts and subscripts were read as plain text (m³ as m3): check them, "
            "and type characters such as m³ and CO₂ instead.",
        ),
        "ref_unknown": Text("不是本版登记过的登记号", "is not a number registered in this edition"),
        "ref_other_organisation": Text("登记的是另一单位的提交", "belongs to another organisation's submission"),
        "treated_as_new": Text("新提交", "a new submission"),
        "treated_by_title": Text(
            "同一案例的修改稿（按单位和标题或文件名对应）",
            "a revision of the same case (matched by organisation and title or file name)",
        ),
    }
)

# --- the case template's fields --------------------------------------------------------------------

CASE_FIELDS: dict[str, Text] = {
    "ref": Text("登记号", "registration number"),
    "title": Text("案例标题", "title"),
    "organisation": Text("提交单位", "submitting organisation"),
    "organisation_kind": Text("单位类型", "kind of organisation"),
    "section": Text("所属章节", "section"),
    "sdgs": Text("可持续发展目标", "SDGs"),
    "body": Text("案例正文", "case text"),
    "photos": Text("照片", "photos"),
    "photos[]": Text("照片{number}", "photo {number_en}"),
    "photos.src": Text("照片{number}", "photo {number_en}"),
    "photos.caption": Text("照片{number}图注", "photo {number_en} caption"),
    "photos.credit": Text("照片{number}来源", "photo {number_en} credit"),
    "quote": Text("引语", "quote"),
    "quote.text": Text("引语内容", "quoted words"),
    "quote.speaker": Text("讲话人", "speaker"),
    "quote.role": Text("讲话人职务", "speaker's role"),
    "quote.organisation": Text("讲话人单位", "speaker's organisation"),
    "sources": Text("数据来源", "data sources"),
    "as_of": Text("数据截至日期", "figures as of"),
    "contact": Text("联系人", "contact"),
    "contact.name": Text("联系人", "contact person"),
    "contact.phone": Text("联系电话", "telephone"),
    "contact.email": Text("电子邮箱", "e-mail"),
    "consent": Text("同意发表", "consent to publish"),
    "provenance": Text("来源记录", "provenance"),
}
"""The one list of a case's fields (keys as in ``case.md``'s front matter, nested ones dotted, ``[]`` an
entry of a list; ``ref`` is the form's 登记号, kept in the register) and what
the case template calls each: the template's rows, ingestion, the case reader's messages, a
diagnostic's location and the feedback letters all name a field this way."""

_NUMERALS = "一二三四五六七八九十"


def numeral(number: int) -> Text:
    """A count as the case template writes it: 一 … 十 in Chinese (then digits), digits in English."""
    return Text(_NUMERALS[number - 1] if 1 <= number <= len(_NUMERALS) else str(number), str(number))


def case_field_label(loc: tuple[str | int, ...] | str) -> Text:
    """What the case template calls the field at ``loc`` (``("photos", 0, "caption")`` or
    ``"photos.0.caption"``): 照片一图注; a part it does not know is named after its owner (引语的 foo)."""
    parts: tuple[str | int, ...] = (
        tuple(int(p) if p.isdigit() else p for p in loc.split(".")) if isinstance(loc, str) else loc
    )
    keys = [str(p) for p in parts if not isinstance(p, int)]
    index = next((p for p in parts if isinstance(p, int)), None)
    number = numeral(index + 1) if index is not None else Text("", "")
    for known in range(len(keys), 0, -1):
        label = CASE_FIELDS.get(".".join(keys[:known]))
        if label is None:
            continue
        zh = _fill(label.zh, {"number": number.zh}, "zh")
        en = _fill(label.en, {"number_en": number.en}, "en")
        if known == 1 and index is not None:  # an entry of a list: 照片一, 可持续发展目标第 2 项
            entry = CASE_FIELDS.get(f"{keys[0]}[]")
            zh, en = (
                (_fill(entry.zh, {"number": number.zh}, "zh"), _fill(entry.en, {"number_en": number.en}, "en"))
                if entry
                else (f"{zh}第 {index + 1} 项", f"{en} #{index + 1}")
            )
        rest = keys[known:]
        return Text("".join([zh, *(f"的{part}" for part in rest)]), "".join([en, *(f": {part}" for part in rest)]))
    dotted = ".".join(str(p) for p in parts)
    return Text(dotted, dotted)


def catalog_markdown() -> str:
    """The code table published as ``docs/diagnostics.md``: code, severity, audience, message and hint, in
    Chinese and English (``python -m toolkit.docs`` writes it with the other generated pages)."""
    lines = [
        "<!-- Generated by `python -m toolkit.docs` from `toolkit/messages.py`: do not edit; edit the source and "
        "run it again. -->",
        "",
        "# Diagnostic codes",
        "",
        "Every problem the toolkit reports has one of these codes. “editors”: for the editors alone, feedback",
        "letters to submitters leave it out; “all”: submitters hear of it too. A gap is something still",
        "missing from the report (a placeholder prints in its place): `check` counts gaps apart.",
        "",
        "| code | severity | for | message (zh) | message (en) | hint (zh) | hint (en) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for spec in _SPECS:
        severity = f"{spec.severity}, gap" if spec.gap else spec.severity
        cells = [spec.zh, spec.en, spec.hint_zh, spec.hint_en]
        text = " | ".join(" ".join(cell.split()).replace("|", "\\|") for cell in cells)
        lines.append(f"| {spec.code} | {severity} | {spec.audience} | {text} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(catalog_markdown(), end="")
