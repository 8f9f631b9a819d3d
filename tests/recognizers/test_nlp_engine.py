"""The zh NLP engine: jieba words, lemmas for the context enhancer, nothing from the network, no log spam."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from recognizers.nlp_engine import LANGUAGE, ZhNlpEngine

REPO = Path(__file__).resolve().parents[2]


def test_tokens_are_jieba_words_and_lemmas_are_populated() -> None:
    artifacts = ZhNlpEngine().process_text("我的手机号是13812345678，请回电", LANGUAGE)
    tokens = [token.text for token in artifacts.tokens]
    assert "手机号" in tokens
    assert "13812345678" in tokens
    assert artifacts.lemmas == [token.norm_ for token in artifacts.tokens]
    assert all(artifacts.lemmas)
    assert "手机号" in artifacts.keywords


def test_engine_is_loaded_without_a_model() -> None:
    engine = ZhNlpEngine()
    assert engine.is_loaded()
    assert engine.get_supported_languages() == [LANGUAGE]


def test_works_with_the_network_blocked_and_stays_quiet() -> None:
    """In a fresh interpreter where any socket use raises: build, detect an e-mail, print nothing."""
    script = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise OSError("network access attempted")

        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse

        from recognizers.engine import Detector, build_analyzer

        spans = Detector(build_analyzer()).detect("请发到zhang.san@example.com谢谢")
        assert [(s.start, s.end, s.entity_type) for s in spans] == [(3, 24, "EMAIL_ADDRESS")], spans
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
