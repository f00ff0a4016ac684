"""A small hand-made comparison (real dataclasses) for the report and picture tests."""

from __future__ import annotations

from pipeline.compare import Column, Comparison, DocumentInfo, Family, Grouping, Quote, Row

IRI = "https://w3id.org/plpbk-kg/"
HOSTILE_QUOTE = (
    "Warga berkata \"</script><script>alert(1)</script>\" lalu <!-- & 'kutip' "
    "\u2028baris\u2029 </SCRIPT >"
)
HOSTILE_LABEL = 'Bantuan <b>fisik</b> & "dana"'


def sample_comparison(*, lang: str = "id", by: Grouping = "document") -> Comparison:
    """Three studies, four codes in three families, quotes for some cells.

    Counts: form.physical 7/2/0, form.monetary 0/0/1, goal.welfare 3/0/5,
    method.qualitative 0/1/0 (max 7). Cell (form.physical, column 1) has a count but
    no quotes; (goal.welfare, column 2) has a hostile quote; the label of
    form.physical is hostile HTML.
    """
    families = (
        Family("form", "Bentuk kemitraan", "Apa yang diberikan mitra."),
        Family("goal", "Tujuan kemitraan", "Untuk apa kemitraan itu."),
        Family("method", "Metode penelitian", "Bagaimana studi dilakukan."),
    )
    rows = (
        Row("form.physical", "form", HOSTILE_LABEL, "Pembangunan sarana fisik."),
        Row("form.monetary", "form", "Bantuan dana", "Dana dari mitra."),
        Row("goal.welfare", "goal", "Kesejahteraan", "Kesejahteraan warga."),
        Row("method.qualitative", "method", "Kualitatif", "Penelitian kualitatif."),
    )
    columns: tuple[Column, ...]
    files = ("kemitraan-malang.pdf", "kemitraan-pekalongan.pdf", "plpbk-semarang.pdf")
    if by == "place":
        columns = (
            Column(IRI + "place/kota-malang", "Kota Malang", (files[0],), "kota"),
            Column(IRI + "place/pekalongan", "Pekalongan", (files[1], files[2]), "kabupaten"),
            Column(IRI + "place/semarang", 'Semarang <i>"Utara"</i>', (files[2],), "kota"),
        )
    else:
        columns = tuple(Column(IRI + f"document/{name}", name, (name,)) for name in files)
    keys = [column.key for column in columns]
    counts = {
        ("form.physical", keys[0]): 7,
        ("form.physical", keys[1]): 2,
        ("form.monetary", keys[2]): 1,
        ("goal.welfare", keys[0]): 3,
        ("goal.welfare", keys[2]): 5,
        ("method.qualitative", keys[1]): 1,
    }
    evidence = {
        ("form.physical", keys[0]): (
            Quote(
                files[0],
                4,
                1200,
                1241,
                "swasta membangun jalan lingkungan",
                before="Pada 2016 pihak ",
                after=" di RW 03.",
            ),
            Quote(files[0], 12, 5300, 5333, "bantuan fisik berupa drainase"),
        ),
        ("goal.welfare", keys[2]): (Quote(files[2], 7, 800, 870, HOSTILE_QUOTE),),
        ("form.monetary", keys[2]): (Quote(files[2], 2, 90, 120, "dana CSR untuk KSM"),),
        ("method.qualitative", keys[1]): (Quote(files[1], 3, 40, 60, "metode kualitatif"),),
    }
    documents = (
        DocumentInfo(files[0], "Kemitraan di Kota Malang", "id", 2019, ("Kota Malang",),
                     ("Kualitatif", "Wawancara mendalam"), 14),
        DocumentInfo(files[1], None, "id", None, ("Pekalongan",), (), 9),
        DocumentInfo(files[2], "Partnership in Semarang", "en", 2021,
                     ("Pekalongan", "Semarang"), ("Kualitatif",), 22),
    )  # fmt: skip
    return Comparison(lang, by, families, rows, columns, counts, documents, evidence)
