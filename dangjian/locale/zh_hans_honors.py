"""Simplified Chinese texts of honors' shared parts (models, hub, menu)."""

ZH: dict[str, str] = {
    "Honors and service": "评先树优与党员服务",
}
