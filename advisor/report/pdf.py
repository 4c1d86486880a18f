"""The HTML report as a print-quality PDF, through WeasyPrint (the optional extra ``pdf``).

WeasyPrint is imported here and only here, and only when a PDF is asked for, so the advisor's
normal path stays light. It lays the page out with Pango, which finds fonts through fontconfig:
the report's stylesheet names Noto Sans CJK for Chinese (Debian's ``fonts-noto-cjk``), and
WeasyPrint embeds (subsets of) the fonts it uses, so the PDF reads the same on a machine without
them. ``<details>`` blocks are opened for print by the stylesheet's ``@media print`` rules.
"""

from __future__ import annotations

import logging

from advisor.errors import UserError
from advisor.words.catalog import words_for

__all__ = ["html_to_pdf"]


def html_to_pdf(html: str, lang: str = "en") -> bytes:
    """Lay out ``html`` (a whole document, stylesheet inline) as PDF bytes.

    Raises:
        UserError: WeasyPrint (the extra ``pdf``) or the libraries it needs are not installed.
    """
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango/cairo shared libraries missing
        raise UserError(
            words_for(lang)["cli"]["pdf_missing"].format(why=f"{type(exc).__name__}: {exc}")
        ) from None
    # WeasyPrint logs every CSS property it does not support (e.g. ``overflow-wrap: anywhere``)
    # as a warning; they are layout hints for browsers, not problems with the report.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
