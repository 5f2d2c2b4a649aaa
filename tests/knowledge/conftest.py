import pytest

from kundcenter.demo.articles import load_demo_articles


@pytest.fixture
def corpus(db):
    """The Swedish demo corpus (57 published articles), saved through the save path."""
    load_demo_articles()
