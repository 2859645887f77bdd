"""Word documents nobody here wrote, ingested as case submissions: never a crash, never a lost file.

``tests/corpus/docx`` holds a sample of other projects' test files
(``tests/corpus/docx/ORIGINS.tsv``: Apache POI and docx4j under Apache-2.0,
python-docx and docx2python MIT, mammoth.js BSD-2-Clause) covering every failure class met on
the full corpus: encrypted packages, an old Word file named .docm, a main part
that is not ``word/document.xml``, a theme package, truncated and fuzzed zips,
XML entities, EMF/WMF/GIF/JPEG XR/SVG pictures, text boxes, content controls,
comments, tracked changes, a 16,000-paragraph document. Strict OOXML files are
generated (a filled template and a sample document in the Strict namespaces).

Each file goes through ``compile ingest`` on its own, and again with a filled
form put into it, and all of them once as one batch: exit 0 or 1, the file
named, no traceback, inputs unchanged, the register in step with ``cases/``,
bounded time and output (:func:`tests.corpus.problems`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.corpus.ingesting import digest, graft, ingest, problems
from tests.submitter import fill, photo, strict
from toolkit.project import Project
from toolkit.submissions import register
from toolkit.submissions.commands import make_case_template

CORPUS = ROOT / "tests" / "corpus" / "docx"
SAMPLES = sorted(p for p in CORPUS.iterdir() if p.name != "ORIGINS.tsv")
YEAR = "2021"
pytestmark = pytest.mark.slow  # the corpus run: a hundred ingestions
FORM = {
    "案例标题": "别人文档里的案例",
    "提交单位": "测试单位",
    "单位类型": "企业",
    "案例正文": ["案例正文。"],
    "联系人": "测试",
    "同意发表": "是",
}
# what each failure class is told (the first file's code, or a code among them)
EXPECTED = {
    "poi__23c4f2__protected_agile.docx": "SB019",
    "poi__3005c0__bug53475-password-is-solrcell.docx": "SB019",
    "poi__cddbc8__cpansearch.perl.org_src_tobyink_acme-rundoc-0.001_word-lib_hello_world.docm": "SB003",
    "docx4j__cb1d9f__HelloWordOnline.docx": "SB007",  # read through its main part word/document22.xml
    "poi__e69097__stress025.docx": "SB003",
    "poi__202bc3__truncated62886.docx": "SB004",
    "poi__7f8fa0__ExternalEntityInText.docx": "SB006",
    "docx2python__fd4f06__libreoffice_conversion.docx": "SB007",  # a Chinese procurement notice, not a form
    "poi__c665d4__SimpleMacro.docm": "SB030",  # a macro-enabled document: refused
}


def test_the_sample_is_small_and_every_file_has_its_origin() -> None:
    origins = (ROOT / "tests" / "corpus" / "docx" / "ORIGINS.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in origins[1:]]
    assert origins[0].split("\t") == ["file", "repository", "commit", "path", "licence"]
    assert sorted(r[0] for r in rows) == sorted(p.name for p in SAMPLES) and len(SAMPLES) == 32
    assert {r[4] for r in rows} <= {"Apache-2.0", "MIT", "BSD-2-Clause"}
    assert not any(r[1] == "jgm/pandoc" for r in rows)
    assert sum(p.stat().st_size for p in SAMPLES) <= 3 * 2**20


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("corpus")


def project(scratch: Path, name: str) -> Path:
    """A project root holding a fresh copy of the minimal edition as editions/2021."""
    root = scratch / name
    shutil.copytree(FIXTURES / "minimal", root / "editions" / YEAR)
    return root


@pytest.fixture(scope="module")
def filled(scratch: Path) -> Path:
    template = make_case_template(Project.at(ROOT), str(FIXTURES / "minimal"), scratch / "template.docx")
    return fill(template, scratch / "filled.docx", dict(FORM, 照片一图注="图注"), {"照片一": photo(1200, 800)})


@pytest.fixture(scope="module")
def form_only(scratch: Path) -> Path:
    """A filled form without a photo: grafting pastes the document's own first picture in."""
    template = make_case_template(Project.at(ROOT), str(FIXTURES / "minimal"), scratch / "template-2.docx")
    return fill(template, scratch / "form-only.docx", FORM)


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name[:60] for p in SAMPLES])
def test_each_sample_is_ingested_keeping_every_promise(sample: Path, scratch: Path) -> None:
    root = project(scratch, f"one-{sample.stem}")
    before = digest([sample])
    run = ingest(root, YEAR, [sample])
    assert problems(run, before, root / "editions" / YEAR) == []
    if sample.name in EXPECTED:
        assert EXPECTED[sample.name] in run.codes, run.output


