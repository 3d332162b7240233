import pytest

from core.analyse.sentences import split_sentences


def sentences(body: str) -> list[str]:
    return [body[s:e] for s, e in split_sentences(body)]


@pytest.mark.parametrize("body, expected", [
    ("Revenue rose to US $60.922 billion. Margins held.", ["Revenue rose to US $60.922 billion.", "Margins held."]),
    ("Harvest Fund Management Co., Ltd. said so. It agreed.", ["Harvest Fund Management Co., Ltd. said so.", "It agreed."]),
    ("The U.S. tightened exports. China replied.", ["The U.S. tightened exports.", "China replied."]),
    ("Headline without stop\nFirst sentence. Second one!", ["Headline without stop", "First sentence.", "Second one!"]),
    ("英伟达营收增长。算力需求旺盛！", ["英伟达营收增长。", "算力需求旺盛！"]),
    ('He said: "It is a milestone." Then he left.', ['He said: "It is a milestone."', "Then he left."]),
])
def test_split_sentences(body: str, expected: list[str]) -> None:
    assert sentences(body) == expected


def test_offsets_point_into_body() -> None:
    body = "  First one.  Second one.\n\nThird"
    for s, e in split_sentences(body):
        assert body[s:e].strip() == body[s:e] and body[s:e]
