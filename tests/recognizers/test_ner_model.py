"""The trained-model seam: any NerModel plugs into the analyzer beside the rule-based recognizers."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from recognizers.engine import Detector, build_analyzer
from recognizers.ner_model import NerModelRecognizer, load_configured_model
from recognizers.span import Span


class GazetteerModel:
    """A stand-in model for the seam: tags listed strings (a real model would be trained)."""

    entities: Sequence[str] = ("PERSON",)

    def __init__(self, names: Sequence[str] = ("司马相", "端木青")) -> None:
        self.names = names

    def predict(self, text: str) -> Sequence[Span]:
        found = []
        for name in self.names:
            start = text.find(name)
            if start >= 0:
                found.append(Span(start, start + len(name), "PERSON", 1.0))
        return found


def load() -> GazetteerModel:
    return GazetteerModel()


def test_a_model_adds_its_spans_to_detection() -> None:
    analyzer = build_analyzer()
    analyzer.registry.add_recognizer(NerModelRecognizer(GazetteerModel(), score=0.7))
    spans = Detector(analyzer).detect("昨天端木青来电反映漏水")
    assert [(s.start, s.end, s.entity_type, round(s.score, 2)) for s in spans] == [(2, 5, "PERSON", 0.7)]


def test_configured_factory_is_loaded_by_name() -> None:
    recognizer = load_configured_model({"factory": f"{__name__}:load", "score": 0.5}, "zh")
    assert recognizer is not None and recognizer.supported_entities == ["PERSON"]
    assert load_configured_model({}, "zh") is None


def test_a_bad_factory_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"package\.module:function"):
        load_configured_model({"factory": "recognizers.nothing"}, "zh")


def test_an_object_without_predict_is_refused() -> None:
    with pytest.raises(TypeError, match="does not implement"):
        NerModelRecognizer(object(), score=0.5)  # type: ignore[arg-type]
