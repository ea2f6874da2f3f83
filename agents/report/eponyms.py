"""The nouns an eponym names: a capitalised word right before one is the name of a person given to a sign, a disease, a
structure, an operation or a grading ("Murphy sign", "Pott disease", "Schatzki ring", "Nissen repair", "Bosniak type"),
not a word misspelt (the spelling check) nor a member of staff or the patient (the redactor). One list, so that both
read the same words as eponyms."""

from __future__ import annotations

# Nouns that a person's name comes before only as an eponym's: signs, diseases, structures and operations.
EPONYM_NOUNS = (
    "signs?|syndromes?|diseases?|malformations?|anomal(?:y|ies)|deformit(?:y|ies)|fractures?|lesions?|cysts?|nodes?|"
    "pouch|hernias?|tumou?rs?|bod(?:y|ies)|rings?|lines?|angles?|triangles?|spaces?|canals?|ducts?|foram(?:en|ina)|"
    "fissures?|ligaments?|capsules?|lobes?|segments?|diverticul(?:um|a)|phenomenon|effect|sequence|procedures?|"
    "operations?|repairs?"
)
# Nouns of a grading, which follow an eponym ("Bosniak type", "Fisher grade", "Gleason score", "Killip class") as they
# follow any word a grade is given to, a person's name too ("Lee, type 2 diabetic", written without its comma).
GRADING_NOUNS = "types?|grades?|stages?|class(?:es)?|scores?|scales?|index|classifications?|criteria"
