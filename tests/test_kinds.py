"""The registry of entity kinds (pipeline.entities.kinds) is the one place a kind is declared."""

from pipeline.document import spans
from pipeline.document.spans import Span
from pipeline.entities.finder import resolve_overlaps
from pipeline.entities.kinds import COLORS, KINDS, LABEL_TABLES, PRIORITY, TEXT_FINDERS
from pipeline.tables.schema import TABLES


def test_every_label_has_one_kind():
    labels = [k.label for k in KINDS]
    assert len(labels) == len(set(labels))
    assert set(labels) == set(spans.LABELS)


def test_a_kinds_table_holds_its_mentions():
    for label, table in LABEL_TABLES.items():
        assert table in TABLES, label
        assert TABLES[table].names[:2] == ("doc_id", "entity_id"), table


def test_text_finders_find_their_own_label():
    samples = {
        "URL": "詳しくは https://www.example.jp/ を",
        "EMAIL": "info@example.jp まで",
        "PHONE": "TEL 022-237-5211",
        "MONEY": "参加費 1,000円",
    }
    assert {k.label for k in TEXT_FINDERS} == set(samples)
    for kind in TEXT_FINDERS:
        found = kind.find(samples[kind.label])
        assert found and {sp.label for sp in found} == {kind.label}


def test_the_registry_order_settles_overlaps():
    # The same characters read two ways: the kind listed first keeps them.
    first, second = KINDS[2].label, KINDS[-1].label
    a = Span(0, 4, second, "xxxx")
    b = Span(1, 3, first, "xx")
    assert resolve_overlaps([a, b]) == [b]
    assert PRIORITY[first] < PRIORITY[second]


def test_every_kind_has_a_distinct_colour():
    assert set(COLORS) == {k.label for k in KINDS}
    assert len(set(COLORS.values())) == len(KINDS)
