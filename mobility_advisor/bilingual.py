"""What a host reads or signs, in the pack's language and the host's.

Pure: no Jinja, no files. `host_language` chooses the host's language (from the destination
country unless the user said), `HOST_DOCUMENTS` names the documents a host company or host
tutor reads or signs.
"""

from __future__ import annotations

# The documents (rule `template` names) that the host partner, host company or host tutor
# reads or signs: they are made bilingual when the host's language is not the pack's.
HOST_DOCUMENTS = (
    "learning_agreement",
    "learning_agreement_complement",
    "attestation_participation",
    "europass_preparation",
    "evaluation_grid",
    "btm_file",
    "men_unit_file",
    "qbid_agreement",
    "host_brief",
)
