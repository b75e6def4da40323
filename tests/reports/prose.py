"""Narrative sections a report needs before it can be submitted (一、五、六 written by the staff)."""

from __future__ import annotations

FULL_PROSE = {
    "一、总体情况": "2020年，本局依法做好政府信息公开工作。",
    "五、存在的主要问题及改进情况": "信息公开的及时性有待提高，下一步将加强培训。",
    "六、其他需要报告的事项": "无其他需要报告的事项。",
}


def prose(**overrides: str) -> dict[str, str]:
    """The full prose with some sections replaced (by heading's first character: 一, 五, 六)."""
    out = dict(FULL_PROSE)
    for key, text in overrides.items():
        heading = next(h for h in out if h.startswith(key))
        out[heading] = text
    return out
