"""The message catalog: one entry per diagnostic code, in Chinese and English.

Codes are stable: tools, tests and editors' notes refer to them, so a code is
never reused for another problem. The prefix names the kind of input:

- ``ED`` the edition folder as a whole
- ``MF`` the manifest ``edition.toml``
- ``MD`` chapter Markdown files
- ``TB`` data tables and their schemas
- ``CS`` case submissions
- ``IM`` images
- ``EN`` the machine the toolkit runs on (fonts, system libraries)

``docs/diagnostics.md`` is generated from this table (``python -m toolkit.messages``)
and a test keeps the two in step.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Language = Literal["zh", "en"]


@dataclass(frozen=True)
class MessageSpec:
    """The wording of one diagnostic code."""

    code: str
    severity: Literal["error", "warning", "info"]
    zh: str
    en: str
    hint_zh: str = ""
    hint_en: str = ""

    def message(self, lang: Language, args: dict[str, Any]) -> str:
        """The message with its values filled in."""
        return _fill(self.zh if lang == "zh" else self.en, args, lang)

    def hint_text(self, lang: Language, args: dict[str, Any]) -> str:
        """The hint with its values filled in."""
        return _fill(self.hint_zh if lang == "zh" else self.hint_en, args, lang)


@dataclass(frozen=True)
class Text:
    """A message value that itself depends on the language (a reason, a hint)."""

    zh: str
    en: str

    def pick(self, lang: Language) -> str:
        """The wording for ``lang``."""
        return self.zh if lang == "zh" else self.en


class _Values(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return ""


def _fill(template: str, args: dict[str, Any], lang: Language) -> str:
    # Only our own templates are formatted; values from inputs are inserted as data.
    values = _Values({k: v.pick(lang) if isinstance(v, Text) else v for k, v in args.items()})
    return template.format_map(values)


_E, _W, _I = "error", "warning", "info"

_SPECS: list[MessageSpec] = [
    # The edition folder.
    MessageSpec("ED001", _E, "找不到版本文件夹 {path}", "edition folder {path} does not exist",
                "检查年份，或用 --root 指定包含 editions/ 的项目目录。",
                "Check the year, or point --root at the folder that holds editions/."),
    MessageSpec("ED002", _E, "版本文件夹中没有清单文件 edition.toml", "the edition folder has no edition.toml manifest",
                "每个版本文件夹都需要一个 edition.toml，参见 README 中的示例。",
                "Every edition folder needs an edition.toml; see the example in the README."),
    MessageSpec("ED003", _E, "无法读取文件：{reason}", "cannot read the file: {reason}",
                "检查文件是否存在、是否有读取权限。", "Check that the file exists and is readable."),
    MessageSpec("ED004", _E, "文件不是 UTF-8 编码（第 {byte} 字节处无法解码）",
                "the file is not UTF-8 (cannot decode at byte {byte})",
                "请用 UTF-8 编码另存该文件。", "Save the file as UTF-8."),
    # The manifest.
    MessageSpec("MF001", _E, "清单的 TOML 语法错误：{reason}", "TOML syntax error in the manifest: {reason}",
                "检查引号、等号和方括号是否成对。", "Check quotes, equals signs and brackets."),
    MessageSpec("MF002", _E, "清单中有未知的设置项“{key}”", "unknown setting “{key}” in the manifest",
                "{suggestion}", "{suggestion}"),
    MessageSpec("MF003", _E, "清单缺少必填项“{key}”", "the manifest lacks the required setting “{key}”",
                "在 edition.toml 中加上 {key} = ...。", "Add {key} = ... to edition.toml."),
    MessageSpec("MF004", _E, "清单设置项“{key}”的值无效：{reason}", "invalid value for “{key}” in the manifest: {reason}",
                "{expected}", "{expected}"),
    MessageSpec("MF005", _E, "清单列出的章节文件不存在：{file}", "the manifest lists a chapter file that does not exist: {file}",
                "检查文件名拼写，或把文件放到 chapters/ 下。", "Check the spelling, or put the file under chapters/."),
    MessageSpec("MF006", _E, "章节文件 {file} 在清单中重复出现", "chapter file {file} is listed twice in the manifest",
                "每个章节只列一次。", "List each chapter once."),
    MessageSpec("MF007", _W, "章节文件 {file} 没有列入清单，不会出现在报告中",
                "chapter file {file} is not listed in the manifest and will not appear in the report",
                "把它加入 edition.toml 的 chapters 列表，或移出 chapters/ 文件夹。",
                "Add it to the chapters list in edition.toml, or move it out of chapters/."),
    MessageSpec("MF008", _E, "清单中的年份 {year} 与文件夹名 {folder} 不一致",
                "the manifest's year {year} does not match the folder name {folder}",
                "改正 edition.toml 中的 year 或文件夹名。", "Fix year in edition.toml or the folder name."),
    MessageSpec("MF009", _E, "清单没有列出任何章节", "the manifest lists no chapters",
                "在 edition.toml 中写 chapters = [\"chapters/01-xxx.md\", ...]。",
                "Write chapters = [\"chapters/01-xxx.md\", ...] in edition.toml."),
    # Chapter Markdown.
    MessageSpec("MD001", _E, "文件头（front matter）的 YAML 语法错误：{reason}",
                "YAML syntax error in the front matter: {reason}",
                "文件头写成“键: 值”，每行一项，用 --- 行包围。",
                "Write the front matter as “key: value” lines between --- lines."),
    MessageSpec("MD002", _E, "文件头中有未知的设置项“{key}”", "unknown front matter key “{key}”",
                "{suggestion}", "{suggestion}"),
    MessageSpec("MD003", _E, "文件头设置项“{key}”的值无效：{reason}", "invalid front matter value for “{key}”: {reason}",
                "{expected}", "{expected}"),
    MessageSpec("MD004", _E, "章节缺少标题（文件头中的 title）", "the chapter has no title (title in the front matter)",
                "在文件开头加上：\n---\ntitle: 章节标题\n---", "Start the file with:\n---\ntitle: Chapter title\n---"),
    MessageSpec("MD005", _E, "未知的指令“{name}”", "unknown directive “{name}”",
                "{suggestion}", "{suggestion}"),
    MessageSpec("MD006", _E, "指令“{name}”没有结束标记 :::", "directive “{name}” is not closed with :::",
                "在该指令内容的末尾单独写一行 :::。", "Close the directive with a line holding only :::."),
    MessageSpec("MD007", _E, "指令“{name}”缺少必填字段“{key}”", "directive “{name}” lacks the required field “{key}”",
                "在指令的第一行下面写“{key}: ...”。", "Write “{key}: ...” right under the directive's first line."),
    MessageSpec("MD008", _E, "指令“{name}”中有未知字段“{key}”", "unknown field “{key}” in directive “{name}”",
                "{suggestion}", "{suggestion}"),
    MessageSpec("MD009", _E, "指令“{name}”的字段“{key}”无效：{reason}", "invalid field “{key}” in directive “{name}”: {reason}",
                "{expected}", "{expected}"),
    MessageSpec("MD010", _E, "正文中不能使用一级标题（#），章节标题写在文件头的 title 中",
                "a level-1 heading (#) is not allowed in the body; the chapter title goes in the front matter",
                "把“# 标题”改为“## 标题”（节标题），或把它写到文件头的 title 中。",
                "Use “## Title” for a section, or put the title in the front matter."),
    MessageSpec("MD011", _E, "标题层级过深（{level} 级），最多使用四级标题（####）",
                "heading level {level} is too deep; use at most four levels (####)",
                "减少 # 的数量。", "Use fewer # signs."),
    MessageSpec("MD012", _E, "Markdown 图片语法不可用，请使用 figure 指令",
                "Markdown image syntax is not supported; use the figure directive",
                "写成：\n::: figure\nsrc: images/照片.jpg\ncaption: 图片说明\n:::",
                "Write:\n::: figure\nsrc: images/photo.jpg\ncaption: Caption\n:::"),
    MessageSpec("MD013", _W, "文中含有 HTML 代码，将按原样显示为文字", "raw HTML in the text will be shown as plain text",
                "报告中不使用 HTML；请删除，或改用指令。", "The report takes no HTML; delete it or use a directive."),
    MessageSpec("MD014", _E, "引用了不存在的数据表“{table}”", "reference to a data table “{table}” that does not exist",
                "{suggestion}", "{suggestion}"),
    MessageSpec("MD015", _E, "编号“{id}”重复，已在 {other} 使用", "id “{id}” is used twice; first used at {other}",
                "每个编号在整个版本中只能使用一次。", "Each id must be unique across the edition."),
    MessageSpec("MD016", _E, "Markdown 表格语法不可用，请把数据放到 data/ 中并用 table 指令引用",
                "Markdown table syntax is not supported; put the data under data/ and use the table directive",
                "把表格保存为 data/表名.csv，写好 data/表名.toml，然后写：\n::: table 表名\n:::",
                "Save the table as data/name.csv with data/name.toml, then write:\n::: table name\n:::"),
    MessageSpec("MD017", _E, "“{name}”不能放在“{parent}”里面", "“{name}” cannot be placed inside “{parent}”",
                "“{parent}”里只能放：{allowed}。", "“{parent}” holds only: {allowed}."),
    MessageSpec("MD018", _E, "指令“{name}”需要写明{what}", "directive “{name}” needs its {what_en}",
                "写成“::: {name} {example}”。", "Write “::: {name} {example}”."),
    MessageSpec("MD019", _E, "指令“{name}”没有内容", "directive “{name}” has no content",
                "在字段下面空一行，写上正文。", "Leave an empty line under the fields and write the text."),
    MessageSpec("MD020", _W, "指令“{name}”不需要参数，“{arg}”将被忽略", "directive “{name}” takes no argument; “{arg}” is ignored",
                "把参数删去，或改写成字段（键: 值）。", "Delete it, or write it as a field (key: value)."),
    MessageSpec("MD021", _W, "指令“{name}”不接受正文，其中的内容将被忽略",
                "directive “{name}” takes no text; what is inside is ignored",
                "把内容移到指令外面。", "Move the text out of the directive."),
    MessageSpec("MD022", _E, "引用了不存在的案例“{case}”", "reference to a case “{case}” that does not exist",
                "{suggestion}", "{suggestion}"),
    MessageSpec("MD023", _E, "案例“{case}”在报告中出现了两次（另一处在 {other}）",
                "case “{case}” is placed twice in the report (also at {other})",
                "每个案例只放一处。", "Place each case once."),
    MessageSpec("MD024", _E, "单元格引用 {ref} 无效：{reason}", "cell reference {ref} is invalid: {reason}",
                "{suggestion}", "{suggestion}"),
    MessageSpec("MD025", _E, "图表“{chart}”的列“{column}”{reason}", "column “{column}” of chart “{chart}” {reason_en}",
                "{suggestion}", "{suggestion}"),
    MessageSpec("MD026", _W, "二维码缺少链接（url），报告中将显示占位框",
                "the QR code has no url; a placeholder square is printed",
                "写上“url: https://...”。", "Write “url: https://...”."),
    MessageSpec("MD027", _W, "致谢（thanks）只应出现在序言中", "thanks belong in the preface",
                "把它移到序言，或改为普通段落。", "Move it to the preface, or make it ordinary text."),
    MessageSpec("MD029", _E, "指令“{name}”只能放在“{allowed}”里面", "directive “{name}” belongs inside “{allowed}”",
                "把它移进一个“::: {allowed}”中。", "Move it into a “::: {allowed}”."),
    MessageSpec("MD028", _W, "数据表“{table}”没有数据行，报告中将显示占位框", "table “{table}” has no data rows; a placeholder is printed",
                "在数据文件中补上数据，或删去这个{what}。", "Fill in the data, or remove this {what_en}."),
    # Data tables.
    MessageSpec("TB001", _E, "数据文件 {file} 没有对应的表结构文件 {schema}",
                "data file {file} has no schema file {schema}",
                "为每个数据表写一个同名的 .toml 文件，说明标题、单位、来源和各列类型。",
                "Write a .toml file of the same name giving the title, units, source and column types."),
    MessageSpec("TB002", _E, "表结构文件的 TOML 语法错误：{reason}", "TOML syntax error in the table schema: {reason}",
                "检查引号、等号和方括号是否成对。", "Check quotes, equals signs and brackets."),
    MessageSpec("TB003", _E, "表结构中“{key}”无效：{reason}", "invalid “{key}” in the table schema: {reason}",
                "{expected}", "{expected}"),
    MessageSpec("TB004", _E, "无法读取数据文件：{reason}", "cannot read the data file: {reason}",
                "用 Excel 另存为“CSV UTF-8”或 .xlsx 格式。", "Save it from Excel as “CSV UTF-8” or .xlsx."),
    MessageSpec("TB005", _E, "表头缺少表结构中定义的列“{column}”", "the header lacks the column “{column}” defined in the schema",
                "表头应为：{expected}", "The header should be: {expected}"),
    MessageSpec("TB006", _E, "表头中的列“{column}”没有在表结构中定义", "column “{column}” in the header is not defined in the schema",
                "在表结构的 [[columns]] 中加入该列，或改正列名。", "Add it to [[columns]] in the schema, or fix its name."),
    MessageSpec("TB007", _E, "单元格“{value}”不是{type_name}", "cell “{value}” is not {type_name}",
                "{expected}", "{expected}"),
    MessageSpec("TB008", _E, "表结构 {schema} 没有对应的数据文件", "table schema {schema} has no data file",
                "把数据保存为同名的 .csv 或 .xlsx 文件。", "Save the data as a .csv or .xlsx file of the same name."),
    MessageSpec("TB009", _E, "同一个表“{table}”有多个数据文件：{files}", "table “{table}” has several data files: {files}",
                "只保留一个（.csv 或 .xlsx）。", "Keep only one (.csv or .xlsx)."),
    # Cases.
    MessageSpec("CS001", _E, "案例文件头的 YAML 语法错误：{reason}", "YAML syntax error in the case's front matter: {reason}",
                "文件头写成“键: 值”，每行一项，用 --- 行包围。",
                "Write the front matter as “key: value” lines between --- lines."),
    MessageSpec("CS002", _E, "案例中有未知的字段“{key}”", "unknown field “{key}” in the case", "{suggestion}", "{suggestion}"),
    MessageSpec("CS003", _E, "案例字段“{key}”无效：{reason}", "invalid case field “{key}”: {reason}",
                "{expected}", "{expected}"),
    MessageSpec("CS004", _E, "案例缺少必填字段“{key}”", "the case lacks the required field “{key}”",
                "在文件头中写上“{key}: ...”。", "Write “{key}: ...” in the front matter."),
    MessageSpec("CS005", _E, "案例文件夹 {folder} 中没有 case.md", "case folder {folder} has no case.md",
                "每个案例文件夹需要一个 case.md。", "Each case folder needs a case.md."),
    MessageSpec("CS006", _E, "案例没有正文", "the case has no text",
                "在文件头下面写上案例正文。", "Write the case's text under the front matter."),
    MessageSpec("CS007", _W, "案例“{case}”没有放进任何章节", "case “{case}” is not placed in any chapter",
                "在相应章节写上“::: case {case}”和“:::”两行，或撤下该案例。",
                "Place it with “::: case {case}” and “:::” in a chapter, or withdraw it."),
    # Images.
    MessageSpec("IM001", _W, "图片文件不存在：{file}；报告中将显示占位框",
                "image file not found: {file}; a placeholder frame is shown instead",
                "把图片放到 images/ 中，或改正 src。", "Put the image under images/, or fix src."),
    MessageSpec("IM002", _E, "无法读取图片 {file}：{reason}", "cannot read image {file}: {reason}",
                "请提供 JPEG 或 PNG 格式的图片。", "Provide the image as JPEG or PNG."),
    MessageSpec("IM003", _E, "图片路径 {file} 指向版本文件夹之外", "image path {file} points outside the edition folder",
                "图片必须放在版本文件夹内（通常是 images/）。", "Images must live inside the edition folder (usually images/)."),
    # The machine.
    MessageSpec("EN001", _E, "缺少字体“{font}”", "the font “{font}” is not installed",
                "运行 make setup 安装 fonts-noto-cjk，或在 edition.toml 的 [theme] 中改用已安装的字体。",
                "Run make setup to install fonts-noto-cjk, or choose an installed font in [theme] of edition.toml."),
    MessageSpec("EN002", _W, "未找到 HarfBuzz 子集化库（libharfbuzz-subset0），字体子集化将慢很多",
                "HarfBuzz subsetting (libharfbuzz-subset0) is missing: font subsetting will be much slower",
                "运行 make setup 安装系统依赖。", "Run make setup to install the system packages."),
]

CATALOG: dict[str, MessageSpec] = {spec.code: spec for spec in _SPECS}
assert len(CATALOG) == len(_SPECS), "duplicate diagnostic code"


def catalog_markdown() -> str:
    """The code table published as ``docs/diagnostics.md``."""
    lines = [
        "# Diagnostic codes",
        "",
        "Generated from `toolkit/messages.py` by `python -m toolkit.messages > docs/diagnostics.md`.",
        "",
        "| code | severity | message (zh) | message (en) |",
        "| --- | --- | --- | --- |",
    ]
    for spec in _SPECS:
        zh = spec.zh.replace("|", "\\|")
        en = spec.en.replace("|", "\\|")
        lines.append(f"| {spec.code} | {spec.severity} | {zh} | {en} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(catalog_markdown(), end="")
