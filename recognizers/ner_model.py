"""The seam for a trained statistical NER model.

baomi ships no trained model yet (the public corpora it is measured on carry no licence that allows shipping
anything derived from them). A model is added by implementing ``NerModel`` in a module of the package — its
weights loaded from package data, never downloaded at run time — and naming its factory in
``conf/recognizers.toml``:

    [ner_model]
    factory = "recognizers.my_model:load"   # a callable returning a NerModel
    score = 0.7                             # score given to the model's spans

``build_analyzer`` then registers a ``NerModelRecognizer`` beside the rule-based recognizers, so the model's
spans go through the same context enhancement, overlap resolution, scrubbing and evaluation.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.span import Span


@runtime_checkable
class NerModel(Protocol):
    """A trained tagger: character offsets of the text it is given, baomi entity names."""

    @property
    def entities(self) -> Sequence[str]:
        """The baomi entity names (PERSON, EMPLOYER, ADDRESS, ROOM, …) the model can emit."""
        ...

    def predict(self, text: str) -> Sequence[Span]:
        """Spans of ``text`` (offsets into it, end exclusive); ``score`` is the model's confidence in [0, 1]."""
        ...


class NerModelRecognizer(EntityRecognizer):
    """Presidio adapter: a ``NerModel``'s spans as recognizer results, scaled by a configured score."""

    def __init__(self, model: NerModel, score: float = 0.7, supported_language: str = "zh") -> None:
        if not isinstance(model, NerModel):
            raise TypeError(f"{type(model).__name__} does not implement recognizers.ner_model.NerModel")
        self.model = model
        self.score = score
        super().__init__(
            supported_entities=list(model.entities),
            supported_language=supported_language,
            name=f"NerModelRecognizer[{type(model).__name__}]",
        )

    def load(self) -> None:
        """The model is loaded by its factory before the recognizer is made."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """The model's spans of the requested entities, with score = model confidence × configured score."""
        wanted = set(entities)
        return [
            RecognizerResult(
                entity_type=span.entity_type,
                start=span.start,
                end=span.end,
                score=span.score * self.score,
                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: type(self).__name__},
            )
            for span in self.model.predict(text)
            if span.entity_type in wanted and span.end > span.start
        ]


def load_configured_model(settings: dict[str, Any], language: str) -> NerModelRecognizer | None:
    """The recognizer for ``[ner_model]`` of conf/recognizers.toml, or None when no model is configured."""
    factory_path = settings.get("factory")
    if not factory_path:
        return None
    factory = load_factory(str(factory_path))
    return NerModelRecognizer(factory(), score=float(settings.get("score", 0.7)), supported_language=language)


def load_factory(factory_path: str) -> Callable[[], NerModel]:
    """The callable named ``package.module:function`` in conf (a model factory)."""
    module_name, _, attribute = factory_path.partition(":")
    if not attribute:
        raise ValueError(f"a model factory must look like 'package.module:function', got '{factory_path}'")
    factory: Callable[[], NerModel] = getattr(importlib.import_module(module_name), attribute)
    return factory
