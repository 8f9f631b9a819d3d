"""Every exported recognizer is configured, and every configured recognizer is exported."""

from __future__ import annotations

import recognizers.cn
from conf import load_toml
from recognizers.engine import Detector, build_analyzer, placeholder_for


def test_exports_and_config_agree() -> None:
    configured = {entry["class"] for entry in load_toml("recognizers.toml")["recognizer"]}
    assert configured == set(recognizers.cn.__all__)


def test_each_class_lives_in_its_own_module() -> None:
    for class_name in recognizers.cn.__all__:
        module = getattr(recognizers.cn, class_name).__module__
        snake = "".join(f"_{char.lower()}" if char.isupper() else char for char in class_name).lstrip("_")
        assert module == f"recognizers.cn.{snake}"


def test_configured_entity_is_the_class_default() -> None:
    for entry in load_toml("recognizers.toml")["recognizer"]:
        recognizer = getattr(recognizers.cn, entry["class"])()
        assert recognizer.supported_entities == entry.get("entities", [entry["entity"]])


def test_analyzer_holds_only_configured_recognizers() -> None:
    analyzer = build_analyzer()
    names = sorted(recognizer.name for recognizer in analyzer.registry.recognizers)
    assert names == sorted(recognizers.cn.__all__)
    entities = {
        entity
        for entry in load_toml("recognizers.toml")["recognizer"]
        for entity in entry.get("entities", [entry["entity"]])
    }
    assert set(Detector(analyzer).entities) == entities


def test_placeholders() -> None:
    assert placeholder_for("CN_MOBILE") == "〔手机号〕"
    assert Detector.placeholder_for("CN_RESIDENT_ID") == "〔身份证号〕"
    assert placeholder_for("NOT_CONFIGURED") == "〔NOT_CONFIGURED〕"
