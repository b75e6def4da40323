"""Valid form payloads for the submission benchmark (deterministic per index)."""

from __future__ import annotations

from gongkai.core.personal import resident_id_check_digit


def payload(i: int) -> dict[str, str]:
    first17 = f"4401061990{(i % 12) + 1:02d}{(i % 28) + 1:02d}{i % 1000:03d}"
    return {
        "category": "natural",
        "name": f"测试{i}",
        "id_type": "resident_id",
        "id_number": first17 + resident_id_check_digit(first17),
        "phone": f"138{i:08d}",
        "email": f"u{i}@example.cn",
        "address": "广州市越秀区府前路1号",
        "postcode": "510030",
        "description": f"第{i}号测试申请：2020年部门预算",
        "info_form": "electronic",
        "delivery": "email",
    }
