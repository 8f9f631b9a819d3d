"""Presidio's ``PatternRecognizer`` with a leaner match loop: the same results in about half the time.

Presidio's ``PatternRecognizer.analyze`` times every pattern with two ``datetime.now()`` calls, logs each at
debug level, and matches with the ``regex`` module's ``timeout`` argument, which makes the engine check the
clock as it scans — on short customer texts that bookkeeping costs about as much as the matching itself. This
base class runs the same loop without it: the same compiled ``regex`` patterns and flags, the same
``validate_result`` / ``invalidate_result`` rules, the same explanation and metadata on every result, and
Presidio's own de-duplication (``_results.remove_duplicates``); tests/recognizers/test_pattern_base.py holds
the two loops to identical results.

What is given up is the 60-second regex timeout (``REGEX_TIMEOUT_SECONDS``), Presidio's guard against patterns
that backtrack without end. baomi's patterns use bounded repetition only, and the fast path hands them one
cell or request at a time.
"""

from __future__ import annotations

from typing import Any, cast

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.cn._results import remove_duplicates


class LeanPatternRecognizer(PatternRecognizer):
    """A ``PatternRecognizer`` whose ``analyze`` gives Presidio's results without its per-pattern timing."""

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Every pattern's matches, scored, validated and de-duplicated as Presidio does."""
        flags = cast(int, regex_flags if regex_flags else self.global_regex_flags)
        name = cast(str, self.name)  # type: ignore[has-type]  # Presidio leaves it unannotated
        results: list[RecognizerResult] = []
        for pattern in cast(list[Pattern], self.patterns):  # type: ignore[has-type]
            for match in _compiled(pattern, flags).finditer(text):
                start, end = match.span()
                if start == end:
                    continue
                matched = text[start:end]
                validation = self.validate_result(matched)
                explanation = self.build_regex_explanation(
                    name,
                    pattern.name,
                    pattern.regex,
                    pattern.score,
                    validation,  # type: ignore[arg-type]  # Presidio passes None here too (no validator)
                    flags,
                )
                result = RecognizerResult(
                    entity_type=self.supported_entities[0],
                    start=start,
                    end=end,
                    score=pattern.score,
                    analysis_explanation=explanation,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
                if validation is not None:
                    result.score = EntityRecognizer.MAX_SCORE if validation else EntityRecognizer.MIN_SCORE
                if self.invalidate_result(matched):
                    result.score = EntityRecognizer.MIN_SCORE
                if result.score > EntityRecognizer.MIN_SCORE:
                    results.append(result)
                explanation.score = result.score
        return remove_duplicates(results)


def _compiled(pattern: Pattern, flags: int) -> Any:
    """The pattern compiled with ``flags``, kept on the pattern as Presidio keeps it."""
    compiled: Any = pattern.compiled_regex
    if not compiled or pattern.compiled_with_flags != flags:
        compiled = regex.compile(pattern.regex, flags=flags)
        pattern.compiled_with_flags = flags  # type: ignore[assignment]  # Presidio annotates it as None
        pattern.compiled_regex = compiled
    return compiled
