"""The development stages that ship with the platform. Their codes are a public contract
(import files, reports): idea, prototype, packaging, certified, market_ready, exported."""

from typing import Any

# code, position, name in English, name in Thai (Dzongkha falls back to English until given)
STAGES = [
    ("idea", 10, "idea", "แนวคิด"),
    ("prototype", 20, "prototype", "ต้นแบบ"),
    ("packaging", 30, "packaging and branding", "บรรจุภัณฑ์และตราสินค้า"),
    ("certified", 40, "certified", "ได้รับการรับรอง"),
    ("market_ready", 50, "market-ready", "พร้อมจำหน่าย"),
    ("exported", 60, "exported", "ส่งออก"),
]


def install_stages(stage_model: Any) -> None:
    """Create the shipped stages that are missing (the model is given, so that a data
    migration can pass its historical one); stages already there are left as they are."""
    for code, position, name_en, name_th in STAGES:
        stage_model.objects.get_or_create(
            code=code,
            defaults={
                "position": position,
                "name": name_en,
                "name_en": name_en,
                "name_th": name_th,
            },
        )
