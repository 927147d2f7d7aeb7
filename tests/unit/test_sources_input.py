"""Importers: which format a file is, and bad input (not a trial, broken JSON or XML, XML
entities) refused with one clear line."""

from __future__ import annotations

import pytest

from trialview.model.sources import SourceError, detect_format, parse_trials


# ---- format detection and bad input ----------------------------------------------------------

@pytest.mark.parametrize("text, fmt", [
    ('{"protocolSection": {}}', "ctgov-json"),
    ('\ufeff  [{"protocolSection": {}}]', "ctgov-json"),
    ("<?xml version='1.0'?><clinical_study/>", "ctgov-xml"),
    ("Some Trial Title\nStatus: Recruiting", "text-page"),
])
def test_detect_format(text, fmt):
    assert detect_format(text) == fmt


@pytest.mark.parametrize("text, message", [
    ("", "empty input"),
    ("  \n\t", "empty input"),
    ('{"protocolSection": ', "invalid JSON at line 1 column 21"),
    ('{\n  "studies": [\n    {,}\n  ]\n}', "invalid JSON at line 3 column 6"),
    ("42", "wrong-shaped JSON"),
    ('"a string"', "wrong-shaped JSON"),
    ("[]", "no studies"),
    ('{"studies": []}', "no studies"),
    ('{"foo": 1}', "not a ClinicalTrials.gov study: no protocolSection"),
    ("[1, 2]", "not a ClinicalTrials.gov study"),
    ('{"protocolSection": {"statusModule": {}}}', "no identificationModule"),
    ("<clinical_study><brief_title>x</brief_title>", "malformed XML"),
    ("<html><body>Trial</body></html>", "root element is <html>, expected <clinical_study>"),
    ("Just a note about lunch.\nNothing to see here.", "no eligibility criteria found"),
    ("Eligibility\n\n- Adults aged 18 or over\n", "no trial title found"),
])
def test_bad_input_gives_one_clear_line(text, message):
    with pytest.raises(SourceError) as err:
        parse_trials(text)
    assert message in str(err.value)
    assert "\n" not in str(err.value) and "Traceback" not in str(err.value)


def test_json_name_hint_reports_json_error_for_garbage():
    with pytest.raises(SourceError, match=r"^invalid JSON at line 1 column 1"):
        parse_trials("not json at all", "study.json")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<clinical_study><brief_title>&lol9;</brief_title></clinical_study>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<clinical_study><brief_title>&xxe;</brief_title></clinical_study>"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_xml_entities_are_refused(text):
    with pytest.raises(SourceError, match="entity declarations are not allowed"):
        parse_trials(text)
