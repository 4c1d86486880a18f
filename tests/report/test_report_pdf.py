"""``--format pdf``: the HTML report as a PDF with its fonts; a clear error without the extra."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader

from advisor.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "healthcare_eu_seed.yaml"
PDF_TO_STDOUT = ("--format", "pdf", "--no-sensitivity", "-o", "-")


def _fonts(reader: PdfReader) -> dict[str, bool]:
    """Every font the pages use -> whether its program is embedded in the file."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            described = [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]
            embedded = any(
                key in d["/FontDescriptor"].get_object()
                for d in described
                if "/FontDescriptor" in d
                for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font["/BaseFont"])] = embedded
    return found


@pytest.fixture(scope="module")
def zh_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pdf") / "report.pdf"
    with pytest.raises(SystemExit) as done:
        main(["report", "--answers", str(EXAMPLE), "--lang", "zh", "-o", str(target)])
    assert done.value.code == 0
    return target


def test_the_suffix_chooses_pdf_and_the_file_is_a_pdf(zh_pdf: Path) -> None:
    data = zh_pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert len(PdfReader(zh_pdf).pages) > 3


def test_chinese_text_is_real_text_and_every_font_is_embedded(zh_pdf: Path) -> None:
    reader = PdfReader(zh_pdf)
    first = reader.pages[0].extract_text()
    assert "战略报告" in first and "MediScribe" in first
    fonts = _fonts(reader)
    assert any("CJK" in name for name in fonts), fonts  # a Chinese font did the Chinese
    assert fonts and all(fonts.values()), fonts  # nothing relies on the reader's fonts


def test_pdf_to_a_pipe_is_written_whole(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "advisor", "report", "--answers", str(EXAMPLE), *PDF_TO_STDOUT],
        capture_output=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert len(PdfReader(io.BytesIO(done.stdout)).pages) > 3


def test_without_the_extra_the_error_names_it_and_nothing_is_written(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    script = textwrap.dedent(
        f"""
        import sys
        sys.modules["weasyprint"] = None  # what an install without the extra 'pdf' looks like
        from advisor.cli import main
        main(["report", "--answers", {str(EXAMPLE)!r}, "-o", {str(target)!r}])
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 2
    assert "advisor[pdf]" in done.stderr and "fonts-noto-cjk" in done.stderr
    assert "Traceback" not in done.stderr
    assert not target.exists() and list(tmp_path.iterdir()) == []