# What each document with the form put into it comes to, and the codes printed, in order. The form's text is
# short (CS009, told whether or not the file is rejected: every file is checked in full); the document's own text
# around the form is ignored, one paragraph (SB011) or a stretch (SB021); pictures it pastes outside the photo
# fields too (SB014, SB022 for several); a photo too small for print is told even when its caption is missing (IM004).
GRAFTED: dict[str, tuple[str, list[str]]] = {
    "poi__48e8fb__tika-3388.docx": ("rejected", ["IM005", "CS009", "SB014"]),  # an EMF in the photo field
    "docx4j__5fca2f__LegacyForms.docx": ("rejected", ["IM005", "CS009", "SB021", "SB022"]),  # a WMF
    "poi__91c40b__WithGIF.docx": ("rejected", ["IM005", "CS009", "SB011", "SB014"]),
    "poi__a922b5__bug65649.docx": ("added", ["CS009", "SB021"]),  # 16,000 paragraphs around the form: one stretch
    "poi__5f8280__VariousPictures.docx": ("rejected", ["IM005", "CS009", "SB021", "SB022"]),
    "docx4j__fc09f7__DrawingML_GraphicData_wps.docx": ("added", ["CS009", "SB021"]),
    "docx4j__929cf8__2016_image_with_text_effects.docx": ("rejected", ["CS004", "CS009", "IM004", "SB014"]),
    "mammoth-js__13c4b6__text-box.docx": ("added", ["CS009", "SB011"]),
    "mammoth-js__2ab44f__comments.docx": ("added", ["CS009", "SB011", "SB013"]),
    "python-docx__3c7be5__blk-inner-content.docx": ("added", ["CS009", "SB021"]),
    "python-docx__8c07eb__having-images.docx": ("rejected", ["CS004", "CS009", "IM004", "SB022"]),
    "docx4j__1cdf85__sample-docx.docx": ("rejected", ["CS004", "CS009", "IM004", "SB012", "SB021", "SB022"]),
    "docx4j__cb1d9f__HelloWordOnline.docx": ("added", ["CS009", "SB011"]),
    "mammoth-js__cae44b__external-picture.docx": ("rejected", ["IM009", "CS009", "SB014"]),  # linked, not embedded
}


@pytest.mark.parametrize("name", GRAFTED)
def test_a_form_inside_each_document_is_read_keeping_every_promise(name: str, scratch: Path, form_only: Path) -> None:
    root = project(scratch, f"grafted-{name}")
    document = graft(CORPUS / name, form_only, scratch / f"form-in-{name}")
    assert document is not None
    run = ingest(root, YEAR, [document])
    assert problems(run, digest([document]), root / "editions" / YEAR) == []
    assert (run.outcome, run.codes) == GRAFTED[name], run.output


def test_a_long_document_around_the_form_is_one_warning_per_stretch(scratch: Path, form_only: Path) -> None:
    root = project(scratch, "long")
    document = graft(CORPUS / "poi__a922b5__bug65649.docx", form_only, scratch / "long.docx")
    run = ingest(root, YEAR, [document])
    assert run.codes.count("SB021") + run.codes.count("SB011") <= 3, run.output
    assert run.output.count("\n") < 40


@pytest.fixture(scope="module")
def strict_files(scratch: Path, filled: Path) -> list[Path]:
    folder = scratch / "strict"
    folder.mkdir()
    grafted = graft(CORPUS / "python-docx__8c07eb__having-images.docx", filled, folder / "grafted.docx")
    template = make_case_template(Project.at(ROOT), str(FIXTURES / "minimal"), folder / "template.docx")
    own = fill(
        template,
        folder / "own.docx",
        dict(FORM, 案例标题="严格格式保存的案例", 照片一图注="图注"),
        {"照片一": photo(1200, 800)},
    )
    return [
        strict(own, folder / "strict-filled.docx"),
        strict(grafted, folder / "strict-grafted.docx"),
        strict(CORPUS / "mammoth-js__13c4b6__text-box.docx", folder / "strict-text-box.docx"),
    ]


def test_strict_ooxml_documents_are_read(strict_files: list[Path], scratch: Path) -> None:
    root = project(scratch, "strict")
    run = ingest(root, YEAR, [strict_files[0]])
    assert problems(run, digest([strict_files[0]]), root / "editions" / YEAR) == []
    assert (run.exit_code, run.outcome) == (0, "added"), run.output
    [entry] = register.load(root / "editions" / YEAR)
    case = (root / "editions" / YEAR / "cases" / entry.case / "case.md").read_text(encoding="utf-8")
    assert "title: 严格格式保存的案例" in case and "案例正文。" in case and "photo-1.jpg" in case
    for other in strict_files[1:]:
        run = ingest(root, YEAR, [other])
        assert problems(run, digest([other]), root / "editions" / YEAR) == [], other.name


def test_one_batch_of_everything_keeps_the_good_files(strict_files: list[Path], scratch: Path, filled: Path) -> None:
    root = project(scratch, "batch")
    files = [filled, *SAMPLES, *strict_files[:1]]
    before = digest(files)
    run = ingest(root, YEAR, files)
    assert problems(run, before, root / "editions" / YEAR) == []
    assert run.exit_code == 1  # some were refused; the good ones are in
    entries = register.load(root / "editions" / YEAR)
    written = {e.file for e in entries if e.case}
    assert written == {"filled.docx", "strict-filled.docx"}, written
    assert len(entries) == len(files)
