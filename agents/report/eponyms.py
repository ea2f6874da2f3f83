"""The nouns an eponym names: a capitalised word right before one is the name of a person given to a sign, a disease, a
structure, an operation or a grading ("Murphy sign", "Pott disease", "Schatzki ring", "Nissen repair", "Bosniak type"),
not a word misspelt (the spelling check) nor a member of staff or the patient (the redactor). One definition, which
both read; the redactor adds nouns of its own (`radqc.agents.llm.redact`): a word it takes for an eponym's is sent
as written, while the spelling check must still find a slip before such a noun ("Uper lobes", "Hepatc segments")."""

from __future__ import annotations

# Nouns that a person's name comes before only as an eponym's: signs, diseases, structures and operations.
EPONYM_NOUNS = (
    "disease|syndrome|sign|fracture|malformation|anomaly|lesion|procedure|operation|repair|pouch|cyst|nodes?|hernia|"
    "deformity|ligament|space|canal|ring|angle|line|triangle|tumou?r|bod(?:y|ies)"
)
# Nouns of a grading, which follow an eponym ("Bosniak type", "Fisher grade", "Gleason score", "Killip class") as they
# follow any word a grade is given to, a person's name too ("Lee, type 2 diabetic", written without its comma).
GRADING_NOUNS = "classification|criteria|score|scale|grade|type|class|stage"
