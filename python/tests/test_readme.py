"""README.md's Python snippet runs as written."""

import os

import pytest

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")


def test_readme_python_snippet(tmp_path, monkeypatch):
    with open(README, encoding="utf-8") as f:
        text = f.read()
    if "```python\n" not in text:
        pytest.fail("README.md has no ```python block")
    snippet = text.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    exec(compile(snippet, "README.md", "exec"), {})
