"""Findings say what they found in English and in Swedish: a catalogue of texts under English keys
(schemas/vocabularies/findings.yaml), every key the code names is in it, and every finding the warehouse holds
reads in Swedish where the audit pages show it."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

import warehouse
from schemas.findings import Note
from schemas.vocabularies import finding_texts
from tests.conftest import PROJECT_ROOT
from warehouse.audit import record_all_checks

# Words of an English sentence that no Swedish one uses ("not" and "by" are Swedish words too): a Swedish text
# holding one was left half translated.
ENGLISH_WORDS = {"the", "of", "and", "is", "are", "was", "were", "page", "no", "with", "its", "it", "which",
                 "from", "but", "than", "found", "read", "loaded", "line", "lines", "label", "amount", "amounts",
                 "statement", "difference", "within", "printed", "says", "states", "names", "has", "have"}


def english_words(text: str) -> set[str]:
    """The English words of a text, leaving out what it quotes from the page ("…", ”…”, '…'), codes and file
    names (line_item_codes, brf-81732.pdf) and numbers."""
    unquoted = re.sub(r"”[^”]*”|\"[^\"]*\"|'[^']*'", " ", text)
    words = [w for w in re.findall(r"[\w.\-]+", unquoted) if not re.search(r"[_\d.\-]", w)]
    return {w.lower() for w in words} & ENGLISH_WORDS


def test_the_check_for_english_words_finds_them_and_leaves_quotes_and_codes_alone():
    assert english_words("label 'Lönekostnader' on page 1 matches no line of resultatrapport") == {
        "label", "page", "no", "line", "of"}
    assert english_words("etiketten ”The line” på sidan 1 motsvarar ingen rad i arets_resultat (brf-1.pdf)") == set()


def test_every_text_of_the_catalogue_renders_in_both_languages_and_the_swedish_is_swedish():
    texts = finding_texts()
    assert len(texts.findings) >= 40
    for key, text in texts.findings.items():
        note = Note.of(key, **text.example)
        assert note.text("sv") != note.text("en"), key
        # the Swedish text's own words, its values left out (a value is the page's words or a system's message)
        neutral = {name: "X" if isinstance(value, str) else value for name, value in text.example.items()}
        assert english_words(text.sv.format(**neutral)) == set(), key


def test_a_code_among_the_values_reads_as_its_term_in_each_language():
    note = Note.of("label_matches_no_line", page=3, label="Övriga intäkter", statement="resultatrakning")
    assert note.text("en") == "label 'Övriga intäkter' on page 3 matches no line of resultatrakning; loaded as unmatched"
    assert note.text("sv") == "etiketten ”Övriga intäkter” på sidan 3 motsvarar ingen rad i resultaträkningen; inläst utan radkod"
    nested = Note.of("scanned_page_not_read", file="a.pdf", page=2, note=Note.of("not_read_ocr_off"))
    assert nested.text("sv") == ("a.pdf, sidan 2: inget textlager (en inskannad sida) och inte läst med OCR: OCR är "
                                 "avstängd (FH_OCR=0); inget på sidan lästes")
    assert nested.not_read is False and Note.of("not_read_ocr_off").not_read


def test_a_key_the_catalogue_lacks_or_a_value_not_given_fails_where_the_finding_is_made():
    with pytest.raises(KeyError, match="no finding"):
        Note.of("no_such_finding")
    with pytest.raises(KeyError, match="statement"):
        Note.of("label_matches_no_line", page=3, label="x")


# Where each call that makes a finding names its key: finding(report_id, extractor, severity, KEY, ...),
# a reader's own reading.finding(box, severity, KEY, ...), Note.of(KEY, ...) and reports_and_pages' add(severity, KEY).
KEY_ARGUMENT = {"finding": 3, ".finding": 2, "Note.of": 0, "add": 1}


def _named_keys(tree: ast.AST) -> tuple[set[str], list[str]]:
    """The keys the calls of a module name, and the calls whose key is not a literal (a key made up at run time)."""
    keys, unliteral = set(), []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = (func.id if isinstance(func, ast.Name) else
                "Note.of" if isinstance(func, ast.Attribute) and func.attr == "of" and getattr(func.value, "id", "") == "Note"
                else ".finding" if isinstance(func, ast.Attribute) and func.attr == "finding" else None)
        if name not in KEY_ARGUMENT or len(node.args) <= KEY_ARGUMENT[name]:
            continue
        argument = node.args[KEY_ARGUMENT[name]]
        branches = [argument.body, argument.orelse] if isinstance(argument, ast.IfExp) else [argument]
        for branch in branches:
            if isinstance(branch, ast.Constant) and isinstance(branch.value, str):
                keys.add(branch.value)
            elif not (isinstance(branch, ast.Name) and branch.id == "key"):  # a helper passing its caller's key on
                unliteral.append(f"line {node.lineno}: {ast.unparse(node)[:80]}")
    return keys, unliteral


def test_every_key_the_code_names_is_in_the_catalogue_and_every_text_of_it_is_used():
    named, unliteral = set(), []
    for path in sorted((PROJECT_ROOT / "extractors").rglob("*.py")):
        if path.name == "findings.py":
            continue  # the definitions, which pass a key on
        keys, loose = _named_keys(ast.parse(path.read_text(encoding="utf-8")))
        named |= keys
        unliteral += [f"{path.relative_to(PROJECT_ROOT)} {call}" for call in loose]
    assert unliteral == []  # every key is written where the finding is made, so this test sees it
    catalogue = set(finding_texts().findings)
    assert named - catalogue == set()
    assert catalogue - named == set()  # no text the code can no longer say


def test_every_finding_on_the_samples_is_kept_with_its_key_and_said_in_swedish(sample_warehouse, tmp_path):
    assert_said_in_swedish(sample_warehouse, tmp_path, least=4)


def assert_said_in_swedish(database: Path, tmp_path: Path, least: int) -> None:
    """In a copy of the warehouse with its checks recorded: every finding of the extractors and the checks has its
    Swedish text, and an extractor's its key; none of the Swedish texts' own words is English (what they quote
    from the page, a system's error message, aside)."""
    path = tmp_path / "audited.duckdb"
    shutil.copy(database, path)
    connection = warehouse.connect(path)
    record_all_checks(connection)
    catalogue = set(finding_texts().findings)
    extraction = connection.execute("select key, message, message_sv from extraction_findings").fetchall()
    checks = connection.execute('select "check", message, message_sv from audit_findings').fetchall()
    assert len(extraction) + len(checks) >= least
    for key, message, message_sv in extraction:
        assert key in catalogue, message
        assert message_sv and message_sv != message, message
        if key not in ("file_repaired", "page_failed") and "ocr_failed" not in message_sv:
            assert english_words(message_sv) == set(), message_sv
    for check, message, message_sv in checks:
        assert message_sv and message_sv != message, (check, message)
        if check != "labels_matched" or "radbenämningen" in message_sv:  # labels_matched repeats extraction findings
            assert english_words(message_sv) == set(), (check, message_sv)
    connection.close()
