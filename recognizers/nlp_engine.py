"""The Chinese NLP engine behind the analyzer: a blank spaCy ``zh`` pipeline segmented by jieba.

No statistical model is loaded (nothing is downloaded, ever): the recognizers are pattern based and the NLP
engine only has to cut text into words so that Presidio's ``LemmaContextAwareEnhancer`` can look for context
words around a match. spaCy's blank pipeline has no lemmatizer, so a tiny component copies each token's norm
into ``lemma_``; without it every lemma is ``""`` and no context word could ever match.
"""

from __future__ import annotations

import spacy
from presidio_analyzer.nlp_engine import SpacyNlpEngine
from spacy.language import Language
from spacy.tokens import Doc

import recognizers.jieba_setup  # noqa: F401  # jieba configured before spaCy's segmenter first uses it

LANGUAGE = "zh"
NORM_AS_LEMMA = "baomi_norm_as_lemma"


@Language.component(NORM_AS_LEMMA)
def norm_as_lemma(doc: Doc) -> Doc:
    """Set ``token.lemma_`` to the token's norm (Chinese has no inflection, so the norm is the lemma)."""
    for token in doc:
        token.lemma_ = token.norm_ or token.text
    return doc


def build_zh_nlp() -> Language:
    """A blank ``zh`` pipeline with the jieba segmenter and the norm-as-lemma component; fully offline."""
    nlp = spacy.blank(LANGUAGE, config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe(NORM_AS_LEMMA)
    return nlp


class ZhNlpEngine(SpacyNlpEngine):
    """Presidio ``SpacyNlpEngine`` holding a prebuilt blank ``zh`` pipeline instead of a downloaded model.

    ``SpacyNlpEngine`` keeps its pipelines in ``self.nlp`` (language code -> ``Language``) and ``load()``
    would call ``spacy.load`` and try to download a model, so the pipeline is injected here and ``load`` is a
    no-op.
    """

    engine_name = "spacy_zh_blank"

    def __init__(self, nlp: Language | None = None) -> None:
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": "blank:zh+jieba"}])
        # Presidio annotates `nlp` as None (it is filled by load()); this engine is loaded from the start.
        self.nlp = {LANGUAGE: nlp if nlp is not None else build_zh_nlp()}  # type: ignore[assignment]

    def load(self) -> None:
        """Nothing to load: the pipeline was built in the constructor."""

    def is_loaded(self) -> bool:
        """Always loaded (see ``load``)."""
        return True
