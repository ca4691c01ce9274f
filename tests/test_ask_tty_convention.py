"""The apprentice's convention and the official fields, asked in a real pseudo-terminal (issue 16)."""

from __future__ import annotations

import sys

import pytest

from wizard_driver import EN, FR, Ask, confirm, profile

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_convention_form_chosen_and_project_code_checked_where_typed(tmp_path, lang):
    t = FR if lang == "fr" else EN
    a = Ask(tmp_path, lang=lang)
    a.check(t["goals"], "Attester" if lang == "fr" else "participation")
    profile(a, t, arrangement="disposition" if lang == "fr" else "Made available", official_fields=False,
            start="2027-03-01", end="2027-04-11")
    a.text(t["project_code"], "2024-FR01-KA121")
    a.refused("AAAA-R-NA00-KA000-FFF-000000000" if lang == "fr" else "YYYY-R-NA00-KA000-FFF-000000000",
              "2020-1-FR01-KA202-080445")
    for key in ("mobility_id", "sending_oid", "host_oid", "activity_type"):
        a.text(t[key], "")
    a.select("Voulez-vous délivrer une attestation" if lang == "fr" else "Do you want to issue a certificate",
             t["yes"])
    a.select("D'autres documents que vous délivrez" if lang == "fr" else "Do other documents you already issue",
             t["no"])
    confirm(a, t)
    assert a.finish() == 0
    conv = (a.out / "mobility_convention.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert ("Forme retenue : **mise à disposition**" if lang == "fr"
            else "Form chosen: **apprentice made available (mise à disposition)**") in conv
    agreement = (a.out / "learning_agreement.md").read_text(encoding="utf-8")
    assert "2020-1-FR01-KA202-080445" in agreement
