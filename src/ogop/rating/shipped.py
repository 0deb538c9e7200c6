"""The two rubrics that ship with the platform, as data (see docs/rating.md for sources).

Installed by a data migration and, if missing, by the demo. A shipped rubric that needs to
change gets a new version (services.rubric_new_version), never an edit here, so that past
results keep the rubric they were scored against.
"""

from decimal import Decimal
from typing import Any

# code, name (en, th), description, source, parts [(code, name en, name th, criteria
# [(code, text en, text th, max points)])], thresholds {stars: from points}
OTOP_OPC: dict[str, Any] = {
    "code": "otop-opc",
    "name": "OTOP Product Champion selection (modelled)",
    "name_th": "การคัดสรรสุดยอดหนึ่งตำบลหนึ่งผลิตภัณฑ์ (จำลอง)",
    "description": (
        "Modelled on Thailand's OTOP Product Champion (OPC) selection: three parts, 100 points. "
        "The star thresholds are those commonly cited (5 stars from 90 points, 4 from 80, "
        "3 from 70, 2 from 50, else 1), not taken from an official text."
    ),
    "source": (
        "Structure: the three parts of the OTOP Product Champion selection run by Thailand's "
        "Community Development Department. Criteria and their points: a condensed, generic "
        "reading for all product types. Thresholds: commonly cited, not official."
    ),
    "parts": [
        (
            "A",
            "Exportability and brand",
            "ความสามารถในการส่งออกและความเข้มแข็งของตราสินค้า",
            [
                ("A1", "Brand, trademark and its registration", "ตราสินค้าและการจดทะเบียน", 8),
                ("A2", "Product story and local identity", "เรื่องราวและอัตลักษณ์ท้องถิ่น", 7),
                ("A3", "Export potential and markets reached", "ศักยภาพการส่งออกและตลาด", 10),
            ],
        ),
        (
            "B",
            "Continuity and consistency",
            "ความต่อเนื่องและความสม่ำเสมอ",
            [
                ("B1", "Production capacity and continuity", "กำลังการผลิตและความต่อเนื่อง", 10),
                ("B2", "Raw materials: local, steady supply", "วัตถุดิบในท้องถิ่นและความพอเพียง", 10),
                ("B3", "Group organisation and management", "การบริหารจัดการกลุ่ม", 10),
            ],
        ),
        (
            "C",
            "Standards, quality and customer satisfaction",
            "มาตรฐาน คุณภาพ และความพึงพอใจของลูกค้า",
            [
                ("C1", "Product standards and certification", "มาตรฐานและการรับรองผลิตภัณฑ์", 15),
                ("C2", "Quality, safety and uniqueness", "คุณภาพ ความปลอดภัย และเอกลักษณ์", 15),
                ("C3", "Packaging and customer satisfaction", "บรรจุภัณฑ์และความพึงพอใจของลูกค้า", 15),
            ],
        ),
    ],
    "thresholds": {5: 90, 4: 80, 3: 70, 2: 50, 1: 0},
}

OCOP_VN: dict[str, Any] = {
    "code": "ocop-vn",
    "name": "Vietnam OCOP product rating",
    "name_th": "การจัดระดับผลิตภัณฑ์ OCOP ของเวียดนาม",
    "description": (
        "Vietnam's One Commune One Product rating: part A, product and community strength "
        "(40 points); part B, marketing capacity (25); part C, product quality (35). "
        "5 stars from 90 points, 4 from 70, 3 from 50, 2 from 30, else 1."
    ),
    "source": (
        "Parts, their points and the star bands: Vietnam's OCOP product evaluation and "
        "classification criteria (Prime Minister's Decision 1048/QĐ-TTg of 2019, followed by "
        "Decision 148/QĐ-TTg of 2023). Criteria within the parts: a condensed, generic reading; "
        "the official sheets differ by product group."
    ),
    "parts": [
        (
            "A",
            "Product and community strength",
            "ผลิตภัณฑ์และความเข้มแข็งของชุมชน",
            [
                ("A1", "Organisation of production and community participation", "", 10),
                ("A2", "Local raw materials and value added locally", "", 10),
                ("A3", "Business plan, bookkeeping and capital", "", 10),
                ("A4", "Product development, design and packaging", "", 10),
            ],
        ),
        (
            "B",
            "Marketing capacity",
            "ความสามารถทางการตลาด",
            [
                ("B1", "Distribution and sales channels", "", 10),
                ("B2", "Promotion and brand", "", 8),
                ("B3", "Product story", "", 7),
            ],
        ),
        (
            "C",
            "Product quality",
            "คุณภาพผลิตภัณฑ์",
            [
                ("C1", "Sensory quality and uniqueness", "", 15),
                ("C2", "Standards, food safety and certification", "", 12),
                ("C3", "Market reach: province, nation, export", "", 8),
            ],
        ),
    ],
    "thresholds": {5: 90, 4: 70, 3: 50, 2: 30, 1: 0},
}

SHIPPED = [OTOP_OPC, OCOP_VN]


def install(rubric_model: Any, part_model: Any, criterion_model: Any, threshold_model: Any) -> None:
    """Create version 1 of each shipped rubric that is missing (models given, so that a data
    migration can pass its historical ones)."""
    for spec in SHIPPED:
        if rubric_model.objects.filter(code=spec["code"]).exists():
            continue
        rubric = rubric_model.objects.create(
            code=spec["code"],
            version=1,
            name=spec["name"],
            name_en=spec["name"],
            name_th=spec["name_th"],
            description=spec["description"],
            description_en=spec["description"],
            source=spec["source"],
            is_active=True,
        )
        for position, (code, name, name_th, criteria) in enumerate(spec["parts"]):
            part = part_model.objects.create(
                rubric=rubric,
                position=position,
                code=code,
                name=name,
                name_en=name,
                name_th=name_th or None,
            )
            for criterion_position, (c_code, text, text_th, points) in enumerate(criteria):
                criterion_model.objects.create(
                    part=part,
                    position=criterion_position,
                    code=c_code,
                    text=text,
                    text_en=text,
                    text_th=text_th or None,
                    max_points=Decimal(points),
                )
        for stars, min_points in spec["thresholds"].items():
            threshold_model.objects.create(
                rubric=rubric, stars=stars, min_points=Decimal(min_points)
            )
