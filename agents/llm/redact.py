"""Replace patient identifiers with placeholders before text goes to a model provider, and put them back.

Reports carry headers such as "Name: John Smith, MRN 00123456" or "姓名：张三 住院号：123456". The model
needs none of it to audit the report, so identifiers are swapped for stable placeholders (`[NAME_1]`):
the same value always gets the same placeholder within a case, which keeps cross-references intact,
and `restore` turns anything the model quotes back into the original text for evidence mapping.

Values are found after labels ("Name:", "住院号：", sign-off and staff labels, titles such as "Mr."), also
glued to the previous field as PDF text runs them ("MRN: 12345678Patient: Jane Doe"), a name there in any
form a header writes it ("SMITH, JOHN", a DICOM person name "SMITH^JOHN") and a copy list as one value
("CC: Dr A Khan; Dr B Patel"); by format where they need no label (phone numbers, e-mail, national id
numbers); by position in a pasted HL7 segment (PID, PV1, NK1, IN1, GT1, ORC, OBR, MRG fields, each component
on its own); and in free text only where a pattern tells a name from prose: after a sign-off verb starting a
line or a sentence ("Reported by John Smith"), after words that put a person next ("discussed with John Smith",
"DISCUSSED WITH SMITH AT 14:00"), a Chinese name after "患者" before the sex, the age or a punctuation mark (or 因, 于,
入院 when no word of jieba's but a common name), Chinese names listed after "与" before a verb of discussing
("与张三、王五讨论"), and a Chinese name or surname before a staff title ("王主任", "与张医生沟通"). Other free-text names cannot be
found reliably by pattern, which docs/llm-providers.md states plainly. But once a value is
found it is hidden everywhere in the case, label or not: "Mr. Quixotefrank" in the findings, the
exam field or a past case gets a lettered variant ("[NAME_1b]") of the placeholder of "Patient Name:
Zebulon Quixotefrank" (`aliases`), so that `restore` gives back exactly the spelling it replaced, with the given
names written right before it ("Patient John Smith" of a case that names Mr. Smith). Name words that reports use
("Right", "Major", "Impression", "Will"), words that open a phrase ("While", "During") and short numbers are never
spread this way; the others are hidden in lower case too ("d/w dr patel"), also where they are English words. A
surname of two letters is spread only capitalised and, a pinyin syllable, in capitals ("Ho agreed" of a case that names
Mr. Ho), and not if reports write it as an abbreviation ("Li" of Mr. Li, as "LI-RADS") nor a particle ("Du").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from radqc.agents.report.checks.laterality import OPPOSITE
from radqc.agents.report.eponyms import EPONYM_NOUNS, GRADING_NOUNS
from radqc.agents.report.headings import CHINESE_HEADING_WORD, is_heading_word
from radqc.agents.report.lexicon import chinese_terms, general_english_words, medical_words, organ_matcher
from radqc.taxonomy import error_types

_SEP = r"[ \t]*(?:#[ \t]*)?[:：\-–=]?[ \t]*"
_COLON = r"[ \t]*[:：][ \t]*"  # labels that are also ordinary words ("address", "patient") need one
# A sign-off's label may end its line and put the name alone on the next ("REPORTED BY:\nJOHN SMITH", "报告医师：\n张三"):
# the name was sent. Only after a colon, which says a value follows.
_COLON_NEXT_LINE = r"[ \t]*[:：][ \t]*\r?\n[ \t\u3000]*"
# The English labels, read in any case.
_DOB_LABEL = r"date of birth|d\.?o\.?b\.?|birth ?date|born(?: on)?"
# "Exam name: Chest PA and lateral" names an examination, not a person.
_NOT_AN_EXAM = "".join(rf"(?<!\b{word}[ _])" for word in ("exam", "procedure", "study", "test"))
_NAME_LABEL = rf"patient(?:'s)? name|full name|(?:first |last |given |family |sur)name|{_NOT_AN_EXAM}name"
_PATIENT_LABEL = r"patient|pt"
# The staff a report names: who asked for it, and who dictated, reported, checked or signed it. Labels
# that prose uses too ("verified by MRI", "signed by the party") need a colon, or to start a line or a
# sentence, as a sign-off does ("Reported by John Smith"; "Reported by Pathology as benign." holds no
# name, as department names are `_COMMON_WORDS`, nor "Referred by: Outpatient Clinics", `_names_a_service`). A role
# names the person after its colon
# ("Technologist: R. Okonkwo", "Attending: Gregor Halvorsen MD", "Registrar: A. Khan", "Transcriptionist: Mary
# Lee"), or none ("Radiologist: Pending"), and so does a sign-off's verb before "by" and a colon ("Performed by:",
# "Approved by:"; "biopsy performed by interventional radiology" is prose).
_SIGNED_BY = r"(?:reported|read|verified|signed|interpreted|reviewed) by"
# An article or a determiner after a sign-off's verb or label starts no name but a team's or a service's ("Referred by
# the GP", "REFERRED BY THE DIVE MEDICINE CLINIC" hid "THE DIVE", "REPORTED BY OUR TEAM"); "a" and "an" only in lower
# case, as in capitals they may be an initial or a name ("REPORTED BY A SMITH", "Reported by An Nguyen").
_NO_NAME_AFTER_SIGN_OFF = r"(?!(?i:the|our|your|their|this|that)[ \t]|(?-i:an?)[ \t])"
_STAFF_LABEL = (
    r"(?:referring|ordering|requesting|attending) (?:physician|doctor|clinician|provider)|"
    r"(?:referred|ordered|dictated|transcribed|typed|electronically signed) by|"
    rf"(?:{_SIGNED_BY}|(?:electronically )?signed|radiologist|radiographer|technologist|sonographer|attending|referring|referrer"
    rf"|GP|general practitioner|consultant|registrar|resident|fellow|transcriptionist|typist"
    rf"|(?:performed|requested|approved|authori[sz]ed|checked) by)(?={_COLON})"
)
# The record labels but "ID" and "acc" alone, which words end in ("Fluid: 200 ml", "Carotid: 70-99%"), so
# that these are not read glued to a word (`_SHAPED_FIELD`).
_RECORD_LABEL = (
    r"MRN|medical record(?: number| no\.?)?|record (?:number|no\.?)|patient id|hosp(?:ital|\.)? (?:number|no\.?)|"
    r"accession(?: number| no\.?)?|acc no\.?|case (?:number|no\.?)|study id|visit (?:number|no\.?)|"
    r"ID (?:number|no\.?)|NHS(?: number| no\.?)?|SSN|GMC(?: number| no\.?)?|NPI|URN|UR (?:number|no\.?)"
)
_EN_ID_LABEL = rf"{_RECORD_LABEL}|acc|ID"
# "Home" alone, as a form gives the patient's ("Patient home: 12 Elm St"), only before a colon.
_ADDRESS_LABEL = r"(?:patient(?:'s)? )?home(?: address)?|address|addr\.?|gp (?:practice|surgery)"
_PHONE_LABEL = r"tel|phone|telephone|mobile|cell|fax"
_PHONE_VALUE = r"\+?\(?\d[\d \t()./+-]{5,}\d"
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
# A day in figures or in words, as a date of birth is also spoken ("the third of March 1956").
_DAY_IN_WORDS = (
    r"(?:twenty[ -]|thirty[ -])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|thirtieth"
)
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|(?:the )?(?:{_DAY_IN_WORDS}))"
# A year of four figures, or of two after a month's name ("03-Mar-56"), which no other number in a date is.
_YEAR_AFTER_MONTH = r"(?:\d{4}|\d{2})(?!\d)"
_HAN_NUMERAL = "〇零一二三四五六七八九十"
_DATE = (
    rf"\d{{4}}[-/.年]\d{{1,2}}[-/.月]\d{{1,2}}日?|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}"
    rf"|{_MONTH}\.? {_DAY},? \d{{4}}|{_DAY}(?: of |[ \t]*[-/. ][ \t]*){_MONTH}\.?(?:,? |[-/.]){_YEAR_AFTER_MONTH}"
    # the month and the year alone ("DOB: March 1956", "出生日期：1956年3月"), in figures or Han numerals
    rf"|{_MONTH}\.?,? \d{{4}}|\d{{4}}年\d{{1,2}}月|[{_HAN_NUMERAL}]{{4}}年[{_HAN_NUMERAL}]{{1,2}}月(?:[{_HAN_NUMERAL}]{{1,3}}日)?"
    # as DICOM writes one ("Patient's Birth Date: 19560403" was sent)
    r"|(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)"
)
# Words that start the next header field, so a name or address stops before them. "Born" is also a
# surname ("Patient name: Zeb Born"), so it starts one only before a date, as a date of birth's label
# (or the date's placeholder, as dates of birth are hidden before names).
_LABEL_WORDS = (
    r"(?:(?:MRN|DOB|ID|SEX|GENDER|AGE|ACC|ACCESSION|NHS|SSN|DATE|TEL|PHONE|EXAM|CT|ADDRESS)\b"
    rf"|BORN(?=(?i:(?: on)?{_SEP}(?:{_DATE}|\[DOB_\d))))"
)
_LETTERS = r"[^\W\d_]+"  # Unicode letters: "Núñez", "Ærlingsson", "李"
# Degrees and roles after a name in a sign-off ("Jane Doe, MD", "Dr. Jones, Radiologist") end it: taken
# in, "Radiologist" would be hidden wherever the case names one. Degrees in their own case only, as
# "Md" is also a given name ("Md Abdul Rahman"), and so are a trainee's grades ("ST3", "FY1", "SpR"): read
# as a name's, "Dr JOHN SMITH ST3" hid "JOHN SMITH ST" and sent the "3". With them the letters of the staff who
# are no doctors: a physician assistant, a nurse practitioner, a registered nurse ("SMITH PA", "Jane Doe, NP").
_POST_NOMINALS = r"(?-i:M\.?D|Ph\.?D|PHD|MBBS|MBChB|MBCHB|FRCR|FRANZCR|FRCPC?|FACR|DABR|MRCP|RT|ST[1-8]|FY[12]|SpR|StR|PA|NP|RN)"
_ROLE_TITLES = (
    r"(?i:consultant|radiologists?|radiographer|technologist|sonographer|resident|registrar|fellow|attending|physician|specialist)"
)
_ROLE_WORDS = rf"(?:{_POST_NOMINALS}|{_ROLE_TITLES})\b"
# The units of two letters or more a report writes after a number ("123mm", "125 kVp", "40mAs"), which make it a
# measurement, not a staff number.
_UNIT_AFTER_A_NUMBER = r"(?i:mm|cm|ml|cc|kg|mg|mcg|kvp|kv|mas|ma|ms|sec|min|hrs?|hz|khz|mhz|hu|gy|mgy|cgy|msv|bpm|mmhg|mbq)(?![A-Za-z])"
_NO_UNIT_NEXT = rf"(?![ \t]*{_UNIT_AFTER_A_NUMBER})"
# Everyday words a sentence puts right after a name ("DR. PATEL SAID THE NODULE IS STABLE"): what staff
# do with a report, and when. A name in capitals after a title or a loose label (`_PROPER_NAME`) ends
# before the words of when ("DISCUSSED WITH DR. PATEL TODAY."), and before the verbs as it does before a
# reporting verb (`_REPORTING_VERBS`). As `_COMMON_WORDS` they are never spread over the case. They are
# named, as a dictionary of English would end names at surnames that are words too (Stone, Baker), which
# a report in capitals cannot tell apart by their case.
_EVERYDAY_VERBS = frozenset(
    "said says stated reported noted called phoned rang advised agreed reviewed discussed confirmed informed asked "
    "requested recommended suggested explained".split()
)
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
_EVERYDAY_NOT_VERBS = frozenset(f"aware today yesterday tomorrow now again previously already please thanks {_WEEKDAYS}".split())
_EVERYDAY_WORDS = _EVERYDAY_VERBS | _EVERYDAY_NOT_VERBS
_EVERYDAY_NOT_VERB = "(?i:" + "|".join(sorted(_EVERYDAY_NOT_VERBS)) + r")\b"
# Conjunctions and a preposition of time that open what follows a name ("Discussed with Jones while on call", "Results
# phoned to Nurse Smith during handover" sent the name, read as running on), though no report word: surnames too
# ("Ann While"), so, unlike `_FUNCTION_WORDS`, a name of them is still hidden where its position says a name stands
# ("Mrs. While", "Patient Name: Ann While").
_CLAUSE_OPENERS = frozenset("while whilst when whenever where whereas although though because unless whether during".split())
# With the prepositions of time and place, the words that open the phrase after a name, capitalised or not ("Dr Brown
# While on call", "Dr Brown At 14:00", "DISCUSSED WITH JOHN SMITH DURING THE ROUND" hid the word with the name, and spread
# it over the case). A surname spelled so is hidden only where its position makes it one, right after a title or a label
# ("Discussed with Dr While during the session"), and never spread over the case, where the word is the sentence's
# ("stable while on treatment" was hidden). The trade-off: such a surname after a given name ("Dr Ann While on call")
# and elsewhere in the case is sent, as the word it is spelled like is far commoner. Not the function words that are
# names too ("Dr Anna May", "Dr Minh An", "Dr Anh Do"), which stay in a name in mixed case.
_PHRASE_OPENERS = _CLAUSE_OPENERS | frozenset("at on from via until since before after".split())
_PHRASE_OPENER = "(?i:" + "|".join(sorted(_PHRASE_OPENERS)) + r")\b"
_TITLES = r"(?:Dr|Prof|Mr|Mrs|Ms|Miss)"
# In capitals a title needs its period where the bare word is also a medical one: "MR BRAIN" (magnetic
# resonance), "DR CHEST" (digital radiography), "MS PLAQUES" (multiple sclerosis). But not before a word with a
# letter misread as a digit, as `_NAME_LETTERS` reads one ("DR J0HN SMITH", "MR SM1TH"), which no such term has
# ("MR T2WI"). Nor after words that put a person next, in any case, as no examination is spoken to or told
# ("DISCUSSED WITH DR JOHN SMITH", "discussed with DR John Smith", "INFORMED MR JOHN SMITH", "RESULTS PHONED TO DR
# JOHN SMITH"; "RECOMMENDED MR BRAIN" and "COMPARED WITH DR CHEST" stay).
# Nor before words that a role or a degree follows, as a sign-off puts them ("DR JOHN SMITH, CONSULTANT
# RADIOLOGIST", "DR JOHN SMITH MBBS FRCR", the role after a word of its grade, on the next line or in brackets):
# no examination is signed. A role before its colon is the next field's label ("DR CHEST\nRADIOLOGIST: ..."), and
# "RT" also radiotherapy ("MR PELVIS RT PLANNING") and "PA" a radiograph's projection ("DR HAND PA").
# Alone, "DR JOHN SMITH" in a sentence is sent: words that no list of radqc's held follow these as examinations too
# ("DR STITCHED FILM", "DR EXPOSURE INDEX", "MR DIFFUSION WEIGHTED"), and hidden as a name they would be hidden
# wherever the case says them. But a line of its own that a bare title starts and two to four words of a name end,
# none of them a report word nor a part of the body (`_names_no_examined_part`), is a sign-off's or an addressee's
# ("DR JOHN SMITH\n", "MR JOHN SMITH."), where an examination's line names its part or technique ("MR PROSTATE
# MULTIPARAMETRIC", "MR ANKLE FOOT"), words that `_IMAGING_WORDS` and `_EXAMINED_PARTS` list where the lexicon has none.
_LINE_OF_A_NAME = r"(?:[ \t]+[A-Z][A-Z'’\-]*){2,4}[ \t]*\.?[ \t]*(?:\r?\n|$)"
_TITLE_ALONE_ON_ITS_LINE = rf"(?<![^\r\n])(?:DR|MR|MS)(?={_LINE_OF_A_NAME})"
# So is a bare title before two words in mixed case ("seen by DR John Smith today", "DR John Smith, Consultant"), as
# a report that writes its words in mixed case writes a modality in capitals and the examination after it in
# words the same check knows ("MR Brain", "DR Chest PA", "MR Ankle Foot"): "DR John Smith" mid-sentence was sent.
# A bare DR also before one such word ("DR Patel agreed" was sent): digital radiography names a part of the body, which
# the lexicon or `_EXAMINED_PARTS` holds ("DR Chest", "DR Skull", "DR Wrist"), while MR names techniques no list of
# radqc's holds too ("MR Venography"), so there one word stays.
_MIXED_CASE_WORD_NEXT = r"[ \t]+[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ][^\W\d_]*"
_TITLE_BEFORE_MIXED_CASE = rf"(?:DR(?={_MIXED_CASE_WORD_NEXT})|(?:MR|MS)(?=(?:{_MIXED_CASE_WORD_NEXT}){{2}}))"
_BARE_TITLE = rf"(?:{_TITLE_ALONE_ON_ITS_LINE}|{_TITLE_BEFORE_MIXED_CASE})"
_MISREAD_WORD = r"[A-Z]*(?:[A-Z]0|[A-Z]{2}\d)[A-Z]{2}"
_SIGNED_WORDS = rf"(?:[A-Z][A-Z'’\-]*\.?[ \t]+){{0,3}}[A-Z][A-Z'’\-]*[ \t]*(?:[,(][ \t]*|\r?\n[ \t]*)?(?:[A-Z]+[ \t]+)?(?!RT\b|PA\b){_ROLE_WORDS}(?![ \t]*[:：])"
_SPOKEN_TO_WORDS = (
    "DISCUSSED WITH", "SPOKE TO", "SPOKE WITH", "TALKED TO", "TALKED WITH", "COMMUNICATED TO", "COMMUNICATED WITH",
    "INFORMED", "TOLD", "NOTIFIED", "PAGED", "PHONED TO", "CONVEYED TO", "RELAYED TO", "REPORTED TO", "HANDED OVER TO",
    "FAXED TO", "EMAILED TO", "CONTACTED",
    # and as a request to do so ("Tell John Smith", "Please notify John Smith" were sent), but not "contact", also a noun
    # ("Contact Dermatitis")
    "TELL", "NOTIFY", "INFORM", "DISCUSS WITH", "SPEAK TO", "SPEAK WITH",
)
# A sign-off's verb before "by" puts a person next mid-sentence too ("Report reviewed by DR JOHN STONE." was sent), as
# no examination reports or signs; not "verified by" or "seen by", which one may follow ("verified by MR arthrogram").
_SIGNED_BY_WORDS = ("REPORTED BY", "READ BY", "SIGNED BY", "INTERPRETED BY", "REVIEWED BY", "DICTATED BY")
_SPOKEN_TO = "|".join(rf"(?<=\b(?i:{words}) )" for words in _SPOKEN_TO_WORDS + _SIGNED_BY_WORDS)
# A full name after words that put a person next needs no title ("discussed with John Smith at 14:00",
# "Results given to Mary Ann Lee" were sent): with them the verbs of passing a result on, and the sign-off's by
# which an examination may follow too ("seen by", "verified by"), as only name words are taken (`_found_value`).
_TOLD_TO_WORDS = _SPOKEN_TO_WORDS + _SIGNED_BY_WORDS + (
    "GIVEN TO", "HANDED TO", "PASSED TO", "PASSED ON TO", "EXPLAINED TO", "SEEN BY", "VERIFIED BY", "SPOKEN TO",
)
_CAPITAL = r"(?-i:[A-ZÀ-ÖØ-Þ])"
# "[NAME_1]" for a value as found, "[NAME_1b]" for another spelling of it ("Quixotefrank", "ZEBULON
# QUIXOTEFRANK"): the number still tells the model it is the same person, the letter lets `restore` give
# back exactly the text that was replaced.
_PLACEHOLDER = r"\[[A-Z]+_\d+(?:[a-z]\d*)?\]"


def _any_of_the_words(phrases: tuple[str, ...]) -> str:
    """A pattern of any of PHRASES in any case, spaced as written or more widely, and the spaces after it."""
    return r"\b(?i:" + "|".join(words.replace(" ", r"[ \t]+") for words in phrases) + r")[ \t]+"


_TOLD_TO = _any_of_the_words(_TOLD_TO_WORDS)
# The words of such a name: capitalised in mixed case, or all in capitals, as a report in capitals writes one ("DISCUSSED
# WITH JOHN SMITH", "RESULTS GIVEN TO MARY LEE" were sent); not a title's nor a role's, nor the words that join a list of
# the people told (`_TOLD_LIST_JOIN`), which `_told_name` takes for no name word either: read as either in capitals ("SMITH
# AND SMITH AND ..."), a list of them had as many readings as a word of it could be either, each tried before a look-back
# failed (`_TOLD_BEFORE_IN_A_LIST`: 5 ms for 14 names, and a list every 150 characters took seconds).
_TOLD_NAME_WORD = (
    rf"(?!(?i:{_TITLES}|and|with)\b|{_ROLE_WORDS})(?-i:[A-ZÀ-ÖØ-Þ])(?:(?=\S*?(?-i:[a-zß-öø-ÿ]))[^\W\d_]*(?:['’\-][^\W\d_]+)*"
    r"|(?-i:[A-ZÀ-ÖØ-Þ'’\-]*)(?![^\W\d_]))"
)
_TOLD_NAME = rf"{_TOLD_NAME_WORD}(?:[ \t]+{_TOLD_NAME_WORD}){{0,3}}"
# The nouns of what is a patient's, which follow "patient" capitalised as a name would ("Patient Information Leaflet",
# "Patient Transport Service", "Patient Name John Smith"): no name word there.
_PATIENT_COMPOUND_NOUNS = (
    "name|names|id|number|details|information|leaflet|transport|safety|care|experience|advice|liaison|position|positioning|"
    "identification|identity|history|consent|preparation|record|records|notes|label|wristband|choice|services?|support|"
    "group|education|questionnaire|portal|access|flow|list|pathway|unit|ward|episode|demographics|weight|height|age|sex|"
    "gender|dose|motion|movement|cooperation|compliance|status|condition"
)
# A word of a name after "patient" in running text: capitalised in mixed case, as the sentence is written, also after an
# O' or a D' ("Mary O'Brien" was sent), not a title's nor a role's nor such a noun.
_PATIENT_NAME_WORD = (
    rf"(?!(?i:{_TITLES}|{_PATIENT_COMPOUND_NOUNS})\b|{_ROLE_WORDS})(?-i:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]|[OD]['’][A-ZÀ-ÖØ-Þ])[^\W\d_]*"
    rf"(?:['’\-][^\W\d_]+)*"
)
# The staff and relatives a result is told to by their role, who are no name ("discussed with Charge Nurse", "informed
# the Patient's Family").
_TOLD_STAFF_WORDS = frozenset("nurse nurses sister matron midwife surgeon surgeons clinician clinicians".split())
# The relatives a result is told to, who before a name are its title ("Discussed with Mother Smith", "Informed Wife Mary
# Smith" sent the name) as the staff's role words are.
_TOLD_RELATIVE_WORDS = frozenset("husband wife daughter son mother father parent partner carer friend".split())
_TOLD_NO_NAME_WORDS = _TOLD_STAFF_WORDS | _TOLD_RELATIVE_WORDS | frozenset(
    "charge colleague colleagues family relative relatives parents carers kin".split()
)
# Relatives and officials a result is told to by their role that are also surnames or given names ("Mr. Brother",
# "John Brother"), so no words of `_COMMON_WORDS`, which would send them everywhere: alone after words that put a person
# next they are no name ("Tell Mum", "Notify Coroner", "Inform Next Of Kin" hid the word), and before a name they are its
# title, as "Sister" is a nurse's and "Brother" a male nurse's ("Discussed with Brother Smith", "Dad John Smith").
_TOLD_KIN_WORDS = frozenset("mum mom dad brother grandmother grandfather grandparents guardian coroner next".split())
# A specialist named by the ending of the specialty's word ("Discussed with Oncologist", "Paediatrician",
# "Physiotherapist", "Pharmacist"), whom a result is told to by role.
_SPECIALIST = re.compile(r"(?i)[^\W\d_]+(?:ologists?|icians?|therapists?|macists?|thetists?)")
# The role of the member of staff told, before the name ("Discussed with Chest Physician Lee", "Informed Charge Nurse
# Smith", "Results given to Consultant Radiologist Jones"): up to two capitalised words of its service or grade, then the
# role's or a relative's (`_TOLD_RELATIVE_WORDS`, `_TOLD_KIN_WORDS`), after which a name is a person's, one word too, as after a
# title. Not a degree's letters.
_TOLD_ROLE = (
    rf"(?:{_CAPITAL}[^\W\d_]*(?:['’\-][^\W\d_]+)*[ \t]+){{0,2}}"
    rf"(?:{_ROLE_TITLES}|(?i:{'|'.join(sorted(_TOLD_STAFF_WORDS | _TOLD_RELATIVE_WORDS | _TOLD_KIN_WORDS))}))\b[ \t]+"
)
# What joins the people told, one after another ("discussed with Smith and Jones", "with Smith, Jones & Patel"), the
# words of telling said again or not ("with Smith and with Jones").
_TOLD_LIST_JOIN = r"(?:[ \t]*[,&][ \t]*|[ \t]+(?i:and)[ \t]+)(?:(?i:with)[ \t]+)?"
# The people told before a name in such a list, found or not yet ("Smith and ", "[NAME_1], "), each after a title or
# none, in any case ("Dr. Smith and Jones", "TOLD DR SMITH, JONES AND BROWN" sent "BROWN"), and a role before it ("Dr.
# Smith and Nurse Jones"). In capitals the verbs that follow a name are capitalised as a name is ("SPOKE TO MR. JOHN
# REED, MET HIM"), which `_told_name` takes for no name.
_TOLD_BEFORE_IN_A_LIST = (
    rf"(?:(?:(?i:{_TITLES})\.?[ \t]+)?(?:{_PLACEHOLDER}|{_TOLD_NAME}){_TOLD_LIST_JOIN})*(?:{_TOLD_ROLE})?$"
)
_LIST_BEFORE_A_NAME = re.compile(_TOLD_BEFORE_IN_A_LIST)
# Words that put a person next before a name in a list ("given to Mary Lee and John Smith").
_TOLD_TO_WORDS_FOUND = re.compile(_TOLD_TO)
_NEXT_TOLD = re.compile(_TOLD_LIST_JOIN)
_TOLD_LOOK_BACK = 160  # characters before a name that these are looked for in: a list of three full names and a role
# Of the words that put a person next, those of telling a person something, after which a surname alone is a person's
# ("discussed with Smith at 14:00", "discussed with Smith and Jones" were sent); "given to", "seen by" and "verified by"
# may put a disease, a device or a test next ("given to Crohn").
_SPOKEN_TO_WORDS_FOUND = re.compile(_any_of_the_words(_SPOKEN_TO_WORDS))
_CAPITAL_TITLES = rf"(?:(?:DR|MR|MRS|MS|PROF)\.|MRS|MISS|PROF|(?:DR|MR|MS)(?=[ \t]+(?:{_MISREAD_WORD}|{_SIGNED_WORDS}))|(?:{_SPOKEN_TO})(?:DR|MR|MS))"
# A title, as the title pattern reads one, starts the next name ("Dr. John Smith, Dr. Jane Doe"), while
# a bare "MR" is a name word ("SMITH, MR JOHN").
_TITLE_WORD = rf"(?-i:{_TITLES}\.?|{_CAPITAL_TITLES})(?![^\W\d_])"
# The English labels, a header field's start.
_EN_LABEL = "|".join((_LABEL_WORDS, _DOB_LABEL, _NAME_LABEL, _PATIENT_LABEL, _STAFF_LABEL, _EN_ID_LABEL, _ADDRESS_LABEL, _PHONE_LABEL))
# Text taken from a PDF or an HL7 segment glues the fields together ("Tel: 555-123-4567Dr. John Smith",
# "MRN: 12345678Patient: Jane Doe", "12 Elm Street出生日期：..."). A label or title also starts right after a
# digit or a Han character, and right after a Latin letter where the case changes as a word's never does:
# a capital after a lower-case letter ("SmithPatient:"), or a capital and a lower-case letter after a
# capital ("QX4411ZDr."). Inside a word in its own case one starts only as `_SHAPED_FIELD` says.
_GLUED_START = (
    r"(?:(?<=[\d\u4e00-\u9fff])|(?-i:(?<=[a-zß-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ])|(?<=[A-ZÀ-ÖØ-Þ])(?=[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ])))"
)
_FIELD_START = rf"(?:\b|{_GLUED_START})"
# Glued in a word's own case, a label is also the end of a word ("Purcell:", "Fairfax:", "Fluid:"), so
# there one starts a field only before its colon and a value of its shape, which a surname's tail is not
# followed by ("Dr. Purcell: seen today"): a phone number after a phone label ("Quillphone: 555 123
# 4567"), a date after a date of birth's ("QX4411ZDOB: 03/02/1941"), a number with a digit after a record
# label ("SMITHMRN: 12345"), and any text after an address label, which no word ends in ("Quilladdress: 12
# Elm Street"); or the placeholder of such a value, as the pattern of its kind may have put it there
# first. A date is no phone number ("Dr. Purcell: 12/03/2020" sent "cell"). A name label has no value of
# its own shape, and words end in it ("Rename:", "Outpatient:"), so glued it takes two capitalised words
# ("Quillname: Zeb Born", "SMITHPATIENT: JANE DOE") or one that ends its clause ("Quillname: Zeb", "SMITHPATIENT:
# DOE."; one word alone was sent), which such a word's prose rarely starts with
# ("Outpatient: Follow-up in 2 weeks"), and the words of a report are no name (`_found_value`). The
# label patterns read it as `_field_label` does.
_GLUED_PHONE = rf"(?!(?:{_DATE})(?![ \t()./+-]*\d))(?:{_PHONE_VALUE}|\[PHONE_\d)"
_GLUED_NAME = rf"(?-i:[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:\.?(?:, ?| )[A-ZÀ-ÖØ-Þ]|[ \t]*(?:[\r\n.,;|]|$)))"
_SHAPED_FIELD = (
    rf"(?:{_PHONE_LABEL}){_COLON}{_GLUED_PHONE}|(?:{_DOB_LABEL}){_COLON}(?:{_DATE}|\[DOB_\d)"
    rf"|(?:{_RECORD_LABEL}){_COLON}(?:[A-Za-z\d\-/]*\d|\[ID_\d)|(?:{_ADDRESS_LABEL}){_COLON}\S"
    rf"|(?:{_NAME_LABEL}|{_PATIENT_LABEL}){_COLON}(?:{_GLUED_NAME}|\[NAME_\d)"
)


def _field_label(label: str, separator: str, glued: str | None = None) -> str:
    """LABEL and its SEPARATOR where a header field starts, or GLUED (LABEL unless given) glued in a
    word's own case before its colon, where the value pattern after it asks for the shape
    `_SHAPED_FIELD` reads. The glued label is tried apart from `_FIELD_START`, which every position of
    a text passes through: there, trying every label of `_SHAPED_FIELD` made redacting 2-3 times slower."""
    return rf"(?:{_FIELD_START}(?:{label}){separator}|(?<=[^\W\d_])(?:{glued or label}){_COLON})"


def _glued_name_label(label: str) -> str:
    """The name LABEL glued in a word's own case, before the shape of a name (`_SHAPED_FIELD`): group
    "glued" tells `_found_value` to take no report word for a name there ("Rename: Lesion A")."""
    return rf"(?P<glued>{label})(?={_COLON}{_GLUED_NAME})"


# A name, an id or an address ends where a glued field starts: an English label before its colon, a
# title before its period and a space, or Han text before a colon right after Latin text ("Lee家庭住址："),
# not inside Han text, where a Chinese name runs up to a label (`_ZH_NAME_END`).
_GLUED_FIELD = (
    rf"(?:{_GLUED_START}(?:(?i:{_EN_LABEL}){_COLON}|(?-i:{_TITLES})\.[ \t])|(?<=[^\W\d_])(?=(?i:{_SHAPED_FIELD}))"
    rf"|(?<=[^\W_])(?<![\u4e00-\u9fff])[\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff])*{_COLON})"
)
# A period belongs to a name word only after an initial ("J. Smith"); after a longer word it ends the
# sentence, and a name running on would swallow the next one ("Dr Patel. Impression: ..."). A digit
# before two lower-case letters is a letter mistyped or misread ("Dr. J0hn Smith", "Mr. Sm1th"), while
# one before a capital, a single letter or none is a code or a number ("Patient: L5S1 level", "T2w",
# "Patient: John Smith 2"). In capitals a digit between capitals is one misread only where a code
# cannot be: a zero ("DR. J0HN SMITH"), or after two letters ("MR. SM1TH"), as sequence names have a
# letter and a digit ("MR. T2WI SHOWS", "T1WI").
_NAME_LETTERS = (
    rf"[^\W\d_](?:(?!{_GLUED_FIELD})(?:[^\W\d_]|\d(?=(?-i:[a-zß-öø-ÿ]{{2}}))"
    rf"|(?-i:(?:(?<=[A-ZÀ-ÖØ-Þ])0|(?<=[A-ZÀ-ÖØ-Þ]{{2}})\d)(?=[A-ZÀ-ÖØ-Þ]{{2}}))))*"
)
_WORD = rf"(?!{_LABEL_WORDS}|{_ROLE_WORDS}|{_TITLE_WORD})(?:[^\W\d_]\.|{_NAME_LETTERS}(?:['’\-]{_NAME_LETTERS})*)"
_PARTICLE = r"(?:van|von|der|den|de|del|della|da|di|du|la|le|bin|al|ten|ter|st\.?)"
# A name runs on over words, but not into the next header field: a label in any case before its colon
# ("Dr. John Smith Address: 12 Oak Road", "Zeb Quill, Reported by: Ann Lee"), or Han text before one ("Zeb
# Quill 家庭住址：...", "姓 名："), as Chinese labels are. Taken in, the label is hidden with the name and its
# value is sent. Only a colon tells a label in mixed case, where label words are also surnames ("Dr. Anna
# Born").
_NEXT_FIELD = rf"(?:(?i:(?:{_EN_LABEL})\b)|[\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff])*){_COLON}"
# The labels of the next field of a header, which follow a name, its age or its sex ("Ann While F DOB 01/02/1960", "Wong
# Wai On Hospital No 123").
_HEADER_FIELD_LABEL = rf"(?i:{_DOB_LABEL}|{_EN_ID_LABEL}|hosp(?:ital|\.)?|age|sex|gender)\b"
# A name ends before such a label without its colon too, whose value the label's own reading hides ("Pt: John Smith
# Hospital No 1234567", "Name: Ann While F Hospital No 1234567" sent the number as part of the name); "Born" is a surname
# too ("Dr. Anna Born, 1960").
_NEXT_FIELD_LABEL = rf"(?!(?i:born)\b){_HEADER_FIELD_LABEL}"
_NEXT_WORD = rf"(?!{_NEXT_FIELD}|{_NEXT_FIELD_LABEL}){_WORD}"
# "John Smith", "SMITH,JOHN", "van der Berg, Hendrika", "SMITH^JOHN": up to five words joined by a space, a
# comma or the carets of a DICOM person name, whose given name was sent after the family name was hidden.
_NAME_JOIN = r"(?:, ?| |\^+)"
_NAME = rf"{_WORD}(?:{_NAME_JOIN}{_NEXT_WORD}){{0,4}}"
# After "Patient:" prose may follow ("Patient: is a 63 year old male"): there the name must look like
# one, capitalised, possibly after lower-case particles. In capitals it ends before an everyday word of
# when ("DR. PATEL TODAY"), and `_capitals_name` ends it before a verb ("DR. PATEL SAID IT"); in mixed
# case a capitalised word after a name word is part of the name, everyday or not ("Dr. Anna Said on the
# phone"), as running text writes a verb in lower case ("Dr. Anna said"):
# hiding a verb written as a name costs the model a word, leaving a surname that is a word shows it. But in any case
# it ends before a word that opens the next phrase where more words of its sentence follow that word (`_OPENS_A_PHRASE`:
# "Dr Brown While on call", "Dr Brown At 14:00"), though not after a label, which says a name follows in full
# (`_LABELLED_PROPER_NAME`: "Pt: Wong Wai On, 45M", "Radiologist: Lee Ka On" sent the last given name or surname).
_CAPITALISED_NOT_A_ROLE = rf"(?!{_ROLE_WORDS}){_CAPITAL}[^\W\d_]*(?:['’\-][^\W\d_]+)*"
_EVERYDAY_NOT_VERB_IN_CAPITALS = rf"(?={_EVERYDAY_NOT_VERB})(?-i:[A-Z]+)\b"
# The age or the sex a header writes after a name ("Wong Wai On, 45M", "Ann While 45 F", "Lee Ka On male"), which ends
# no sentence's phrase. A sex's letter is no word's initial: no word follows it ("At M ward" is a place), but a header's
# next label.
_AGE_OR_SEX = (
    rf"(?:\d{{1,3}}[ \t]*(?-i:[MF]\b|y/?o\b|yrs?\b|years?\b|-year)|(?-i:[MF])\b(?![ \t]+(?!{_HEADER_FIELD_LABEL})[^\W\d_])"
    rf"|(?i:male|female)\b)"
)
# A word that opens a phrase with more words of its sentence after it, not a sentence's or a line's end, a mark or an
# age or sex, where it is a name's last word ("Reported by Dr Mary When.", "Patient: Ann While, 45F").
_OPENS_A_PHRASE = rf"{_PHRASE_OPENER}(?=[ \t]+(?!{_AGE_OR_SEX})[^\W_])"


def _proper_name(ends_before: str) -> str:
    """A capitalised name, possibly after particles, whose later words are none that ENDS_BEFORE."""
    return (
        rf"(?:{_PARTICLE} ){{0,2}}(?={_CAPITAL}){_WORD}"
        rf"(?:{_NAME_JOIN}(?:{_PARTICLE} )?(?={_CAPITAL})(?!{ends_before}){_NEXT_WORD}){{0,4}}"
    )


_PROPER_NAME = _proper_name(rf"{_EVERYDAY_NOT_VERB_IN_CAPITALS}|{_OPENS_A_PHRASE}")
_LABELLED_PROPER_NAME = _proper_name(_EVERYDAY_NOT_VERB_IN_CAPITALS)
# The doctors a copy of the report goes to, one after another ("CC: Dr A Khan; Dr B Patel", "Copy to: A Khan and
# B Patel"), at a line's start, as "cc" is also a volume ("10 cc:"): one placeholder for the list.
_NAME_LIST = rf"{_LABELLED_PROPER_NAME}(?:[ \t]*(?:[;/&]|\band\b)[ \t]*(?:{_TITLES}\.?[ \t]+)?{_LABELLED_PROPER_NAME})*"
# A Chinese name ends before the next header field's label and before a role after it in a sign-off
# ("王五 主任医师", "李四副教授"); spaced too, as forms align their labels ("性　别").
_ZH_STOP_WORDS = "(?:" + "|".join(
    "[ \t\u3000]?".join(word)
    for word in (
        "姓名 性别 年龄 患者 病人 受检 住院 门诊 病案 病历 出生 电话 手机 住址 地址 身份 检查 床号 科室 报告 审核 诊断 主治 医生 医师 "
        "复核 记录 签名 签字 技师 技术员 主任 副主任 教授 副教授 主管 进修 实习 规培 家庭 现住 打字 录入 抄送"
    ).split()
) + ")"
# Han characters, one space or a middle dot allowed between them ("李 雷", "司马·相如"), never a label; before
# findings glued to it, up to their organ (`_before_an_organ`). Nor the sex a form glues to the name and the age
# ("姓名：张三男45岁") or spaces from both ("张三 男 45岁"), which was hidden with the name; a given name may end in 男 or
# 女 ("王亚男 45岁"), so only an age right after it, or a space before it, tells the sex, and a name keeps two
# characters ("李男 45岁").
_ZH_SEX_BEFORE_AGE = r"(?:(?<=[ \u3000])[男女]性?[ \t\u3000]*|[男女]性?)\d{1,3}[ \t\u3000]*[岁月天周]"
_ZH_NAME_CHARACTER = rf"[ \u3000·]?(?!{_ZH_STOP_WORDS})[\u4e00-\u9fff]"
_ZH_NAME = rf"(?!{_ZH_STOP_WORDS})[\u4e00-\u9fff]{_ZH_NAME_CHARACTER}(?:(?![ \u3000·]?{_ZH_SEX_BEFORE_AGE}){_ZH_NAME_CHARACTER}){{0,3}}"
# A name right after "患者" with no label ("患者张三，男，67岁") is told from the words prose puts there
# ("患者咳嗽，男", "患者是一名男性", "患者大约45岁") by its first character, one of the common surnames,
# and by what comes next: the sex or the age, as a report's first line gives them ("患者张三男，45岁"), or
# a punctuation mark or the line's end ("患者张三，因胸痛就诊"). Left out are the surnames that also begin
# the words prose puts right after 患者 (于 "on", 曾 "once", 高 of 高热 and 高龄, 黄 of 黄疸, 苏 of 苏醒):
# such names are found only before the sex or the age, as a surname not on the list is (`_ZH_UNLISTED_NAME`).
_ZH_SURNAMES = (
    "王李张刘陈杨赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭肖田董袁潘蒋蔡余杜叶程魏吕丁任沈姚卢姜崔钟谭陆"
    "汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Compound surnames, which a four-character name has ("司空摘星", "欧阳明月").
_ZH_COMPOUND_SURNAMES = "欧阳|司马|诸葛|上官|司空|公孙|慕容|令狐|皇甫|尉迟|宇文|夏侯|端木|独孤|南宫|轩辕"
_ZH_COMPOUND_SURNAME = re.compile(_ZH_COMPOUND_SURNAMES)
_ZH_SURNAME = rf"(?:{_ZH_COMPOUND_SURNAMES}|[{_ZH_SURNAMES}])"
# Two or three characters, as nearly all Chinese names have (four would take "术后复查" of "患者术后复查，
# 男"), none of them a word of that sex and age (the name of "患者张三男，45岁" ends before 男), but a given name's
# last 男 or 女 where the sex follows it ("患者王亚男，男，45岁", "患者王亚男男45岁" sent the 男 of the name).
_ZH_NOT_SEX_OR_AGE = r"(?:(?![男女性年龄岁])[\u4e00-\u9fff])"
_ZH_BARE_NAME = (
    rf"{_ZH_SURNAME}(?:{_ZH_NOT_SEX_OR_AGE}?[男女](?=[ \t\u3000,，、;；]*[男女])|{_ZH_NOT_SEX_OR_AGE}{{1,2}})"
)
# A surname not on the list ("患者阮小二，男，45岁") starts as many words of prose do ("患者咳嗽，男", "患者老年男性",
# "患者大约45岁"): there two or three characters are a name unless they hold a word (`_is_chinese_prose`).
_ZH_UNLISTED_NAME = rf"{_ZH_NOT_SEX_OR_AGE}{{2,3}}"
_SEX_OR_AGE_NEXT = r"(?=[ \t\u3000,，、;；:：]*(?:男|女|性别|年龄|\d{1,3}岁))"
# A name ends before a punctuation mark, a space, the text's end, or the next field's label when forms
# run the fields together ("主任医师：王五审核医师：赵六"): a label's word, at most three more characters
# and a colon, so that prose ("方可诊断") does not end a name.
_ZH_NEXT_LABEL = rf"{_ZH_STOP_WORDS}[\u4e00-\u9fff]{{0,3}}[ \t]*[:：]"
_ZH_NAME_END = rf"(?=[，,。.；;、/／(（\s]|$|{_ZH_NEXT_LABEL}|{_GLUED_FIELD})"
# "And others" (等, 等人) after the last name of the people a result went to or a case is discussed with, no given name's
# ("已电话告知李明等。" hid 李明等, so 李明 was sent where the case said it again).
_ZH_AND_OTHERS = r"(?:等人?)?"
# Characters of the words that put staff by rank or shift where a given name would stand, so no given name's: 年 级 资
# 班 何 ("高年资医师", "上级医生", "由白班医生", "与任何医生", "已通知白班。").
_ZH_NOT_A_GIVEN_NAME = "[年级资班何]"
_ZH_SURNAME_NAME = rf"{_ZH_SURNAME}(?:(?!{_ZH_NOT_A_GIVEN_NAME})[\u4e00-\u9fff]){{1,2}}?(?={_ZH_AND_OTHERS}{_ZH_NAME_END})"
# The staff a Chinese report names by surname and title ("王主任", "李医师", "王护士"): the name is hidden, the
# title stays. Surnames here include 黄 高 苏 曾, as prose puts none of them right before a title, but not
# 向 ("向医生咨询", "报告医师向上级医师汇报").
_ZH_STAFF_TITLE = r"(?:副?主任|副?教授|医师|医生|技师|大夫|护士长?|主治)"
# Titles of a person named in full before them, which a surname alone is not hidden before ("王先生" is kept, as
# 王 alone spread over the case would hide it inside words).
_ZH_PERSON_TITLE = r"(?:先生|女士)"
_ZH_STAFF_SURNAME = rf"(?:{_ZH_COMPOUND_SURNAMES}|[{_ZH_SURNAMES.replace('向', '')}黄高苏曾])"
# Verbs of passing a result on ("电话告知", "已通知", "转告", "通报"), and to whom by role ("临床医生", "家属").
_ZH_PASSED_ON = r"(?:告知|通知|转告|告诉|通报)"
_ZH_PASSED_TO_WHOSE = r"(?:临床|主管|值班|经治|主治|管床|接诊|申请|患者|其|上级)"
_ZH_PASSED_TO_ROLE = r"(?:医生|医师|护士长?|主任|家属|本人)"
_ZH_PASSED_TO = rf"{_ZH_PASSED_TO_WHOSE}?{_ZH_PASSED_TO_ROLE}?"
# The verbs of discussing a case with a person: discuss, consult, confer ("与李四讨论", "与王五商议", "与张三会诊").
_ZH_DISCUSSED = r"(?:讨论|商议|商量|商讨|协商|会诊)"
# What a list of the people a case is discussed or communicated with ends in: "and others" (等, 等人), then how (进行 "held",
# 电话 "by phone"), then the verb ("与张三、王五等讨论" hid 王五等, so 王五 was sent where the case said it again; "等人讨论",
# "进行讨论", "电话讨论", "电话沟通", "进行沟通" sent the names).
_ZH_HOW_CONFERRED = rf"{_ZH_AND_OTHERS}(?:进行|电话)?"
_ZH_CONFERRED = rf"{_ZH_HOW_CONFERRED}(?:{_ZH_DISCUSSED}|沟通)"
# What joins the names of a list of the people a result went to (和, 及, 与 "and", 、), and a name of such a list before
# its join, whom the next went to said again or not ("李明及王芳", "李明及护士王芳", "张三和李四医生" where the next is found
# already), or the next named by role alone ("已告知张三和家属", "张三及患者本人", "李明与值班医生" sent the name): a listed
# surname and one or two characters, but a relative's kinship word that starts with a surname's character (孙子 grandson,
# 孙女 granddaughter: "已告知患者孙子及家属" hid 孙子, and so wherever the case said it) when the join follows it
# straight away: a name that only starts so ("孙子然", "孙女士" Ms Sun) is still a name.
_ZH_LIST_JOIN = r"[和及与、]"
_ZH_KINSHIP_WORDS = r"(?:孙子|孙女|孙儿|孙媳)"
# A person of such a list told by role alone ("家属", "患者本人", "值班医生").
_ZH_TOLD_BY_ROLE = rf"(?:{_ZH_PASSED_TO_WHOSE}?{_ZH_PASSED_TO_ROLE}|患者|病人)"
_ZH_LISTED_NAME = (
    rf"(?!{_ZH_KINSHIP_WORDS}{_ZH_LIST_JOIN}){_ZH_SURNAME}(?:(?!{_ZH_NOT_A_GIVEN_NAME})[\u4e00-\u9fff]){{1,2}}?"
    rf"(?={_ZH_LIST_JOIN}(?:{_ZH_PASSED_TO}(?:{_ZH_SURNAME}|\[NAME_)|{_ZH_TOLD_BY_ROLE}))"
)
# The people of such a list told by role alone before the next name, each before its join ("已告知家属、张三和李四",
# "张三与患者本人、李四及王五" sent the names after the role).
_ZH_TOLD_BY_ROLE_IN_A_LIST = rf"(?:{_ZH_TOLD_BY_ROLE}{_ZH_LIST_JOIN})*"
# What a person named before it does with a result: already, knows, agrees, confirms, and the verbs of passing it on
# ("护士长王芳已知晓", "主任李明同意", "医生张三告知家属").
_ZH_DONE_BY_A_PERSON = rf"(?:已|知晓|知悉|同意|表示|确认|{_ZH_PASSED_ON})"
# What a history's first clause opens with right after the patient's name: because (因), on or at (于), is admitted (入院).
# Not tells (诉, 自述, 主诉), which prose puts after words that start with a surname's character ("患者余未诉不适", 余 "the
# rest"; "患者向医生诉说病情", 向 "to"), nor sees a doctor (就诊), which follows a place ("患者向医院就诊", 向 "to"), nor comes
# to the hospital (来院), which follows a way of coming ("患者戴口罩来院", 戴 "wearing") or an adverb ("患者张三将来院" would
# take 将 "will" into the name and send it elsewhere).
_ZH_CLAUSE_AFTER_THE_PATIENT = r"(?:[因于]|入院)"
# Words that put a person next, before a surname and a title: with, and (和, 及, as a list of the staff told joins its
# last name, "已告知张医生、李医生及王护士"), please, through, by ("与张医生沟通", "请张医生会诊", "经王主任同意",
# "由李医师复核"), a verb of passing a result on, and "contacted" ("已电话联系李明医生").
# The verbs are `_ZH_PASSED_ON`'s, all of two characters as 联系, 交予 and 交给 are, as a look-behind needs.
_ZH_PERSON_NEXT = rf"(?<=[与和及请经由])|(?<={_ZH_PASSED_ON}|联系|交予|交给)"
# With the typist's ("打字：", "录入：") and the copy's ("抄送：") labels.
_ZH_STAFF_LABEL = r"(?:(?:报告|审核|复核|诊断|检查)医[生师]|(?:报告|审核|复核|记录)[者人]|技师|技术员|签名|签字|打字|录入|抄送)"
# The doctor who asked for the examination ("申请医生：王五").
_ZH_REQUEST_LABEL = r"(?:申请|送检|开单)医[生师]"
# A nurse's role as a label ("护士：王芳。" was sent), with its colon only: before a name without one it is a title
# ("护士王芳已知晓").
_ZH_NURSE_LABEL = r"护士长?"
# A title as a sign-off's label ("主任医师：李四", "副主任医师：王五", "主治医师：赵六").
_ZH_TITLE_LABEL = r"(?:(?:副?主任|住院|主治)医[生师]|副?教授)"
# The name after a sign-off label or a title as label. A colon after either may also start what the
# doctor said ("主任医师：建议随访", "报告医生：右肺上叶结节"), so only a name is taken: a staff surname and one
# or two characters that start no label's word, alone before a punctuation mark, a space, the line's
# end, the next label or a title, which stays readable as after a surname ("主治医师：李四主任医师").
# After a label's colon the surname need not be a common one ("审核医师：阮小二", "技师：仇十洲"), as the
# label says a name follows: there a name is two or three characters but the words that start what
# a doctor says in as few ("主任医师：同意。", "审核医师：同上", "技师：待定", "报告医生：右肺，..."). There a bare
# colon, ASCII or full-width, ends it too, as fields glued by one ("报告医生：赵六:MRN:12345678", "审核医生：钱七：")
# put it where a label's own colon would not (the name was sent); not after "患者", where Han text before one
# is a label ("患者陈述:").
_ZH_NAME_REST = rf"(?:(?!{_ZH_STOP_WORDS}|{_ZH_STAFF_TITLE})[\u4e00-\u9fff]){{1,2}}(?:{_ZH_NAME_END}|(?=[:：]|{_ZH_STAFF_TITLE}))"
_ZH_STAFF_NAME = rf"{_ZH_STAFF_SURNAME}{_ZH_NAME_REST}"
_ZH_PROSE_START = r"(?:同|见|待|未|无|不|请|建议|已|需|可|详|如|参|[左右双两])"
# Nor is a section's heading a name: an empty sign-off runs into the next section, the heading before its colon
# ("审核医师：意见：同意" hid 意见 wherever the case said it) or without one, before the line's end or a mark
# ("审核医师：意见\n同意"). Only the whole word, with no Han character after it ("方明" stays a name: 方法 is a heading).
_ZH_NOT_A_HEADING = rf"(?!(?:{CHINESE_HEADING_WORD})(?![\u4e00-\u9fff]))"
_ZH_LABELLED_STAFF_NAME = (
    rf"{_ZH_NOT_A_HEADING}(?:{_ZH_STAFF_SURNAME}|(?!{_ZH_STOP_WORDS}|{_ZH_STAFF_TITLE}|{_ZH_PROSE_START})[\u4e00-\u9fff]){_ZH_NAME_REST}"
)
# "at" and "dot" of an e-mail address spelled out, as words or in brackets.
_SPELLED_AT = r"[ \t]+(?i:at|\(at\)|\[at\])[ \t]+"
_SPELLED_DOT = r"[ \t]+(?i:dot|\(dot\)|\[dot\])[ \t]+"
# The endings a domain spelled out has: common generic domains and country codes. Not any two or three letters: "at
# nipple dot on the image", "focus at T4 dot is stable" are prose ("is", "in", "no", "me" are country codes too, so
# such words are left out).
_SPELLED_DOMAIN_END = (
    r"(?i:com|org|net|edu|gov|mil|int|info|biz|nhs|ac|uk|cn|hk|tw|sg|jp|kr|au|nz|ca|ie|de|fr|nl|es|ch|se|dk|fi|eu|za)"
)
# At most this many words joined by "dot" on each side of the "at": a bound, so that a long run of "x dot x dot ..."
# is not scanned from each of its words to its end for an "at".
_SPELLED_LABELS = "{0,4}"
# Record, accession and id numbers: letters, digits and dashes with at least one digit ("ABCDE12345"), and dots
# between digits ("2024.03.12.001" sent all but its first group), not one that ends a sentence.
_ID_VALUE = (
    rf"(?=[A-Za-z\d\-/.]*\d)[A-Za-z\d](?:(?!{_GLUED_FIELD})(?:[A-Za-z\d\-/]|(?<=\d)\.(?=\d))){{2,24}}"
    rf"(?:(?![A-Za-z\d])|(?={_GLUED_FIELD}))"
)
# An id written in three groups or more, a space apart, the first of at most four characters ("12 34 56 78", "RX1 234
# 567"), as no whole id is that short: its first group was hidden and the rest sent. A number after an id ("MRN:
# 1234567 45 yo") is no group of it.
_GROUPED_ID_VALUE = r"[A-Za-z\d]{0,3}\d(?: \d{2,4}){2,}(?!\w|\.\d)"
_TITLE = rf"(?:{_TITLES}\.?[ \t]+)?"
# An address runs to the end of its line or to a wide gap before the next header field.
_EN_ADDRESS = rf"[^\s].*?(?=[ \t]{{2,}}|\n|$|{_GLUED_FIELD})"
_SENTENCE_START = r"(?:^[ \t]*|(?<=[.!?])[ \t]+)"
# An address needs no label where its shape tells it (`Lives at 12 Elm Street, Leeds LS1 4AB` was sent): a house's
# number, one to three words in mixed case of three letters or more and a street's kind, then the town's such words
# after commas and a UK postcode or a US state and ZIP code; a report names no part of the body that way, and its
# devices in capitals or with a short unit ("22 FR THREE WAY CATHETER", "22 Fr Three Way"). A Chinese one: a city or a
# province, a district or a county, and a road, a street or a lane with its house number ("北京市海淀区中关村大街27号"),
# not the verb before it ("家住", "位于").
_STREET_KIND = r"(?i:street|st|road|rd|avenue|ave|lane|ln|drive|close|crescent|way|court|place|terrace|grove|gardens|boulevard|blvd|square)"
_PLACE_WORD = r"(?-i:[A-Z](?:[a-z]|['’][A-Z])[A-Za-z'’\-]+)"
_STREET_ADDRESS = (
    rf"(?<![\w/.,])\d{{1,5}}[A-Za-z]?(?:[ \t]+{_PLACE_WORD}){{1,3}}[ \t]+{_STREET_KIND}\b\.?"
    rf"(?:,[ \t]*(?![A-Z]{{2}}[ \t]+\d{{5}}){_PLACE_WORD}(?:[ \t]+{_PLACE_WORD}){{0,2}})*"
    r"(?:,?[ \t]+(?-i:[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}|[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?))?(?![\w])"
)
_HAN_STREET_ADDRESS = (
    r"(?![住在于至往])(?:[\u4e00-\u9fff]{2,3}(?:省|自治区))?(?![住在于至往])[\u4e00-\u9fff]{2,3}市(?:[\u4e00-\u9fff]{2,3}(?:区|县))?"
    r"[\u4e00-\u9fff]{1,8}?(?:路|街|道|巷|弄)\d+号(?:\d+(?:栋|幢|单元|室|楼|号))*"
)
# Phone numbers that need no label: a PRC mobile; an international number, a "+", a country code and at
# least three more groups after a space, a dot or a dash, so that a change ("+20% increase", "+5 mm") or
# a number run on ("+2020 7946") is none, the first group possibly after a trunk prefix written "(0)"
# ("+44 (0)20 7946 0958"), not after a Latin letter or digit but after Han text, which it
# may be glued to ("北京市海淀区+86 138 0013 8000"); a NANP number, not inside a longer dotted number
# ("10.555.123.4567.8"), but before a sentence's period.
_PRC_MOBILE = r"(?<!\d)1[3-9]\d{9}(?!\d)"
_INTERNATIONAL_PHONE = (
    r"(?:(?<![\w+])|(?<=[\u4e00-\u9fff]))\+\d{1,3}(?:[ .-]?\(0\)[ .-]?\d{1,4}|[ .-]\(?\d{1,4}\)?)(?:[ .-]\(?\d{1,4}\)?){2,4}(?![\d%])"
)
_NANP_PHONE = r"(?<!\d)(?<!\d\.)\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\.?\d)"
_UNLABELLED_PHONE = f"(?:{_PRC_MOBILE}|{_INTERNATIONAL_PHONE}|{_NANP_PHONE})"

# An HL7 v2 segment pasted into a report ("PID|1||12345^^^HOSP^MR||SMITH^JOHN^A||19600101|...") has no labels:
# its fields say what they hold by their position, so the identifying ones are hidden by position, each
# component on its own ("SMITH", "JOHN"), and the rest of the segment stays as it is. By HL7 v2.5: PID-2, 3, 4,
# 18, 19, 20, 21 identifiers, PID-5, 6, 9 names, PID-7 the birth date, PID-11, 23 addresses, PID-13, 14
# phones; PV1-7, 8, 9, 17, 52 doctors, PV1-19, 50 visit numbers; NK1-2, 30 names, NK1-4, 32 addresses,
# NK1-5, 6, 31 phones, NK1-33, 37 identifiers; the insured (IN1-16 name, IN1-18 birth date, IN1-19 address,
# IN1-10, 36, 49 identifiers) and the guarantor (GT1-3, 4 names, GT1-5 address, GT1-6, 7 phones, GT1-8 birth
# date, GT1-2, 12, 19 identifiers); the doctors of an order (ORC-10, 11, 12, 19 and OBR-16, 28, 32-35 names,
# ORC-14 and OBR-17 call-back phones); and a merged record's prior ids (MRG-1 to 6) and name (MRG-7).
# Segments of results (OBX) hold the findings, and OBR-4 the examination, never touched.
_HL7_FIELD_KINDS = {
    "PID": {2: "ID", 3: "ID", 4: "ID", 5: "NAME", 6: "NAME", 7: "DOB", 9: "NAME", 11: "ADDRESS", 13: "PHONE", 14: "PHONE"}
    | {18: "ID", 19: "ID", 20: "ID", 21: "ID", 23: "ADDRESS"},
    "PV1": {7: "NAME", 8: "NAME", 9: "NAME", 17: "NAME", 19: "ID", 50: "ID", 52: "NAME"},
    "NK1": {2: "NAME", 4: "ADDRESS", 5: "PHONE", 6: "PHONE", 30: "NAME", 31: "PHONE", 32: "ADDRESS", 33: "ID", 37: "ID"},
    "IN1": {10: "ID", 16: "NAME", 18: "DOB", 19: "ADDRESS", 36: "ID", 49: "ID"},
    "GT1": {2: "ID", 3: "NAME", 4: "NAME", 5: "ADDRESS", 6: "PHONE", 7: "PHONE", 8: "DOB", 12: "ID", 19: "ID"},
    "ORC": {10: "NAME", 11: "NAME", 12: "NAME", 14: "PHONE", 19: "NAME"},
    "OBR": {16: "NAME", 17: "PHONE", 28: "NAME", 32: "NAME", 33: "NAME", 34: "NAME", 35: "NAME"},
    "MRG": {1: "ID", 2: "ID", 3: "ID", 4: "ID", 5: "ID", 6: "ID", 7: "NAME"},
}
_HL7_SEGMENT = re.compile(rf"(?<![^\r\n])[ \t]*(?P<segment>{'|'.join(_HL7_FIELD_KINDS)})\|[^\r\n]*")
# A component or a repetition's, between the separators "^", "~" and "&", without the spaces around it.
_HL7_COMPONENT = re.compile(r"[^\^~&\s](?:[^\^~&]*[^\^~&\s])?")

# A DICOM header dumped into a report names its elements by tag, in the forms dcmdump and pydicom print
# ("(0010,0010) PN [SMITH^JOHN]", "(0010, 0010) Patient's Name  PN: 'SMITH^JOHN'"): the identifying ones are hidden by
# their tag, as HL7 fields by their position. By DICOM PS3.6: the patient's name, other and birth names, id, other ids,
# birth date, address, phone numbers; the accession number, the study id, the admission id; the referring, performing,
# reading and requesting physicians and the operators.
_DICOM_TAG_KINDS = {
    "NAME": ("0010,0010", "0010,1001", "0010,1005", "0010,1060", "0008,0090", "0008,1050", "0008,1060", "0008,1070", "0032,1032"),
    "ID": ("0010,0020", "0010,1000", "0008,0050", "0020,0010", "0038,0010"),
    "DOB": ("0010,0030",),
    "ADDRESS": ("0010,1040",),
    "PHONE": ("0010,2154",),
}


def _dicom_element(tags: tuple[str, ...]) -> str:
    """The value of a dumped DICOM element of one of TAGS: after the tag and its name or value representation, in
    brackets or after a colon and maybe in quotes, to the bracket's or quote's end, a "#" comment or the line's end.
    The element's name between tag and value is looked for over 64 characters at most, not to the line's end from
    each tag of a long line."""
    tag = "|".join(rf"{group}[ \t]*,[ \t]*{element}" for group, element in (tag.split(",") for tag in tags))
    return (
        rf"(?i)\([ \t]*(?:{tag})[ \t]*\)[^\[:\r\n]{{0,64}}?(?:\[|:[ \t]*['\"]?)"
        rf"(?P<value>[^\]'\"\r\n#]*[^\]'\"\s#])"
    )


# Initials that sign a report: a typist's code, the author's in capitals and the typist's in lower case ("JS/ab"), at a
# line's start or its end with no full stop after it, where a sign-off puts it ("JS/ab 12/03/2024", "Dictated by: Dr
# Jones JS/ab"; not "10 mg/kg IV/po."), and initials with their full stops as a sentence of their own that ends its line
# ("Reported by Dr. A. Jones. J.S.", "J.S." alone), where no abbreviation stands ("follow-up U.S." follows a word).
_TYPIST_CODE = r"[A-Z]{2,3}/[a-z]{2,3}"
_DOTTED_INITIALS = r"(?:[A-Z]\.){2,3}"
_SIGNING_INITIALS = rf"{_TYPIST_CODE}|{_DOTTED_INITIALS}"

# (kind, pattern): group "value" is what gets replaced; labels stay so the text still reads naturally.
# The next name of a list whose name before it is hidden ("[NAME_1]、李四和王五"): each one hidden lets the next be found,
# so `Redactor._replace_found` goes on along the list from each name it hides (`_ZH_LIST_GOES_ON`: "告知张三、李四和王五。"
# sent the third). Searched again over the text for each name, a list took time that grew with its length squared (159 s
# for 100 kB).
# A surname hidden before its title, of one or two words ("李主任医师"), goes on to the next name as a name does
# ("已通知李主任、王五和张三" sent both names). The list's last name ends at its clause's end, or before a colon, 沟通
# or what a person does with a result ("已告知李主任、王五：", "已和李主任、王五沟通。" sent 王五).
_ZH_LAST_LISTED_NAME = (
    rf"{_ZH_SURNAME}(?:(?!{_ZH_NOT_A_GIVEN_NAME})[\u4e00-\u9fff]){{1,2}}?(?={_ZH_AND_OTHERS}[：:]|{_ZH_CONFERRED}|{_ZH_DONE_BY_A_PERSON})"
)
# The first name of such a list after "with" (与, 和, 同), whom a case is discussed with, with no title ("与张三、王五讨论后",
# "与李明商议" sent the names), or communicated with after "already" ("已和张三、王五沟通"; without it 沟通 is also what a
# cavity does with a bronchus, "与叶间裂沟通"): the whole list, names of a listed surname and one or two characters that
# read as no prose (`_is_chinese_prose`) joined as a list of the people told is, up to such a verb, as findings listed
# after 与 ("与叶间裂关系密切") are followed by none; at most five, so that a long run of them is not scanned to its end
# from each.
_ZH_LIST_MEMBER = rf"{_ZH_SURNAME}(?:(?!{_ZH_NOT_A_GIVEN_NAME}|{_ZH_STAFF_TITLE})[\u4e00-\u9fff]){{1,2}}?"
# After the first, a member may be named by role ("与张三及其家属讨论" sent the name), as after a verb of passing a result on;
# and before it, each before its join ("与家属及张三讨论", "与患者本人及张三讨论" sent the name), as after such a verb: at
# most four, as a run of them is read again from each join in it.
_ZH_LISTED_MEMBERS = rf"{_ZH_LIST_MEMBER}(?:{_ZH_LIST_JOIN}(?:{_ZH_LIST_MEMBER}|{_ZH_TOLD_BY_ROLE})){{0,4}}"
_ZH_ROLES_BEFORE_A_MEMBER = rf"(?:{_ZH_TOLD_BY_ROLE}{_ZH_LIST_JOIN}){{0,4}}"
_ZH_CONFERRED_WITH = re.compile(
    rf"(?:(?<=[与和同]){_ZH_ROLES_BEFORE_A_MEMBER}(?={_ZH_LISTED_MEMBERS}{_ZH_HOW_CONFERRED}{_ZH_DISCUSSED})"
    rf"|(?<=已[与和]){_ZH_ROLES_BEFORE_A_MEMBER}(?={_ZH_LISTED_MEMBERS}{_ZH_HOW_CONFERRED}沟通))"
    rf"(?P<passed>)(?P<value>{_ZH_LIST_MEMBER})(?={_ZH_LIST_JOIN}|{_ZH_CONFERRED})"
)
_ZH_LIST_GOES_ON = re.compile(
    rf"(?:{_ZH_STAFF_TITLE}{{1,2}}|{_ZH_PERSON_TITLE})?{_ZH_LIST_JOIN}{_ZH_TOLD_BY_ROLE_IN_A_LIST}{_ZH_PASSED_TO}(?P<passed>)"
    rf"(?P<value>{_ZH_SURNAME_NAME}|{_ZH_LISTED_NAME}|{_ZH_LAST_LISTED_NAME})"
)
_ZH_NEXT_IN_A_LIST = re.compile(rf"\[NAME_\d+(?:[a-z]\d*)?\]{_ZH_LIST_GOES_ON.pattern}")
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    *((kind, re.compile(_dicom_element(tags))) for kind, tags in _DICOM_TAG_KINDS.items()),
    # a typist's code alone at a line's end, or opening a line with nothing but a date after it: "AP/lat views" and
    # "IV/po given" open lines too
    ("NAME", re.compile(rf"(?m)(?:^[ \t]*(?={_TYPIST_CODE}[ \t]*(?:{_DATE})?[ \t]*$)|(?<=[ \t])(?={_TYPIST_CODE}[ \t]*$))"
                        rf"(?P<value>{_TYPIST_CODE})(?![\w/])")),
    # initials signing a line, or after a sentence's full stop: not after "?" or an abbreviation's dot ("?P.E.", "L.V. R.V.")
    ("NAME", re.compile(rf"(?m)(?:^[ \t]*|(?<=[a-z]\.)[ \t]+)(?P<value>{_DOTTED_INITIALS})[ \t]*$")),
    ("DOB", re.compile(rf"(?i){_field_label(_DOB_LABEL, _SEP)}(?P<value>{_DATE})")),
    ("DOB", re.compile(rf"(?:出生日期|出生年月日?|生日){_SEP}(?P<value>{_DATE})")),
    (
        "NAME",
        re.compile(rf"(?i){_field_label(_NAME_LABEL, _COLON, _glued_name_label(_NAME_LABEL))}{_TITLE}(?P<value>{_NAME})"),
    ),
    (
        "NAME",
        re.compile(rf"(?i){_field_label(_PATIENT_LABEL, _COLON, _glued_name_label(_PATIENT_LABEL))}{_TITLE}(?P<value>{_LABELLED_PROPER_NAME})"),
    ),
    ("NAME", re.compile(rf"(?im)^[ \t]*(?:cc|copy to|copies to){_COLON}{_TITLE}(?P<value>{_NAME_LIST})")),
    ("NAME", re.compile(rf"(?i){_FIELD_START}(?:{_STAFF_LABEL})(?:{_COLON_NEXT_LINE}|{_SEP})(?P<staff_title>{_TITLE}){_NO_NAME_AFTER_SIGN_OFF}(?P<value>{_LABELLED_PROPER_NAME})")),
    # A dash after the verb too ("REPORTED BY - JOHN SMITH"), as a colon would be.
    ("NAME", re.compile(rf"(?im){_SENTENCE_START}{_SIGNED_BY}(?:[ \t]*[-–—])?[ \t]+(?P<staff_title>{_TITLE}){_NO_NAME_AFTER_SIGN_OFF}(?P<value>{_PROPER_NAME})")),
    # A title is a label too: "Mr. Quixotefrank", "seen by Dr. Vorpalblade", "MRS SMITH".
    ("NAME", re.compile(rf"(?:\b|{_GLUED_START}(?=(?i:{_TITLES})\.))(?P<title>{_TITLES}\.?|{_CAPITAL_TITLES}|(?P<bare>{_BARE_TITLE}))[ \t]+(?P<value>{_PROPER_NAME})")),
    # A name before the letters of its holder's degree or role, with no title or label ("discussed with SMITH PA",
    # "JOHN SMITH MD"): up to three capitalised words right before them, all name words and none a part of the body
    # (`_found_value`), as a radiograph's projection puts "PA" after its part or position ("CHEST PA", "XR HAND PA"),
    # nor a role's or a degree's ("MBBS FRCR").
    ("NAME", re.compile(rf"(?<![\w\[\]'’.\-])(?P<value>(?:{_CAPITALISED_NOT_A_ROLE}[ \t]+){{0,2}}{_CAPITALISED_NOT_A_ROLE})(?=,?[ \t]+(?P<role>{_POST_NOMINALS})\b)")),
    ("NAME", re.compile(rf"{_TOLD_TO}(?P<told>)(?P<value>{_TOLD_NAME})")),
    # A full name in mixed case right after "patient" in running text ("Patient John Smith was seen", "the patient Mary
    # Ann Lee"), taken as after words that put a person next: two name words or more, or one before a word in lower case,
    # the verb it is the subject of (`_told_name`: "Patient Smith attended."), as one alone is as often a noun of what is
    # the patient's (`_PATIENT_NAME_WORD`).
    (
        "NAME",
        re.compile(
            rf"\b(?i:patient|pt)[ \t]+(?P<told>)(?P<after_patient>)"
            rf"(?P<value>{_PATIENT_NAME_WORD}(?:(?:[ \t]+{_PATIENT_NAME_WORD}){{1,3}}|(?=[ \t]+(?-i:[a-z]))))"
        ),
    ),
    # The next of the people told after one ("discussed with Smith and Jones" sent "Jones"), found or not yet, and after
    # those words a name after its holder's role ("Discussed with Chest Physician Lee"), which `_found_value` looks
    # back for: tried at every role, as each of those words at every position took twice the time.
    ("NAME", re.compile(rf"(?:(?<=[\w\]])(?P<listed>{_TOLD_LIST_JOIN})(?:{_TOLD_ROLE})?|(?<=[ \t])(?P<told_role>{_TOLD_ROLE}))(?P<told>)(?P<value>{_TOLD_NAME})")),
    # "姓名", also spaced ("姓　名："), and the doctors who asked for the examination, after a colon.
    ("NAME", re.compile(rf"(?:(?:患者|病人|受检者)?姓[ \t\u3000]*名{_SEP}|{_ZH_REQUEST_LABEL}{_COLON})(?P<value>{_ZH_NAME})")),
    # A colon, or "患者右肺..." would match; after it, clinical text is no name (`_found_value`), nor is
    # the patient's sex, as forms give it there ("患者：女性，45岁"), which no name starts with (no surname
    # is 男 or 女): hidden, 女性 would be hidden wherever the case says it. A name may follow ("患者：女性，张三").
    ("NAME", re.compile(rf"(?P<patient>患者|病人|受检者){_COLON}(?:[男女]性?[ \t\u3000,，、]*)?(?P<value>(?![男女]){_ZH_NAME})")),
    # Sign-offs name the staff too ("技师：王五"), with a colon, or "报告医生建议..." would match; also without one
    # ("申请医生 王五", "报告医师 张三 审核医师 李四" were sent), but then only a name of a listed surname is taken, as
    # "申请医生建议随访" is the doctor's advice.
    ("NAME", re.compile(rf"(?:{_ZH_STAFF_LABEL}|{_ZH_TITLE_LABEL}|{_ZH_REQUEST_LABEL}|{_ZH_NURSE_LABEL})(?:{_COLON_NEXT_LINE}|{_COLON})(?P<value>{_ZH_LABELLED_STAFF_NAME})")),
    ("NAME", re.compile(rf"(?:{_ZH_REQUEST_LABEL}|{_ZH_STAFF_LABEL}){_SEP}(?P<value>{_ZH_NOT_A_HEADING}{_ZH_STAFF_NAME})")),
    # The next of names listed after one found ("报告医生：张三/李四", "张三、李四" sent 李四).
    ("NAME", re.compile(rf"\[NAME_\d+(?:[a-z]\d*)?\][ \t]*[/／、][ \t]*(?P<value>{_ZH_LABELLED_STAFF_NAME})")),
    # A surname, or a full name after a sign-off label, before a title: "审核者：王主任", "报告医生 李四医师".
    # A Han character before the surname may end a word ("主任医师"), so it is one of the words that put
    # a person next ("与张医生沟通", "已和张医生沟通", "请张医生会诊", "经王主任同意", "告知李医师"), and the
    # surname alone is taken, as a given name would take the words after it ("由高年资医师复核").
    ("NAME", re.compile(rf"{_ZH_STAFF_LABEL}{_SEP}(?P<value>{_ZH_STAFF_SURNAME}(?:(?!{_ZH_STOP_WORDS})[\u4e00-\u9fff]){{0,2}})(?=[ \t\u3000]?{_ZH_STAFF_TITLE})")),
    # A listed surname and one or two more characters before a title ("张三医生说", "，李四主任查看", "告知王小明护士"),
    # at a Han run's start or after words that put a person next (`_ZH_PERSON_NEXT`: "与李明医生沟通", "已转告王小明主任"
    # were sent); none of them a title's or a label's ("张主任医师" is a surname and a title) nor 年 级 资 班 何
    # ("高年资医师", "上级医生", "由白班医生", "与任何医生").
    (
        "NAME",
        re.compile(
            rf"(?:(?<![\u4e00-\u9fff])|{_ZH_PERSON_NEXT})(?P<value>{_ZH_STAFF_SURNAME}"
            rf"(?:(?!{_ZH_STOP_WORDS}|{_ZH_STAFF_TITLE}|{_ZH_PERSON_TITLE}|{_ZH_NOT_A_GIVEN_NAME})[\u4e00-\u9fff]){{1,2}}?)(?={_ZH_STAFF_TITLE}|{_ZH_PERSON_TITLE})"
        ),
    ),
    ("NAME", re.compile(rf"(?:(?<![\u4e00-\u9fff])|{_ZH_PERSON_NEXT})(?P<value>{_ZH_STAFF_SURNAME})(?={_ZH_STAFF_TITLE})")),
    # A name with no title after a verb of passing a result on, and whom it went to ("电话告知李明。", "已告知家属张伟，",
    # "已通知临床医生李明" were sent): a listed surname and one or two characters before a punctuation mark, a space or
    # the line's end, that read as no prose (`_is_chinese_prose`: "告知程序。").
    # Every name of a list of them, joined by 和, 及 or 、, whom each went to said again or not ("已告知张三和李四。",
    # "电话告知李明及王芳。", "已通知值班医生李明及护士王芳。" sent both names): the first ends before the join
    # (`_ZH_LISTED_NAME`), the next follows its placeholder.
    ("NAME", re.compile(rf"{_ZH_PASSED_ON}{_ZH_TOLD_BY_ROLE_IN_A_LIST}{_ZH_PASSED_TO}(?P<passed>)(?P<value>{_ZH_SURNAME_NAME}|{_ZH_LISTED_NAME})")),
    ("NAME", _ZH_CONFERRED_WITH),
    ("NAME", _ZH_NEXT_IN_A_LIST),
    # A name after a staff title, the person it names, before what a person does with a result (`_ZH_DONE_BY_A_PERSON`:
    # "护士长王芳已知晓", "经主任李明同意" were sent): a staff surname and one or two characters that read as no prose
    # (`_is_chinese_prose`). Not before a mark alone, where a title's words may end ("据医生陈述，": jieba tags 陈述 a name).
    ("NAME", re.compile(rf"{_ZH_STAFF_TITLE}(?P<passed>)(?P<value>{_ZH_STAFF_SURNAME}(?:(?!{_ZH_NOT_A_GIVEN_NAME})[\u4e00-\u9fff]){{1,2}}?)(?={_ZH_DONE_BY_A_PERSON})")),
    ("NAME", re.compile(rf"(?:患者|病人|患儿)[ \t\u3000]?(?P<value>{_ZH_BARE_NAME}|(?P<unlisted>{_ZH_UNLISTED_NAME})){_SEX_OR_AGE_NEXT}")),
    ("NAME", re.compile(rf"(?:患者|病人|患儿)[ \t\u3000]?(?P<value>{_ZH_SURNAME_NAME})")),
    # Run on into its clause with no mark ("患者张三因咳嗽就诊", "患者张志行于今日来院" sent the name): a listed surname and one
    # or two characters right before the clause (`_ZH_CLAUSE_AFTER_THE_PATIENT`), that start no word of jieba's dictionary
    # (`_starts_a_chinese_word`), as the prose there does ("患者陈述因外伤就诊", "患者孙女因事陪同", "患者黎明时因胸痛来院"),
    # unless a common name of its dictionary (`_is_a_common_dictionary_name`: "患者李娜因咳嗽就诊").
    ("NAME", re.compile(rf"(?:患者|病人|患儿)[ \t\u3000]?(?P<run_on>)(?P<value>{_ZH_SURNAME}(?:(?!{_ZH_NOT_A_GIVEN_NAME})[\u4e00-\u9fff]){{1,2}}?)(?={_ZH_CLAUSE_AFTER_THE_PATIENT})")),
    # Or digits in groups of three, three and four, as an NHS number is written ("943 476 5919").
    ("ID", re.compile(rf"(?i){_field_label(_EN_ID_LABEL, _SEP, _RECORD_LABEL)}(?P<value>\d{{3}}(?P<gap>[ -])\d{{3}}(?P=gap)\d{{4}}(?!\d)|{_GROUPED_ID_VALUE}|{_ID_VALUE})")),
    (
        "ID",
        re.compile(
            rf"(?:住院号|门诊号|病案号|病历号|影像号|检查号|登记号|放射号|ID号|身份证号?|医保号|床号){_SEP}(?P<value>{_ID_VALUE})"
        ),
    ),
    # A bed's number is short ("床号：12", "Bed no: 12"), as no other record number is. Not after "Bed:" alone, a
    # findings heading too ("THYROID BED: 9 MM NODULE").
    ("ID", re.compile(rf"(?:床号|床位号?|(?i:\bbed (?:number|no\.?))){_SEP}(?P<value>[A-Za-z]?\d{{1,4}}[A-Za-z]?)(?![A-Za-z\d])")),
    # The code a typist or a transcriptionist signs with, initials or letters and digits ("Typed by: kl", "Transcriptionist:
    # ab12", "Dictated by: JS" were sent: no name's shape).
    ("ID", re.compile(rf"(?i:\b(?:(?:typed|transcribed|dictated) by|typist|transcriptionist)){_SEP}(?P<value>(?-i:[a-z]{{2,4}}|[A-Z]{{2,3}})|[A-Za-z]{{0,4}}\d{{1,6}})(?![\w/])")),
    # A staff number after a role, a "#" or "no." between ("Radiologist #4471", "Technologist no. 2714"), names who it is:
    # digits, after the abbreviation ("No", "no.") or "number", not the negation "no" ("radiologist no 2nd read
    # needed"). And after 工号, a staff number whatever the role before it ("技师工号4471", "报告医师工号：4471").
    # Letters before or after its digits too ("Radiologist no. 2714B", "#RAD4471" were sent), but three digits at
    # least then, as a short code of a letter and a digit is spread over the case (`spellings`) and reports write
    # such codes ("segment 4B", "T4"). Up to four letters, a hyphen after them ("#RAD-4471", "#ABCD4471", "#4471ABCD",
    # "技师工号：RAD-4471" were sent), and Han text right after it ("工号：HZ12345王五", where no word boundary is), but no
    # unit after its digits (`_UNIT_AFTER_A_NUMBER`: "CHEST PA no. 125kVp", "Technologist no. 123mm" hid a measurement).
    (
        "ID",
        re.compile(
            rf"(?:\b{_ROLE_WORDS}[ \t]*(?:#|(?i:no)\.|No\b|(?i:number)\b)[ \t]*|工号{_SEP})"
            rf"(?P<value>\d{{1,10}}{_NO_UNIT_NEXT}|[A-Za-z]{{0,4}}-?\d{{3,10}}{_NO_UNIT_NEXT}[A-Za-z]{{0,4}})(?![A-Za-z0-9])(?!\.\d)"
        ),
    ),
    # A Chinese name glued right after an identifier, as a form runs its cells together ("工号：HZ12345王五", "住院号：123456
    # 张三，男" sent the name): a listed surname and one or two characters before a mark, a space, the line's end or the sex
    # or age, that read as no prose (`_is_chinese_prose`); an examination or findings glued there start with no surname
    # ("检查号：CT12345胸部平扫").
    ("NAME", re.compile(rf"\[ID_\d+(?:[a-z]\d*)?\][ \t\u3000]?(?P<passed>)(?P<value>{_ZH_SURNAME_NAME}|{_ZH_BARE_NAME}{_SEX_OR_AGE_NEXT})")),
    ("ID", re.compile(r"(?<!\d)(?P<value>\d{17}[\dXx])(?![\dA-Za-z])")),  # PRC resident id number
    ("ID", re.compile(r"(?<!\d)(?P<value>\d{3}-\d{2}-\d{4})(?!\d)")),  # US SSN
    # From the start of a run of such characters only: tried inside a long run of letters (Han text
    # without punctuation), each position scanned to the run's end for an "@", quadratic in its length.
    # Or right after a "+", where a domain, which holds none, may end ("a@x.org+b@y.org"): there with no
    # "+" in the address, so that each start is scanned to the next "+" only.
    # The domain ends before a dot that ends a sentence or a field, where the next field starts ("john@x.org.Address:
    # 12 Oak Road", "john@x.org.住址："): a domain has no label before a colon, and taken in, the label's value was sent.
    # Nor does it end in a dot, which ends the sentence ("Queries to x@nhs.net." hid the full stop).
    # Or spelled out, as dictation writes one ("j dot smith at hospital dot org", "jsmith [at] nhs [dot] net" were sent):
    # more words joined by "dot", then "at" and a domain of words joined by "dot", the last a domain's ending
    # (`_SPELLED_DOMAIN_END`: "dot like", "dot on" are no domain's). One pattern, as each scans the text's words for an
    # address's first.
    (
        "EMAIL",
        re.compile(
            rf"(?P<value>(?:(?<![\w.+-])[\w.+-]+|(?<=\+)[\w.-]+)(?:@[\w-]+\.(?:(?!{_GLUED_FIELD}|\.{_NEXT_FIELD})[\w.-])+(?<![.-])"
            rf"|(?:{_SPELLED_DOT}[\w+-]+){_SPELLED_LABELS}{_SPELLED_AT}[\w-]+(?:{_SPELLED_DOT}[\w-]+){_SPELLED_LABELS}"
            rf"{_SPELLED_DOT}{_SPELLED_DOMAIN_END}(?![\w-])))"
        ),
    ),
    # "Home address" with no colon too, before the house's number ("Home address 12 Elm St"; not "home address unknown").
    ("ADDRESS", re.compile(rf"(?i)(?:{_field_label(_ADDRESS_LABEL, _COLON)}|\bhome address[ \t]+(?=\d))(?P<value>{_EN_ADDRESS})")),
    # A Chinese address is written without spaces and ends at the first one ("住址：北京市海淀区 性别：男"), and
    # at a comma unless more of it in Han text follows ("27号，3单元"), not the next field ("住址：北京市海淀区，
    # 电话：...", "，(555) 321-7654"): taken in, its label or the start of its number hid and its value was sent.
    # So it ends before a phone number glued to it ("海淀区(555) 321-7654" sent 321-7654), at a full stop, which no
    # address holds ("住址：北京市海淀区。右肺上叶见结节。" hid the findings), and before a label after any other
    # mark ("海淀区、Tel: ...", "海淀区.phone: ..." sent the number).
    # One in Latin letters ("住址：12 Oak Road") is spaced, so it runs on as an English address does.
    (
        "ADDRESS",
        re.compile(
            rf"(?:家庭住址|现住址|住址|地址){_COLON}(?P<value>(?![\u4e00-\u9fff]){_EN_ADDRESS}"
            rf"|(?:(?!{_GLUED_FIELD}|{_ZH_NEXT_LABEL}|{_UNLABELLED_PHONE}|(?<![^\W\d_])(?i:{_EN_LABEL}){_COLON})[^\s，,；;。]"
            rf"|[，,；;](?=\d*[\u4e00-\u9fff])(?!{_NEXT_FIELD}))+)"
        ),
    ),
    ("ADDRESS", re.compile(rf"(?P<value>(?P<street>{_STREET_ADDRESS})|{_HAN_STREET_ADDRESS})")),
    ("PHONE", re.compile(rf"(?P<value>{_PRC_MOBILE})")),
    # A labelled number runs to its last digit, over the numbers written after it ("Tel: 555-123-4567 (555)
    # 321-7654", "+44 20 7946 0958 / 0959"): cut at a length, it ended inside the next one and sent the rest.
    ("PHONE", re.compile(rf"(?:(?i:{_field_label(_PHONE_LABEL, _SEP)})|(?:联系电话|电话|手机){_SEP})(?P<value>{_PHONE_VALUE})")),
    # A telephone extension, a bleep or a pager ("ext. 4521", "x4521", "bleep 1234", "分机 8021"), which names the
    # member of staff who answers it: short, so after its label only ("x" glued to four or five digits, not "3 x 4").
    ("PHONE", re.compile(rf"(?:(?i:\b(?:ext(?:ension)?|bleep|pager|pgr)\b\.?(?:[ \t]*(?:no\.?|number))?){_SEP}|(?:分机号?|内线){_SEP}|(?<![\w.])(?<![\d.] )x(?=\d{{4,5}}(?!\d)))(?P<value>\d{{3,6}})(?!\d)")),
    ("PHONE", re.compile(rf"(?P<value>{_INTERNATIONAL_PHONE})")),  # "+44 20 7946 0958", "+86 138 0013 8000"
    ("PHONE", re.compile(rf"(?P<value>{_NANP_PHONE})")),
]
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORD_CHARACTERS = re.compile(r"\w+")
# Name words that are not the person: titles and particles stay readable, initials identify no one.
_NOT_A_NAME_PART = re.compile(rf"(?i)(?:{_PARTICLE}|{_TITLES}|[^\W\d_])\.?")
# Words by which a header describes a patient after a patient's label ("PATIENT: ELDERLY MAN FOR REVIEW" hid
# "ELDERLY MAN"), none of them a surname: "young", "old" and "child" are, and as report words "Mr. Young" would be sent.
# The nouns among them ("man", "boy") are also syllables of romanised Cantonese given names ("Ho Man Wai", "Chan Tai
# Man"), where they follow a name word: a description comes first, right after the label.
_PATIENT_NOUNS = frozenset(
    "man woman men women boy girl infant neonate newborn toddler adult teenager adolescent gentleman".split()
)
_PATIENT_DESCRIPTION_WORDS = _PATIENT_NOUNS | frozenset("elderly male female frail pregnant".split())
# The adjectives of age that describe a patient before a word for a person ("Patient: Young Woman", "OLD MAN" hid the
# description as a name), which are surnames too ("Mr. Young"), so only there ("elderly" is a description's word anyway).
_AGE_ADJECTIVES = frozenset("young old older".split())
# The verbs a request's history opens with after the patient's name, how the patient came or what the patient says
# ("Patient: Jane Doe Referred for CT" hid "Referred", "Patient Denies Smoking" hid "Denies Smoking"), none of them a
# surname.
_HISTORY_VERBS = frozenset(
    "referred admitted presented presents presenting transferred attended attends complains denies reports states".split()
)
# What a patient named right before it is or has, in lower case ("Patient O'Brien was seen"), which a noun of what is the
# patient's is or has as well ("Patient Hearing is impaired", "Patient Effort was poor").
_BE_OR_HAVE = frozenset("is was has had".split())
# The services and teams a result is told to by a word of their own, which a surname alone after words of telling
# would be taken for ("Discussed with Neurosurgery.", "DISCUSSED WITH CHILD PROTECTION TEAM", "Discussed with ENT at
# 14:00", "HANDED OVER TO NIGHT SHIFT"), and the consent a patient is informed of ("INFORMED CONSENT WAS OBTAINED").
_TOLD_SERVICE_WORDS = frozenset(
    "neurosurgery neurosurgical neurosurgeons plastics ent icu itu hdu ccu nicu picu resus anaesthetics anaesthesia "
    "anesthesia anesthesiology anaesthetist anesthesiologist intensivist intensivists stroke trauma vascular respiratory "
    "medics outreach referrer requester requestor ortho orthopaedic orthopedic gynae obs paeds gastro cardiothoracic "
    "cardiothoracics thoracic hepatology hepatobiliary hpb colorectal breast endocrine endocrinology dermatology "
    "ophthalmology psychiatry palliative physio physiotherapy pharmacy transplant interventional neuroradiology msk "
    "maxfax maxillofacial omfs orthogeriatrics endoscopy protection safeguarding oncall care manager practitioner "
    "coordinator switchboard shift consent".split()
)
# Everyday words that fill a loose label ("Referring physician: Emergency Department") but are no name.
_COMMON_WORDS = frozenset(
    "none unknown pending unassigned yes department emergency clinic hospital unit ward service outpatient "
    "inpatient radiology physician doctor team staff call see patient pathology histopathology histology cytology medical "
    "oncology cardiology neurology urology gastroenterology surgery surgical medicine nuclear microbiology laboratory "
    "obstetric obstetrics gynaecology gynecology paediatric paediatrics pediatric pediatrics neonatal neonatology "
    "maternity midwifery haematology hematology nephrology rheumatology geriatrics orthopaedics orthopedics "
    "mdt multidisciplinary".split()
) | _EVERYDAY_WORDS | _PATIENT_DESCRIPTION_WORDS | _TOLD_NO_NAME_WORDS | _TOLD_SERVICE_WORDS
# Imaging words: a modality or system after a loose label ("Verified by: PACS", "Referred by: MRI"), or a
# radiograph's position or view before its projection ("UPRIGHT PA"), is no name, and hiding it wherever the case names it would change the report audited. Shorter ones ("CT", "MR",
# "US") and hyphenated ones ("X-ray", "PET-CT") are report words already (`_is_report_word`).
_IMAGING_WORDS = frozenset(
    "mri cta pet ultrasound xray cxr doppler pacs ris fluoroscopy film films stitched exposure index portable erect "
    "diffusion weighted angio angiogram angiography venogram arthrogram enterography urography cholangiography "
    "spectroscopy multiparametric screening protocol sequence sequences upright standing seated sitting prone "
    "inspiratory expiratory view views projection projections".split()
)
# Words that cannot be part of a name, so a name in capitals ends before them ("MRS SMITH HAS ..."), and
# that a name which is also one ("Will Smith", "May Lee") must not hide wherever the case uses them.
_FUNCTION_WORDS = frozenset(
    "an the and or but nor of in on at to from with without by for as into onto upon over under after before "
    "since until about than then so if is are was were be been being has have had do does did will would can "
    "could should may might must shall who whom whose which that this these those he she his her him they "
    "them their it its we us our you your me my not no also via".split()
)
# Words that open a verb's object. A name in capitals does not run on into them ("DR. JOHN SMITH HAS"),
# so a word ending in -ED before one is the verb ("DR. PATEL MENTIONED THE FINDING"), not a name word
# such as "AHMED" ("DR. SAMIR AHMED AND DR. LEE").
_OBJECT_WORDS = frozenset("the a an his her its their it him them".split())
# Reporting verbs in the past tense that end a name in capitals when more words of the sentence follow
# ("DR. PATEL TOLD THE TEAM", "DR. PATEL SAW 3 NODULES"): irregular ones have no -ED to show them. Before
# a sentence's or a line's end or a comma the verb would have told nothing, so there it is a surname
# ("MR. JOHN SAW.", "MR. JOHN SAW, 67"), as it is right after a title ("DR. SAW"). Not report words; those
# also said of a case before a name (said, called, reviewed, ...) are `_EVERYDAY_VERBS`, which end a name
# the same way ("DR. ANNA SAID." hides "ANNA SAID") but are report words, so never found right after a
# title ("DR. SAID") nor spread over the case ("AS SAID").
_REPORTING_VERBS = frozenset("told saw spoke met notified mentioned".split()) | _EVERYDAY_VERBS
# What parts the words of a found name: spaces, commas, a DICOM name's carets, a list's separators.
_NAME_WORD_SEPARATOR = r"[\s,^;/&]+"
_CLAUSE_END = re.compile(r"[ \t]*(?:[,.;!?\n]|$)")
_MAX_TITLED_NAME_WORDS = 3  # after a title, besides initials and particles: "DR. A. VAN DER BERG", "MR. JOHN PAUL SMITH"
_MIN_SPREAD_ID = 5  # characters: a shorter all-digit id ("Case number: 150") is also a measurement ("150 HU")


@dataclass
class Redactor:
    """Redacts the texts of one case consistently; `restore` inverts it on anything the model returns.
    A disabled redactor (for a provider allowed to see identifiers) passes text through unchanged.

    Call `learn` on every text of the case before redacting any, so that a value labelled in one text
    (the report header) is hidden in the texts redacted before it (the exam field) too."""

    enabled: bool = True
    placeholders: dict[str, str] = field(default_factory=dict)  # labelled value -> its placeholder
    counts: dict[str, int] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # casefolded spelling of a found value -> its placeholder
    variants: dict[str, list[str]] = field(default_factory=dict)  # placeholder -> the spellings it stood for, in order
    originals: dict[str, str] = field(default_factory=dict)  # placeholder or variant -> the exact text it replaced
    # casefolded spelling -> the only spellings of it hidden elsewhere in the case (a surname of two letters)
    cased: dict[str, set[str]] = field(default_factory=dict)

    def learn(self, *texts: str) -> None:
        """Find the labelled identifiers of TEXTS, so that `redact` hides them wherever they appear."""
        for text in texts:
            self.redact(text)

    def redact(self, text: str) -> str:
        if not self.enabled:
            return text
        text = _HL7_SEGMENT.sub(self._hl7_segment_hidden, text)
        for kind, pattern in _PATTERNS:
            text = self._replace_found(pattern, kind, text)
        return self._replace_known(text)

    def restore(self, text: str) -> str:
        """TEXT with every placeholder put back to the exact spelling it replaced, in one pass (so that
        "[NAME_1]" is never read inside "[NAME_10]")."""
        return re.sub(_PLACEHOLDER, lambda match: self.originals.get(match.group(0), match.group(0)), text)

    def _hl7_segment_hidden(self, segment: re.Match[str]) -> str:
        """The HL7 SEGMENT with the components of its identifying fields hidden (`_HL7_FIELD_KINDS`). Codes
        stay: an identifier's type and authority ("MR", "HOSP") have no digit, and a component of one or two
        letters (an address's type "H", a name's prefix "DR") is a code, as a placeholder spread over the
        case would hide every "H" or "Dr" in it. A doctor's number before the name is an identifier."""
        fields = segment.group().split("|")
        for position, kind in _HL7_FIELD_KINDS[segment.group("segment")].items():
            if position < len(fields):
                fields[position] = _HL7_COMPONENT.sub(lambda component: self._hl7_component_hidden(component.group(), kind), fields[position])
        return "|".join(fields)

    def _hl7_component_hidden(self, component: str, kind: str) -> str:
        digits = any(character.isdigit() for character in component)
        if not digits and (kind == "ID" or len(component) < 3):
            return component
        return self._hidden(component, "ID" if digits and kind == "NAME" else kind)

    def _replace_found(self, pattern: re.Pattern[str], kind: str, text: str) -> str:
        """TEXT with each identifier of KIND that PATTERN finds replaced. The search goes on right after
        the value found, not after the match: a name in capitals ends inside its match (`_found_value`),
        and the rest may hold the next title and name ("DR. PATEL MENTIONED IT TO DR. JOHN REED")."""
        pieces, copied, position = [], 0, 0
        while match := pattern.search(text, position):
            while match:
                value, start = _found_value(match, kind), match.start("value")
                titled = _after_a_written_title(match, start + len(value))
                hidden = self._hidden_around_placeholders(value, kind, titled, told="told" in match.re.groupindex)
                pieces.append(text[copied:start] + hidden)
                # the search goes on past the match's start at least: one that starts at its value may find no name there
                copied, position = start + len(value), max(start + len(value), match.start() + 1)
                list_goes_on = pattern is _ZH_NEXT_IN_A_LIST and value and hidden.startswith("[NAME_")
                match = _ZH_LIST_GOES_ON.match(text, copied) if list_goes_on else None
        return "".join(pieces) + text[copied:]

    def _hidden_around_placeholders(self, value: str, kind: str, titled: bool = False, told: bool = False) -> str:
        """VALUE hidden, each text between the placeholders already in it on its own: an address runs to
        its line's end over the e-mail or the name hidden before it, and a placeholder inside another
        would restore to a placeholder ("Address: 12 Oak Road, [EMAIL_1]"), or, at the value's start,
        leave the rest visible ("Address: [EMAIL_1], 12 Oak Road"). The spaces and punctuation around
        each text stay, and so does a text of titles, particles and initials (the "Dr." before a name's
        placeholder), which names no one."""
        parts = re.split(f"({_PLACEHOLDER})", value)
        if len(parts) == 1:
            return self._hidden(value, kind, titled, told)
        for index, part in enumerate(parts):
            first, last = _WORD_CHARACTERS.search(part), _WORD_CHARACTERS.search(part[::-1])
            if index % 2 or not first:
                continue
            start, end = first.start(), len(part) - last.start()
            if not all(_NOT_A_NAME_PART.fullmatch(word) for word in part[start:end].split()):
                parts[index] = part[:start] + self._hidden(part[start:end], kind, titled, told) + part[end:]
        return "".join(parts)

    def _hidden(self, value: str, kind: str, titled: bool = False, told: bool = False) -> str:
        """The placeholder for VALUE, found after a label of KIND (right after a title if TITLED, after words of telling a
        person if TOLD), or VALUE itself when it is already a placeholder or no identifier (a label followed by no name)."""
        if not value or value.startswith("[") or not _names_someone(value, kind, titled, told):
            return value
        found = self.aliases.get(value.casefold()) or self.placeholders.get(value) or self._family_name_found(value, kind)
        return self._spelled(value, found or self._new_placeholder(value, kind))

    def _family_name_found(self, value: str, kind: str) -> str | None:
        """The placeholder of the name found already that the Latin full name VALUE ends in, its family name ("Patient
        John Smith" of a case that names Mr. Smith), with VALUE's other parts as its spellings, as `_replace_known` takes
        given names written right before such a name; None if there is none, or if a given name of VALUE is none of that
        name's where it has one: a different given name is a different person ("Discussed with Dr John Smith" of a case
        that names Mary Smith is her husband, and was sent as her spelling)."""
        parts = name_parts(value) if kind == "NAME" and not _HAN.search(value) else []
        found = self.aliases.get(parts[-1].casefold()) if len(parts) > 1 else None
        if not (found and found.startswith("[NAME_")):
            return None
        surname = parts[-1].casefold()
        known_given = {alias for alias, placeholder in self.aliases.items() if placeholder == found and alias != surname and " " not in alias}
        if known_given and any(part.casefold() not in known_given for part in parts[:-1]):
            return None
        for alias in spellings(value, kind):
            self.aliases.setdefault(alias.casefold(), found)
        return found

    def _new_placeholder(self, value: str, kind: str) -> str:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        placeholder = self.placeholders[value] = f"[{kind}_{self.counts[kind]}]"
        for alias in spellings(value, kind):
            self.aliases.setdefault(alias.casefold(), placeholder)
        for spelling in _two_letter_surname_spellings(value) if kind == "NAME" else ():
            if self.aliases.setdefault(spelling.casefold(), placeholder) == placeholder:
                self.cased.setdefault(spelling.casefold(), set()).add(spelling)
        return placeholder

    def _spelled(self, spelling: str, placeholder: str) -> str:
        """The placeholder that stands for exactly SPELLING, an occurrence of the value of PLACEHOLDER:
        PLACEHOLDER itself for the first spelling, a lettered variant ("[NAME_1b]") for each other."""
        known = self.variants.setdefault(placeholder, [])
        if spelling not in known:
            known.append(spelling)
        index = known.index(spelling)
        variant = placeholder if index == 0 else placeholder[:-1] + _variant_suffix(index) + "]"
        self.originals[variant] = spelling
        return variant

    def _replace_known(self, text: str, again: bool = False) -> str:
        """TEXT with every spelling of an identifier found so far replaced by its placeholder, but before the noun an
        eponym names (`_EPONYM_NEXT`): "Murphy sign" of a case that names Dr. Murphy is the sign, while "Lee type 2" of
        one that names Dr. Lee hides the name. Nor a surname spelled as a word that opens a phrase (`_PHRASE_OPENERS`:
        "while" of a case that names Mrs. While), which is hidden only where its position tells a name. A name's given
        names right before it go with it (`_given_names_start`), and are hidden wherever the case names them, as a labelled
        full name's are ("Patient John Smith. John was seen" of a case that names Mr. Smith sent the second "John"): once
        more over TEXT, as the given names found may stand before the name too. Not given names that open a sentence, where
        a capital tells no name ("Later Smith agreed" would hide every "later"). A name word is hidden in lower case too,
        as notes write names so ("d/w dr patel", "phoned to jones"), also where it is an English word ("the grace
        period" of a case that names Grace Smith): most surnames are one, and a word hidden costs the model less than a
        name sent. A surname of two letters only capitalised and, where a name may be written so, in capitals
        (`_two_letter_surname_spellings`)."""
        if not self.aliases:
            return text
        known = len(self.aliases)
        index, pieces, position = _spelling_index(tuple(self.aliases)), [], 0
        for start, end in index.spans(text):
            spelling = text[start:end]
            if _EPONYM_NEXT.match(text, end) or spelling.casefold() in _PHRASE_OPENERS:
                continue
            if spelling not in self.cased.get(spelling.casefold(), (spelling,)):
                continue
            placeholder = self.aliases[spelling.casefold()]
            if placeholder.startswith("[NAME_"):
                found_start, start = start, _given_names_start(text, start, position)
                if start < found_start and not _SENTENCE_START_BEFORE.search(text, max(0, start - _GIVEN_NAMES_LOOK_BACK), start):
                    for alias in name_parts(text[start:found_start]):
                        self.aliases.setdefault(alias.casefold(), placeholder)
            pieces += [text[position:start], self._spelled(text[start:end], placeholder)]
            position = end
        text = "".join(pieces) + text[position:]
        return self._replace_known(text, again=True) if len(self.aliases) > known and not again else text


# A word right before a name found elsewhere in the case, and the spaces after it.
_WORD_BEFORE = re.compile(r"(?<![\w'’\-])[^\W\d_]+(?:['’\-][^\W\d_]+)*[ \t]+\Z")
_MAX_GIVEN_NAMES = 2  # before a surname: "Mary Ann Smith"
_TOLD_TO_VERBS = frozenset(words.split()[0].casefold() for words in _TOLD_TO_WORDS)
# The titles written in full, which `_TITLES` has short ("Professor Smith", "Reverend Smith").
_TITLES_IN_FULL = frozenset("professor mister reverend".split())
_GIVEN_NAMES_LOOK_BACK = 64  # characters
_PARTICLES_BEFORE = re.compile(rf"(?:{_PARTICLE}[ \t]+)*")


def _given_names_start(text: str, start: int, floor: int) -> int:
    """Where the name at START of TEXT, a spelling of a name found elsewhere in the case, starts with the given names
    written right before it, but not before FLOOR: "Patient John Smith, MRN ..." of a case that names Mr. Smith sent
    "John" beside "[NAME_1]". A capitalised name word right before a name belongs to it, as a report puts no other there;
    not a title, a role or its holder's specialty, a verb that puts a person next or a word that opens a clause
    (`_is_given_name`: "Mr Smith", "Radiologist Smith", "Contacted Smith", "While Smith was on call" keep their word).
    Only before a spelling with a capital, after its particles or not, as a name is written ("smith" is no name there;
    "Anna van Dijk" has one). A word that opens a sentence
    there and no list of radqc's holds goes with the name too ("Later Smith agreed" hides "Later Smith"): English has
    given names as words ("Mark", "Grace", "Will"), and hiding a word costs the model less than sending a name."""
    first = _PARTICLES_BEFORE.match(text, start).end()  # "van Dijk" of "Anna van Dijk"
    if first >= len(text) or not text[first].isupper() or _HAN.match(text, start):
        return start
    for _ in range(_MAX_GIVEN_NAMES):
        before = _WORD_BEFORE.search(text, max(floor, start - _GIVEN_NAMES_LOOK_BACK), start)
        if not before or not _is_given_name(before.group().rstrip(" \t")):
            break
        start = before.start()
    return start


def _is_given_name(word: str) -> bool:
    """Whether WORD, capitalised right before a name, is a given name of it: a name word (`_is_name_word`), no title,
    short or in full (`_TITLES_IN_FULL`: "Consultant Professor Smith"), particle or initial, no role or specialist, no
    verb that puts a person next or reports (`_TOLD_TO_WORDS`, `_REPORTING_VERBS`: "Paged", "Faxed") in the past tense
    or the present ("Page Smith", "Contact Smith", "Ask Smith", as "paged", "contacted" and "asked" are), no other verb
    in the past tense, and no phrase opener."""
    folded = word.casefold()
    verbs = _REPORTING_VERBS | _TOLD_TO_VERBS
    return (
        word[0].isupper()
        and _is_name_word(word)
        and not _NOT_A_NAME_PART.fullmatch(word)
        and not re.fullmatch(_ROLE_WORDS, word)
        and not _SPECIALIST.fullmatch(word)
        and folded not in verbs | _PHRASE_OPENERS | _TITLES_IN_FULL
        and not {folded + "d", folded + "ed"} & verbs
        and not _is_past_tense(folded)
    )


def _found_value(match: re.Match[str], kind: str) -> str:
    """The identifier MATCH found: its group "value", none after a patient label when it is clinical
    text (`_is_clinical_text`), or for a name in capitals the part of it that is the name (`_capitals_name`);
    none after a name label glued to a word, or a bare title in capitals (`_BARE_TITLE`) or before a role's letters
    (`_POST_NOMINALS`), when a word of it is a report's ("Outpatient: Clinic Review", "MR DIFFUSION WEIGHTED",
    "MR Brain Stem", "CHEST PA")."""
    value = match.group("value")
    if "told" in match.re.groupindex:
        role = match.group("told_role") if "told_role" in match.re.groupindex else None
        role_start = match.start("told_role") if role is not None else 0
        after_role = role is not None and bool(_TOLD_TO_BEFORE_A_ROLE.search(match.string, max(0, role_start - _TOLD_ROLE_LOOK_BACK), role_start))
        listed = "listed" in match.re.groupindex and match.group("listed") is not None
        if role is not None and not after_role:
            return ""
        after_patient = "after_patient" in match.re.groupindex
        return _told_name(value, match.string, match.start("value"), after_role=after_role, listed=listed, after_patient=after_patient)
    if "street" in match.re.groupindex and match.group("street") and _names_a_finding(value):
        return ""
    if "patient" in match.re.groupindex and _is_clinical_text(value):
        return ""
    if "staff_title" in match.re.groupindex and not match.group("staff_title"):
        if _names_a_service(value, match.string, match.start("value")):
            return ""
    if kind == "NAME" and value.upper() == value and value.lower() != value:  # in capitals (not Han)
        ends_clause = bool(_CLAUSE_END.match(match.string, match.end("value")))
        title = match.group("title") if "title" in match.re.groupindex else None
        value = _capitals_name(value, title=title, ends_clause=ends_clause)
    if kind == "NAME" and not _HAN.match(value):
        titled = "title" in match.re.groupindex and match.group("title") is not None
        value = _before_a_side_sex_or_complaint(value, match.string, match.start("value"), titled=titled)
        value = _before_the_phrase_it_opens(value, match.string, match.start("value"))
        value = _before_its_role(value, match.string, match.start("value") + len(value))
    if "glued" in match.re.groupindex and match.group("glued") and not _only_name_words(value):
        return ""
    bare = "bare" in match.re.groupindex and match.group("bare")
    if (bare or "role" in match.re.groupindex) and not _names_no_examined_part(value):
        return ""
    if "unlisted" in match.re.groupindex and match.group("unlisted") and _is_chinese_prose(value):
        return ""
    if "passed" in match.re.groupindex and _is_chinese_prose(value):
        return ""
    if "run_on" in match.re.groupindex and (_is_a_run_on_word(value) or _is_chinese_prose(value)):
        return ""
    if kind == "NAME" and _HAN.match(value):
        value = _before_an_organ_or_a_complaint(value, match.string, match.start("value"))
    return value


def _names_a_service(value: str, text: str, start: int) -> bool:
    """Whether VALUE, after a staff label with no title ("Referred by: Outpatient Clinics", "Requested by: Medical
    Outpatients"), names a service rather than a person: each word of it that is no report word is the plural of a
    service's word (`_is_a_service_plural`: "Clinics", "Wards"). Not the other words that follow a staff role in a
    sentence (`_is_no_surname_after_a_role`), which after a label's colon are surnames ("Referred by: Whitely",
    "Reported by: Huddle" were sent). A name of such a word with another stays hidden ("Referred by: Jane Wards"), and so
    does one after a title ("Referred by: Dr. Wards"), which puts a person next; one of no such word is left to
    `_names_someone` ("REPORTED BY: LI NA"). Nor does one of the words of a shift before a team's word (`_SHIFT_WORDS`:
    "Overnight team", "Night Team"), VALUE found at START of TEXT."""
    parts = name_parts(value)
    if not parts:
        return False
    if all(map(_is_a_service_plural, parts)):
        return True
    after_the_last = start + value.rfind(parts[-1]) + len(parts[-1])
    return all(part.casefold() in _SHIFT_WORDS for part in parts) and bool(_TEAM_NEXT.match(text, after_the_last))


# Two tables by two concepts, as "Night Team" puts one of each: `_SHIFT_WORDS` are the times of day or week that a team
# works, which qualify the noun after them ("Referred by: Overnight team", "Night Team" hid the word as a name), and
# with no such noun after them may be a surname ("Referred by: Day"); `_TEAM_NEXT` is that noun, a group of staff or
# its member by role (team, firm, rota, cover, shift, a role's title), never a time.
_SHIFT_WORDS = frozenset("overnight night nights day daytime evening weekend morning afternoon twilight".split())
_TEAM_NEXT = re.compile(rf"[ \t]+(?i:teams?|firm|shift|rota|cover|{_ROLE_TITLES})\b")


def _names_a_finding(street: str) -> bool:
    """Whether a word of STREET, an address by its shape alone, is a word of the medical lexicon: a report written in
    capitalised words has that shape too ("4 Surgical Clips Close to the anastomosis", "2 Enlarged Nodes Way above"),
    and hiding it would send the model a report without its finding, while a street is seldom named after one."""
    words = re.findall(r"[^\W\d_]+", street)
    return any(word.casefold() in medical_words() for word in words if not re.fullmatch(_STREET_KIND, word))


def _told_name(value: str, text: str, start: int, after_role: bool = False, listed: bool = False, after_patient: bool = False) -> str:
    """The name words VALUE, capitalised words at START of TEXT after words that put a person next, starts with, in
    mixed case or in capitals: two or more, as a given and a family name are ("John Smith" of "John Smith Monday",
    "MARY LEE" of "MARY LEE BY TELEPHONE"), or one, a surname, AFTER_ROLE of its holder ("Chest Physician Lee") or after
    words of telling a person (`_SPOKEN_TO_WORDS_FOUND`), before its clause's end, the next name of a list or a word that ends
    a name ("discussed with Smith at 14:00", "with Smith & Patel"); else "". LISTED after another name, the words that put a person next must come before that one
    ("discussed with Smith and Jones"). A report word, a role or a relative among them tells a service or a role, not
    who ("Stroke Team", "Charge Nurse", "Patient's Family", `_SPECIALIST`: "Oncologist"), and words before the noun an
    eponym names name a sign, not a person ("given to Budd Chiari syndrome"). So one word after a role is a surname only
    where it is no report word (`_is_name_word`), as after a title ("Dr. Major" is sent), nor a word of the sentence
    (`_is_no_surname_after_a_role`: "Duty Radiologist Whilst on call", "Ward Nurse Verbally" stay); "Duty Radiologist
    Patel" and "Ward Nurse Baker" are hidden, a surname that no list of radqc's holds though English has the word, as
    "Dr. Baker" is; a surname that is a report word there is sent. A list in capitals goes on at no verb
    (`_is_verb_in_capitals`: "TOLD DR SMITH AND ARRANGED REPEAT CT"). A syllable of two letters or a word for a person
    between name words is a given name's (`_is_a_syllable_between_names`: "Ho Man Wai"). AFTER_PATIENT in running text,
    a verb of the history opens no name ("Patient Denies Smoking"), and one name word is the surname that the verb after
    it is said of: a verb of the history (`_HISTORY_VERBS`: "Patient Smith attended."), which no noun of the patient's
    takes, or "is", "was", "has", "had" (`_BE_OR_HAVE`: "Patient O'Brien was seen", "Patient Smith was seen") after a
    word that is no noun of the patient's state (`_patient_states`: "Patient Hearing is impaired" hid "hearing"
    wherever the case said it; not the nouns that are surnames too, "Patient Swallow was seen"); nor are two or more
    such nouns a name ("Patient Pain Score was 3" hid both), as the last, where a surname stands, is none.
    Pain and Comfort, surnames too, are kept as nouns: far more often a state there than a name."""
    words = list(re.finditer(r"\S+", value))
    bare_words = [re.sub(r"['’]s$", "", word.group()) for word in words]
    if after_patient and bare_words[0].casefold() in _HISTORY_VERBS:
        return ""
    count = next((index for index, word in enumerate(bare_words) if not (_may_be_name_word(word) or _is_a_syllable_between_names(bare_words, index))
                  or _SPECIALIST.fullmatch(word) or word.casefold() in _PHRASE_OPENERS or _is_past_tense(word.casefold())
                  or (index == 0 and word.casefold() in _TOLD_KIN_WORDS)), len(words))
    name = value[: words[count - 1].end()] if count else ""  # as spaced in the text, which `restore` gives back
    end = start + len(name)
    if not count or _EPONYM_OR_GRADING_NEXT.match(text, end):
        return ""
    if listed and (_is_verb_in_capitals(words[0].group()) or not _words_before_the_list(_TOLD_TO_WORDS_FOUND, text, start)):
        return ""
    state = after_patient and all(word.casefold() in _patient_states() for word in bare_words[:count])
    if count >= 2 and not state:
        return name
    if after_patient:
        verb = _WORD_AFTER.match(text, end)
        said = verb.group(1) if verb else ""
        subject = said in _HISTORY_VERBS or (said in _BE_OR_HAVE and not state)
        return name if subject and _is_name_word(name) else ""
    person_next = after_role or _words_before_the_list(_SPOKEN_TO_WORDS_FOUND, text, start)
    word_after = _WORD_AFTER.match(text, end)
    ends_name = _CLAUSE_END.match(text, end) or _NEXT_TOLD.match(text, end) or (
        word_after and word_after.group(1).casefold() in _FUNCTION_WORDS | _EVERYDAY_WORDS | _CLAUSE_OPENERS
    )
    no_surname = after_role and _is_no_surname_after_a_role(name)
    surname = _is_name_word(name) or _is_two_letter_surname(name)
    return name if person_next and ends_name and surname and not no_surname else ""


def _is_a_syllable_between_names(words: list[str], index: int) -> bool:
    """Whether WORDS[INDEX], a word of a name told that is no name word, is a syllable of it: one of two letters,
    capitalised and no report word, before a name word, as romanised Cantonese writes many ("Ho", "Ng"), or a word for a
    person after a word that describes no patient (`_describes_a_patient`: "Ho Man Wai", "Chan Tai Man")."""
    word = words[index]
    following = index + 1 < len(words) and (_may_be_name_word(words[index + 1]) or _is_a_syllable_between_names(words, index + 1))
    short = len(word) == 2 and word.istitle() and word.casefold() not in _report_words()
    person = index > 0 and word.casefold() in _PATIENT_NOUNS and not _describes_a_patient(words[index - 1])
    return (short and following) or person


def _words_before_the_list(words: re.Pattern[str], text: str, start: int) -> bool:
    """Whether WORDS (`_TOLD_TO_WORDS_FOUND`, `_SPOKEN_TO_WORDS_FOUND`) start at most `_TOLD_LOOK_BACK` characters before
    START of TEXT, right before a list of the people told that runs up to START (`_TOLD_BEFORE_IN_A_LIST`), or right
    before START. The words are found once in TEXT (`_spans_found`): searched for at each position of the look-back, for
    each name of a list, their thirty phrases made a report of such lists take a second per 40 kB."""
    spans = _spans_found(words, text)
    for _, end in spans[bisect.bisect_left(spans, (max(0, start - _TOLD_LOOK_BACK), 0)) :]:
        if end > start:
            return False
        if _LIST_BEFORE_A_NAME.match(text, end, start):
            return True
    return False


@lru_cache(maxsize=2)
def _spans_found(pattern: re.Pattern[str], text: str) -> tuple[tuple[int, int], ...]:
    """Where PATTERN occurs in TEXT, in order: the redaction of one text asks for them at each name of a list."""
    return tuple(found.span() for found in pattern.finditer(text))


def _is_verb_in_capitals(word: str) -> bool:
    """Whether WORD, the first word after a list's join, is the next verb of its sentence rather than a name, as
    `_capitals_name` reads one after a name in capitals: a reporting verb (`_REPORTING_VERBS`: "SPOKE TO JOHN REED AND
    MET HIM"), or a regular verb in the past tense (`_is_past_tense`: "... AND REFERRED TO SURGEONS", "... AND ARRANGED
    REPEAT CT" hid the verb and with it the same word wherever the case says it). A surname that is such a verb ("Saw")
    is sent there, as after a name in capitals."""
    if not word.isupper():
        return False  # running text writes its verbs in lower case, which no name word is
    return word.casefold() in _REPORTING_VERBS or _is_past_tense(word.casefold())


def _is_past_tense(word: str) -> bool:
    """Whether the lower-case WORD is an English verb's past tense by its form: it ends in -ed, and without it, or
    without its doubled consonant or with -ied as -y, is an English word of four letters or more that English has with
    the ending too ("documented", "arranged", "referred", "carried"). Surnames end so as well, and are hidden, not sent,
    where the form does not tell (a verb hidden costs the model a word, a name sent exposes a person): no English word
    is "ahme" or "ahm" ("Ahmed"), and a word in -eed is a surname ("Reed", "Saeed"), the verbs so spelled being few
    ("agreed" is `_EVERYDAY_VERBS`'s)."""
    if not word.endswith("ed") or word.endswith("eed"):
        return False
    stems = {word[:-1], word[:-2], word[:-3] + "y" if word.endswith("ied") else ""}
    if len(word) > 4 and word[-3] == word[-4]:
        stems.add(word[:-3])  # "referred", "planned"
    return _is_english_word(word) and any(len(stem) >= 4 and _is_english_word(stem) for stem in stems)


def _is_english_word(word: str) -> bool:
    """Whether the lower-case WORD is an everyday English word or one of the medical lexicon's."""
    return word in general_english_words() or word in medical_words()


# Words that follow a staff role in a sentence and are no surname, though no report word ("Discussed with Duty
# Radiologist Whilst on call", "Discussed with Duty Radiologist Regarding the nodule"): `_CLAUSE_OPENERS`, prepositions,
# the meetings a result is given at ("Given to Ward Nurse Handover"), the adverbs of when and the words of who else that
# follow the person told ("Discussed with the surgeon Tonight", "Thereafter", "Herself", "Too" were hidden, and so wherever
# the case said them), and the times, visits and offices a relative's or an official's word that titles a name comes
# before as an adjective or a noun's owner ("Discuss with Oncology Next Week", "Next Visit", "Inform Coroner Office" hid
# "week", "visit", "office" wherever the case said them). Read only there: elsewhere a name of these words ("Patient Name: Ann While", "Mr Huddle") is hidden
# wherever the case names it, as `name_parts` takes it.
_NO_SURNAME_AFTER_A_ROLE = _CLAUSE_OPENERS | frozenset(
    "overnight regarding concerning handover huddle tonight afterwards afterward thereafter later too himself herself "
    "themselves week weeks month months year years visit visits appointment appointments review office clinic "
    "meeting".split()
)


def _is_no_surname_after_a_role(word: str) -> bool:
    """Whether WORD, alone after a staff role, is a word of the sentence rather than its holder's surname: one of
    `_NO_SURNAME_AFTER_A_ROLE`, an adverb in -ly of an English word of five letters or more ("Given to Ward Nurse
    Verbally", "Urgently"; not "Kelly" nor "Connolly"), or the plural of a service's word ("Seen by Consultant Physician
    Teams", "Wards"; `_COMMON_WORDS`). "Duty Radiologist Patel" and "Ward Nurse Baker" are surnames."""
    folded = word.casefold()
    adverb = folded.endswith("ly") and len(folded) >= 7 and _is_english_word(folded[:-2])
    return folded in _NO_SURNAME_AFTER_A_ROLE or adverb or _is_a_service_plural(word)


def _is_a_service_plural(word: str) -> bool:
    """Whether WORD is the plural of a service's word ("Clinics", "Wards", "Teams"; `_COMMON_WORDS`)."""
    folded = word.casefold()
    return folded.endswith("s") and folded[:-1] in _COMMON_WORDS


# A capitalised word before the noun an eponym names ("Murphy sign", "Budd Chiari syndrome", "Jones fracture", "Morison
# pouch", "Bosniak type"), possessive or not, names the sign, not a person, so it is not found as a name. Where a name
# found elsewhere is spelled so, it stays before a noun that only an eponym puts a name before (`Redactor._replace_known`:
# "Murphy sign" of a case that names Dr. Murphy), but not before a grading's, which follows a person's name as readily
# ("Lee type 2" of a case that names Dr. Lee).
# Besides the nouns the spelling check reads too (eponyms.py), their plurals and the structures an eponym names
# ("Riedel lobe", "Wirsung duct", "Monro foramina"), which a slip comes before as readily ("Uper lobes"), so that the
# spelling check does not read them.
_REDACTOR_EPONYM_NOUNS = (
    "signs|syndromes|diseases|malformations|anomalies|deformities|fractures|lesions|cysts|hernias|tumou?rs|rings|lines|"
    "angles|triangles|spaces|canals|ligaments|procedures|operations|repairs|ducts?|foram(?:en|ina)|fissures?|"
    "capsules?|lobes?|segments?|diverticul(?:um|a)|phenomenon|effect|sequence"
)
_REDACTOR_GRADING_NOUNS = "classifications|scores|scales|grades|types|classes|stages|index"
_EPONYM_NEXT = re.compile(rf"(?:['’]s)?[ \t]+(?i:{EPONYM_NOUNS}|{_REDACTOR_EPONYM_NOUNS})\b")
_EPONYM_OR_GRADING_NEXT = re.compile(
    rf"(?:['’]s)?[ \t]+(?i:{EPONYM_NOUNS}|{_REDACTOR_EPONYM_NOUNS}|{GRADING_NOUNS}|{_REDACTOR_GRADING_NOUNS})\b"
)


# Words a form or a sentence puts after a name, which are clinical and no name's: a side, the patient's sex or age group,
# and the verbs of a request's history (`_HISTORY_VERBS`).
_NEVER_IN_A_NAME = frozenset(OPPOSITE) | _PATIENT_DESCRIPTION_WORDS | _HISTORY_VERBS


_LOWER_CASE_WORD_NEXT = re.compile(r"[ \t]+((?-i:[a-zß-öø-ÿ])[^\W\d_]*)")


def _before_a_side_sex_or_complaint(value: str, text: str, start: int, titled: bool = False) -> str:
    """VALUE, a Latin name found at START of TEXT, up to a side or a word of the patient's sex or age group after its
    first word (`_NEVER_IN_A_NAME`): "Name: John Smith Male 45", "NAME: JOHN SMITH MALE 45Y", "Patient: Jane Doe Right
    knee pain" hid "Male" and "Right" with the name. And up to a capitalised word of the medical lexicon after two name
    words that a word in lower case follows, the complaint a form runs on after the name ("Patient: Jane Doe Chest
    pain" hid "Chest"): a given and a family name are there, and a surname that is a lexicon word ends the name or
    comes second ("Dr. John Stone reviewed", "Jane Stone presents"). Not before a verb a name is the subject of
    (`_HISTORY_VERBS`, `_REPORTING_VERBS`), where a complaint's noun would stand: there the word is a surname after a
    given name of two words ("Patient: Mary Ann Stone presents" sent "Stone"). A word for a person (`_PATIENT_NOUNS`) after
    a word that describes no patient is a given name's syllable ("Ho Man Wai", "Chan Tai Man" were sent), while one
    after the description is its noun ("PATIENT: ELDERLY MAN"). An adjective of age is a surname too (`_AGE_ADJECTIVES`),
    so it describes the patient only with no title before it (TITLED: "Mr. Young Woman attended.") and with its noun the
    value's last word: "Patient: Young Woman" is no name, "Pt: Young Woman Lee" and "Dr. Young Man Kit" are."""
    name_words, described, aged = 0, not titled, not titled
    words = list(re.finditer(rf"(?:(?!{_NAME_WORD_SEPARATOR}).)+", value))
    for index, word in enumerate(words):
        spelled, cut = word.group(), False
        person = spelled.casefold() in _PATIENT_NOUNS
        last = index == len(words) - 1  # only separators follow it; reading the rest for each word was quadratic
        given_name_syllable = person and (not described or (aged and not last))
        if word.start() > 0 and spelled.casefold() in _NEVER_IN_A_NAME and not given_name_syllable:
            if aged and person:
                return ""  # "Young Woman": all of it describes the patient
            cut = True
        elif name_words >= 2 and not spelled.isupper() and spelled.casefold() in medical_words():
            next_word = _LOWER_CASE_WORD_NEXT.match(text, start + word.end())
            cut = bool(next_word) and next_word.group(1) not in _HISTORY_VERBS | _REPORTING_VERBS
        if cut:
            return re.sub(rf"{_NAME_WORD_SEPARATOR}$", "", value[: word.start()])
        name_words += _is_name_word(spelled)
        described = described and _describes_a_patient(spelled)
        aged = aged and spelled.casefold() in _AGE_ADJECTIVES
    return value


def _describes_a_patient(word: str) -> bool:
    """Whether WORD, before a word for a person, describes the patient: a description's word or an adjective of age
    (`_PATIENT_DESCRIPTION_WORDS`, `_AGE_ADJECTIVES`: "ELDERLY MAN", "Young Woman"), after which that word is its noun,
    not a given name's syllable ("Ho Man Wai")."""
    return word.casefold() in _PATIENT_DESCRIPTION_WORDS | _AGE_ADJECTIVES


_AGE_OR_SEX_NEXT = re.compile(rf"[ \t]*,?[ \t]*{_AGE_OR_SEX}")
# The header's next label or a weekday after a word that opens a phrase in a labelled name, which is then the name's last
# word, as no phrase of its line begins with it ("Pt: Wong Wai On Hospital No 123", "Patient: Lee Ka On Tuesday" sent
# "On").
_FIELD_OR_DAY_NEXT = re.compile(rf"[ \t]*,?[ \t]*(?:{_HEADER_FIELD_LABEL}|(?i:{_WEEKDAYS.replace(' ', '|')})\b)")


def _before_the_phrase_it_opens(value: str, text: str, start: int) -> str:
    """VALUE, a Latin name found at START of TEXT, up to a word that opens a phrase (`_PHRASE_OPENERS`) after its first
    word where the word after it is none of a name (`_is_a_name_syllable`): a report word, a service's plural or a letter
    that no age follows ("Referred by: Dr Smith On Call", "Reported by: John Smith Via Teams", "Patient: Jane Doe At M
    ward" hid the phrase with the name, and its words wherever the case said them). A label says a name follows in
    full, so before a name word, a mark, an age or a sex, or at the name's end, such a word is a syllable of it ("Pt:
    Wong Wai On Kee", "Radiologist: Lee Ka On", "Pt: Wong Wai On, 45M")."""
    words = list(re.finditer(rf"(?:(?!{_NAME_WORD_SEPARATOR}).)+", value))
    for index, word in enumerate(words[1:], start=1):
        if word.group().casefold() not in _PHRASE_OPENERS or _AGE_OR_SEX_NEXT.match(text, start + word.end()):
            continue
        if _FIELD_OR_DAY_NEXT.match(text, start + word.end()):
            return value[: word.end()]
        if index + 1 < len(words):
            after = words[index + 1].group()
        else:
            following = _WORD_AFTER.match(text, start + word.end())
            after = following.group(1) if following else None
        if after is not None and not _is_a_name_syllable(after):
            return re.sub(rf"{_NAME_WORD_SEPARATOR}$", "", value[: word.start()])
    return value


def _is_a_name_syllable(word: str) -> bool:
    """Whether WORD, after a word that opens a phrase in a labelled name, is a word of the name: a name word that is no
    service's plural, or a capitalised syllable of two letters, as romanised Cantonese writes many ("Pt: Wong Wai On Ka
    Yee"); not an initial nor an abbreviation in capitals ("At M ward", "Via ED")."""
    syllable = len(word) == 2 and word.istitle()
    return syllable or (_is_name_word(word) and not _is_a_service_plural(word))


_ROLE_NEXT = re.compile(rf"[ \t]+{_ROLE_WORDS}")


def _before_its_role(value: str, text: str, end: int) -> str:
    """VALUE, a Latin name that ends at END of TEXT, without the department words (`_COMMON_WORDS`) after its last comma
    that a role follows: they name the role's service ("DR JOHN SMITH, RADIOLOGY REGISTRAR"), and were hidden with the
    name. Without a comma, or after one word, which a family name written first is ("SMITH, WARD"), they may be a name's
    ("Dr John Ward Registrar") and stay hidden."""
    name, comma, service = value.rpartition(",")
    if not (comma and len(name.split()) > 1 and _ROLE_NEXT.match(text, end)):
        return value
    return name if all(word.casefold() in _COMMON_WORDS for word in service.split()) else value


# Sides that go with the organ after them ("右肺", "双肺", "两肺", "左肾").
_ZH_SIDES = "左右双两"


def _before_an_organ_or_a_complaint(value: str, text: str, start: int) -> str:
    """VALUE, a Chinese name found at START of TEXT, up to an organ word of the lexicon (anatomy.json: 肺, 肝,
    胸腔) that starts at its third character or later, and a side right before that word ("右肺", "双肺"). A form
    run together with the report puts the findings right after the name ("姓名：阮小二右肺上叶见结节", "患者：王五双肺
    纹理增多"), and they were hidden with it. Findings name an organ first, and given names rarely hold an organ
    word, while other report words may start with a name's last character ("强化" after 王小强): only an organ
    ends the name, or a symptom of the chief complaint, which a request puts there ("姓名：张三胸痛3天" hid 胸痛), and the
    lexicon has none (complaints_zh.txt). A name has two characters at least."""
    for end in range(2, len(value) + 1):  # to its end: a side may end it ("欧阳娜娜右|肺")
        if organ_matcher("zh").pattern.match(text, start + end):
            return value[: end - 1 if end > 2 and value[end - 1] in _ZH_SIDES else end]
        if _complaint_matcher().match(text, start + end):
            return value[:end]
    return value


@lru_cache(maxsize=1)
def _complaint_matcher() -> re.Pattern[str]:
    """The symptoms of a chief complaint (complaints_zh.txt), the longest first."""
    return re.compile("|".join(sorted(_data_lines("complaints_zh.txt"), key=len, reverse=True)))


def _capitals_name(value: str, title: str | None, ends_clause: bool) -> str:
    """The name at the start of VALUE, words in capitals after a label or title ("" if none), which
    ENDS_CLAUSE when a sentence's or a line's end or a comma follows it. Case cannot show where such a name ends ("MRS SMITH HAS A NODULE"), so it ends
    before a function word, and before a report word that more words of the sentence follow ("MR. SMITH RIGHT LOWER
    LOBE"), while its last word may be one ("MR. JOHN STONE"), also before a word that ends a name by itself, a
    function word or a reporting verb (`_ends_a_name`: "DR. JOHN STONE WHO AGREED", "DR. JOHN STONE REVIEWED THE
    FILMS" sent "STONE"), and before a past-tense verb: a reporting
    verb (`_REPORTING_VERBS`) that more words of its sentence follow, or that no given name, a name word, comes
    before ("DR. MA AGREED." sent "MA" with "AGREED": a surname of one pinyin syllable takes no verb's word as its own),
    or a word in -ED that an article or a pronoun follows ("DR. PATEL EXCLUDED IT"). After a TITLE the name ends after `_MAX_TITLED_NAME_WORDS` name
    words, so that a run into words that no list holds ("MR. JOHN PAUL SMITH HOPES TO ...") stays short; and after
    one in capitals, whose period may end a sentence ("PRIOR MR. NO CHANGE"), it must start with an initial or a
    word that is no report word. A title in mixed case is one, so there a given name may be a word ("Dr WILL
    SMITH" was sent)."""
    words = list(re.finditer(rf"(?:(?!{_NAME_WORD_SEPARATOR}).)+", value))
    first = words[0].group()
    if title and title.isupper() and not (_NOT_A_NAME_PART.fullmatch(first) or _may_be_name_word(first)):
        return ""
    end, name_words = words[0].end(), 0 if _NOT_A_NAME_PART.fullmatch(first) else 1
    given_name, described = _is_name_word(first), _describes_a_patient(first)
    for index, word in enumerate(words[1:], start=1):
        text, last = word.group(), index == len(words) - 1
        if _NOT_A_NAME_PART.fullmatch(text):
            end = word.end()
            continue
        full = title is not None and name_words == _MAX_TITLED_NAME_WORDS
        verb = not last and text.endswith("ED") and words[index + 1].group().casefold() in _OBJECT_WORDS
        after = value[word.end() :]
        surname = given_name and (_CLAUSE_END.match(after) if after else ends_clause)
        reporting = text.casefold() in _REPORTING_VERBS and not surname
        syllable = not described and not last and text.casefold() in _PATIENT_NOUNS and _may_be_name_word(words[index + 1].group())
        word_of_a_name = _may_be_name_word(text) or last or syllable or _surname_before_its_sentence(word, words[index + 1], value)
        if full or verb or reporting or text.casefold() in _FUNCTION_WORDS | _CLAUSE_OPENERS or not word_of_a_name:
            break
        end, name_words, given_name = word.end(), name_words + 1, given_name or _is_name_word(text)
        described = described and _describes_a_patient(text)
    return value[:end]


def _ends_a_name(word: str) -> bool:
    """Whether WORD, in capitals after a name, can be no part of it whatever follows: a function word or a reporting
    verb."""
    return word.casefold() in _FUNCTION_WORDS | _CLAUSE_OPENERS or word.casefold() in _REPORTING_VERBS


def _surname_before_its_sentence(word: re.Match[str], following: re.Match[str], value: str) -> bool:
    """Whether the report WORD of a name in capitals VALUE is its surname ("STONE" of "DR. JOHN STONE WHO AGREED"), as
    the word FOLLOWING it, after spaces only, ends a name by itself (`_ends_a_name`) and WORD does not ("DR. A. JONES
    REVIEWED, AGREED")."""
    spaced = not value[word.end() : following.start()].strip(" \t")
    return spaced and _ends_a_name(following.group()) and not _ends_a_name(word.group())


# Parts of the body an examination's line names ("MR ANKLE FOOT", "DR HAND WRIST") that the lexicon, written for CT,
# does not hold. Not report words, as some are surnames too ("Mr. Foot", "Hand"): only a bare title alone on its
# line (`_TITLE_ALONE_ON_ITS_LINE`) takes them for no name.
_EXAMINED_PARTS = frozenset(
    "ankle ankles foot feet wrist wrists hand hands elbow elbows shoulder shoulders face jaw tmj limb limbs leg legs arm "
    "arms thigh thighs calf calves forearm forearms knee knees finger fingers thumb toe toes heel heels iams mrcp whole "
    "facial skeletal survey babygram".split()
)


def _names_no_examined_part(value: str) -> bool:
    """Whether the Latin name VALUE has only name words (`_only_name_words`), none of them a part of the body an
    examination names (`_EXAMINED_PARTS`)."""
    return _only_name_words(value) and not any(word.casefold() in _EXAMINED_PARTS for word in re.split(_NAME_WORD_SEPARATOR, value))


def _only_name_words(value: str) -> bool:
    """Whether every word of the Latin name VALUE is an initial, a title, a particle, a name word or a pinyin syllable."""
    return all(_NOT_A_NAME_PART.fullmatch(word) or _may_be_name_word(word) for word in re.split(_NAME_WORD_SEPARATOR, value) if word)


def _is_name_word(word: str) -> bool:
    """Whether WORD can only be a name word: no report word in any of its parts."""
    return not any(map(_is_report_word, word.strip(".").split("-")))


def _names_someone(value: str, kind: str, titled: bool = False, told: bool = False) -> bool:
    """Whether VALUE, found after a label of KIND, can be a person's name: a Latin one needs a word
    that is no report word, or "Patient: Left-sided chest pain" would hide "Left-sided" in the case, or to be
    a Chinese name in pinyin of short syllables only (`_is_short_pinyin_name`), or, right after a title
    (TITLED, `_after_a_written_title`), one syllable of two letters of a romanised East Asian name (`_TWO_LETTER_SYLLABLES`:
    "Mr. Li", "Dr. Ma", "Mr. Ho" were sent), or alone after words of telling a person (TOLD, `_told_name`) the fewer of
    them that are surnames and no English word (`_is_two_letter_surname`: "Discussed with Ho", not "and He will")."""
    if kind != "NAME" or _HAN.search(value) or name_parts(value) or _is_short_pinyin_name(value):
        return True
    if re.fullmatch(_SIGNING_INITIALS, value):
        return True
    return (titled and value.casefold() in _TWO_LETTER_SYLLABLES) or (told and _is_two_letter_surname(value))


_TOLD_TO_BEFORE = re.compile(rf"{_TOLD_TO}$")
# Words that put a person next before a staff role, an article or "our" between or not, and up to two words in lower
# case of its shift or grade, which `_TOLD_ROLE` takes only capitalised ("Discussed with the Duty Radiologist Patel",
# "Discussed with the on-call radiologist Patel" sent the name, which "Discussed with Duty Radiologist Patel" hid).
_TOLD_TO_BEFORE_A_ROLE = re.compile(rf"{_TOLD_TO}(?:(?i:the|our|an?)[ \t]+)?(?:(?-i:[a-z])[a-z'’\-]*[ \t]+){{0,2}}$")
_TOLD_ROLE_LOOK_BACK = 64  # characters before a role: "results handed over to the on-call "
_WORD_AFTER = re.compile(r"[ \t]+([^\W\d_]+)")
# Where a sentence starts, searched for right before a title (`_SENTENCE_START` ending where the search ends).
_SENTENCE_START_BEFORE = re.compile(rf"(?m){_SENTENCE_START}\Z")
_SENTENCE_END_AFTER = re.compile(r"[ \t]*(?:\.?[ \t]*(?:\r?\n|$)|\.[ \t]+)")
# What a report writes where a value is missing: not available or applicable, not known, nil. After "MR." or "DR.",
# a modality's name as well as a title, alone in its sentence it says the study is missing ("SEE ALSO PRIOR. MR. NA.").
_MISSING_VALUE_WORDS = frozenset({"na", "nk", "nil"})


def _after_a_written_title(match: re.Match[str], end: int) -> bool:
    """Whether MATCH found its value, which ends at END, right after a title written with its full stop ("Mr.", "Dr."),
    which nothing but a person follows: in mixed case always; in capitals, whose full stop may end a sentence ("PRIOR MR.
    NA"), only after words that put a person next ("PHONED TO MR. LI"), before a word that ends a name ("MR. LI AT
    15:30", "DR. MA AGREED") or alone with it in its sentence, on its line or between full stops, an addressee's or a
    sign-off's ("MR. LI." was sent, "STABLE. MR. LI. FOLLOW UP." too), where a title whose full stop ends a sentence
    comes after its sentence's words ("PRIOR MR. NA. NO CHANGE."), unless it is the word for a missing value
    (`_MISSING_VALUE_WORDS`: "PRIOR. MR. NA."), and for no function word, which starts a sentence ("PRIOR MR. HE IS
    ...")."""
    title = match.group("title") if "title" in match.re.groupindex else None
    if not (title and title.endswith(".")):
        return False
    if not title.isupper():
        return True
    text, start = match.string, match.start("title")
    after = _WORD_AFTER.match(text, end)
    person_next = _TOLD_TO_BEFORE.search(text, max(0, start - 40), start) or (after and _ends_a_name(after.group(1)))
    value = text[match.start("value") : end].casefold()
    alone_in_its_sentence = (
        _SENTENCE_START_BEFORE.search(text, max(0, start - 40), start)
        and _SENTENCE_END_AFTER.match(text, end)
        and value not in _MISSING_VALUE_WORDS
    )
    return bool(person_next or alone_in_its_sentence) and value not in _FUNCTION_WORDS


# The pinyin syllables of two letters. A Chinese name in pinyin may have no longer one ("LI NA", "WU YU"), and
# words under three letters are report words (`_is_report_word`), so "Dr LI NA" was sent.
_SHORT_PINYIN = frozenset(
    "ai an ao ba bi bo bu ca ce ci cu da de di du en er fa fo fu ga ge gu ha he hu ji ju ka ke ku la le li lu ma me mi mo "
    "mu na ne ni nu ou pa pi po pu qi qu re ri ru sa se si su ta te ti tu wa wo wu xi xu ya ye yi yo yu za ze zi zu".split()
)

# With them the two-letter surnames of romanised Cantonese, Korean and Vietnamese names that are no pinyin syllable
# ("Ho", "Ng", "Au", "Ko" of Hong Kong, "Oh" of Korea, "Ly", "Vu" of Vietnam): "Discussed with Ho at 14:00" was sent
# (in capitals they are left out: `_may_be_name_word`). Not those that are abbreviations in reports too ("IP" inpatient, "IM" intramuscular, "LO").
_ROMANISED_SURNAMES = frozenset("ho ng au ko oh ly vu".split())
_TWO_LETTER_SYLLABLES = _SHORT_PINYIN | _ROMANISED_SURNAMES
# The syllables of two letters that are surnames, which alone after words of telling a person name one ("Discussed with
# Ho at 14:00", "phoned to Li at 15:30"): not every pinyin syllable, as English writes some capitalised there ("Re",
# "Er", "Pa", "Na"), nor those that are English words or roles in reports, capitalised there too ("and He will review",
# "Informed Ma" the mother, "Mo on call" the medical officer): those stay surnames only after a title ("Ms. He", "Dr. Ma").
# Chinese surnames: 李 胡 吴 徐 余 卢 杜 傅 顾 齐 纪 毕 葛 叶 易 巴 卜 狄 倪 米 蒲 苏 涂 屈 汝 席 艾 敖 达 欧 祖 资.
_TWO_LETTER_SURNAMES = _ROMANISED_SURNAMES | frozenset(
    "li hu wu xu yu lu du fu gu qi ji bi ge ye yi ba bu di ni mi pu su tu qu ru xi ai ao da ou zu zi".split()
)


def _is_two_letter_surname(word: str) -> bool:
    """Whether WORD, capitalised, is a surname of two letters (`_TWO_LETTER_SURNAMES`), which alone after words of
    telling a person names one ("Discussed with Ho at 14:00"); in capitals it is left to the title's and the capitals'
    rules ("DISCUSSED WITH HO")."""
    return word.istitle() and word.casefold() in _TWO_LETTER_SURNAMES


# The surnames of two letters that reports also write as an abbreviation, a unit or a classification ("NG tube", "OH"
# occupational health, "45 HU", "LI-RADS", "BI-RADS", "MI", "FU" follow-up, "GU", "AI", "Asc Ao" the ascending aorta,
# "Ba swallow" barium, "PU" passed urine, "AU", "GE" the scanner's maker, "XI" the Roman eleven of a cranial nerve), in
# capitals or not: they are hidden where their context found them, and not spread ("DI", "DU" are particles, not spread).
_TWO_LETTER_ABBREVIATIONS = frozenset("ng oh hu li bi mi fu gu ai ao ba pu au ge xi".split())


def _two_letter_surname_spellings(value: str) -> list[str]:
    """The spellings under which the surnames of two letters of VALUE, a name found by its context ("Discussed with Ho at
    14:00", "Mr. Wu", "DR. WU", "Dr. John Ho"), are hidden wherever else the case writes them ("Ho agreed" was sent):
    capitalised ("Wu" of "DR. WU" too), and in capitals where a name word may be written so (`_may_be_name_word`: "WU",
    not the romanised "HO", as often "the HO on call"), never in lower case ("ho", "wu"). Only those of
    `_TWO_LETTER_SURNAMES`, which no English word nor report role is ("Ms. He" spreads no "He"; "Dr. Ma", "Mr. Na" none
    either), but for a report's abbreviation (`_TWO_LETTER_ABBREVIATIONS`: "Mr. Li" spreads no "Li", as "LI-RADS"),
    and no particle ("Da", "Di", "Du": "Dr. Da Silva"; "Mr. Du" spreads no "Du"). Spread as a longer surname of a full
    name is ("Smith" of "Dr. John Smith"), as a note names the person again by the surname alone."""
    surnames = [word for word in _name_words(value) if len(word) == 2 and word.casefold() in _TWO_LETTER_SURNAMES - _TWO_LETTER_ABBREVIATIONS]
    return [word.capitalize() for word in surnames] + [word.upper() for word in surnames if _may_be_name_word(word.upper())]


def _name_words(value: str) -> list[str]:
    """The words of the Latin name VALUE that may name the person: not its titles, particles nor initials
    (`_NOT_A_NAME_PART`), which identify no one, however many full stops follow them ("Prof.. Smith")."""
    return [word for word in re.split(_NAME_WORD_SEPARATOR, value)
            if word and not _NOT_A_NAME_PART.fullmatch(word) and not _NOT_A_NAME_PART.fullmatch(word.strip("."))]


def _is_short_pinyin_name(value: str) -> bool:
    """Whether the Latin VALUE is two or more words, but its initials and particles, all pinyin syllables of two
    letters ("LI NA"). One alone ("Radiologist: NA") is as often an abbreviation, which hidden would be hidden
    wherever the case says it ("Na 140")."""
    words = _name_words(value)
    return len(words) > 1 and all(word.casefold() in _SHORT_PINYIN for word in words)


def _may_be_name_word(word: str) -> bool:
    """Whether WORD, in a name, is a name word or a syllable of two letters (`_TWO_LETTER_SYLLABLES`: "MR. LI NA",
    "Discussed with Ho at 14:00"). Written in capitals, only a pinyin syllable: the romanised surnames of two letters
    (`_ROMANISED_SURNAMES`) are as often a report's abbreviations there ("DR. JONES NG TUBE IN SITU", "OH REFERRAL"),
    so "DR. HO MAN WAI" is sent."""
    syllables = _SHORT_PINYIN if word.isupper() else _TWO_LETTER_SYLLABLES
    return _is_name_word(word) or word.casefold() in syllables


def _is_clinical_text(value: str) -> bool:
    """Whether the Han text VALUE after a patient label ("患者：右肺结节") is clinical text rather than the
    patient's name: it holds a term of the report lexicon and does not start with a common surname.
    Hiding a clinical word costs the model a word, showing a name exposes the patient, so a name is
    assumed whenever the text could be one: "患者：张三", "患者：阮小二" (a surname not on the list, no
    term) and "患者：王五右肺结节" are hidden, and so are clinical words the lexicon does not hold
    ("患者：咳嗽三天")."""
    return not re.match(_ZH_SURNAME, value) and any(term in value for term in chinese_terms())


# The characters that end the name of a disease, a tumour or a preparation (石骨症 osteopetrosis, 汤剂 decoction), which no
# given name ends in: "检查号：CT12345石骨症" hid the disease as a name glued to the identifier.
_ZH_DISEASE_OR_DRUG_ENDINGS = frozenset("症病癌瘤剂")
# The characters that end the name of a structure of the body, which a finding communicates with (裂 fissure, 隙 space,
# 腔 cavity, 膜 membrane, 管 duct, 窦 sinus, 囊 sac, 窝 fossa, 隔 septum) and no given name ends in: "空洞已与叶间裂沟通" hid
# 叶间裂 as a name of the people a case is communicated with.
_ZH_STRUCTURE_ENDINGS = frozenset("裂隙腔膜管窦囊窝隔")


@lru_cache(maxsize=4096)  # a list of the people told says a name again and again, and each reading scans the lexicon
def _is_chinese_prose(value: str) -> bool:
    """Whether the Han text VALUE, before the patient's sex or age where a name of a surname not on the list
    could stand, is prose: it holds a term of the report lexicon, ends as a disease's, a preparation's or a structure's
    name does (`_ZH_DISEASE_OR_DRUG_ENDINGS`: "石骨症", "汤剂"; `_ZH_STRUCTURE_ENDINGS`: "叶间裂"), starts with a function word ("约为", "因胸痛",
    "于今日") or holds a word of Chinese that is no person's name ("老年", "高龄", "是一名", "咳嗽"). No list
    of the words prose puts there would be whole, nor does the lexicon, written for findings, hold them;
    jieba's dictionary does, and tags person names and surnames apart ("阮小二", "小二", "聂"), so that
    after a surname it knows a given name that is also a word stays a name ("聂海波"). Text that starts a longer
    word that is no name is prose too, as the short forms of a clinical note do and names rarely: "神清" (神志清楚)
    starts 神清气爽, a word of no case's lexicon, and hidden it was hidden wherever the case said it. The short forms no
    dictionary holds ("神萎", "纳可", "眠差") are listed (clinical_states_zh.txt). After a surname of the
    Hundred Family Surnames that jieba does not tag as one ("牛", also "ox"), a given name that is a word
    stays a name as after one it tags ("牛国庆" holds 国庆, National Day, and was sent): only a word the value
    starts with makes it prose, where it reads as prose (`_reads_as_prose_after_a_surname`: "高龄", not "文静"); after
    one jieba tags as a function word ("曾", "于"), also what reads on as prose (`_reads_on_as_prose`)."""
    tags, word_starts = _chinese_dictionary()
    words = (word for listed in (chinese_terms(), _clinical_states()) for word in listed)
    if any(word in value for word in words) or value[-1] in _ZH_DISEASE_OR_DRUG_ENDINGS | _ZH_STRUCTURE_ENDINGS:
        return True
    if tags.get(value[0], "")[:1] in _FUNCTION_WORD_TAGS and (value[0] not in _hundred_surnames() or _reads_on_as_prose(value)):
        return True
    if tags.get(value[0], "").startswith("nr") or value[0] in _hundred_surnames():
        return any(_reads_as_prose_after_a_surname(value[:end], tags) for end in range(2, len(value) + 1))
    if value in word_starts:
        return True
    return any(not tags.get(value[start:end], "nr").startswith("nr") for start in range(len(value)) for end in range(start + 2, len(value) + 1))


# jieba's parts of speech of proper nouns: names of people, places, organisations and others ("都兰", "文华").
_PROPER_NOUN_TAGS = ("nr", "ns", "nt", "nz")


def _reads_as_prose_after_a_surname(word: str, tags: dict[str, str]) -> bool:
    """Whether WORD, which starts with a surname, reads as prose right after 患者 before the sex or the age: a word
    of jieba's dictionary ("高龄", "尚可") that is no proper noun, by which no note describes a patient ("都兰", a
    county; "常东"; "文华"), and not the surname and characters jieba tags as a given name's or that given names
    commonly hold (given_names_zh.txt), which read as a name first ("文静": 静; "平静"; "患者文静，女" sent 文静, and
    "患者平安，男", "患者明亮，女" and "患者从小明，男" sent theirs)."""
    tag = tags.get(word)
    given = all(tags.get(c, "").startswith("nr") or c in _given_name_characters() for c in word[1:])
    return tag is not None and not tag.startswith(_PROPER_NOUN_TAGS) and not given


@lru_cache(maxsize=1)
def _patient_states() -> frozenset[str]:
    """The nouns of a patient's state, faculties and symptoms and of their measures (patient_states_en.txt). Not
    `_PATIENT_COMPOUND_NOUNS`, which no name word is anywhere, as a given name of these is ("Patient Comfort Mensah was
    seen")."""
    return frozenset(_data_lines("patient_states_en.txt"))


@lru_cache(maxsize=1)
def _clinical_states() -> frozenset[str]:
    """The short forms of a Chinese note's general-condition line (clinical_states_zh.txt)."""
    return frozenset(_data_lines("clinical_states_zh.txt"))


@lru_cache(maxsize=1)
def _given_name_characters() -> frozenset[str]:
    """The characters common in Chinese given names (given_names_zh.txt)."""
    return frozenset("".join(_data_lines("given_names_zh.txt")))


@lru_cache(maxsize=1)
def _hundred_surnames() -> frozenset[str]:
    """The one-character surnames of the Hundred Family Surnames (surnames_zh.txt)."""
    return frozenset("".join(_data_lines("surnames_zh.txt")))


def _data_lines(name: str) -> list[str]:
    """The lines of the data file NAME beside this module, but its comments."""
    lines = Path(__file__).with_name(name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


# jieba's parts of speech of words names never start with: prepositions, adverbs, conjunctions, particles, pronouns.
_FUNCTION_WORD_TAGS = frozenset("pdcur")
# What prose puts right after a function word that starts it ("曾于", "于其", "和其", "须由"; "都是", "都有"): a
# preposition, conjunction, pronoun or particle, or the verbs "to be" and "to have"; not an adverb, which
# given names hold ("曾刚", "于永").
_PROSE_LINK_TAGS = frozenset("pcru")
_PROSE_LINK_VERBS = frozenset("是有")


def _reads_on_as_prose(value: str) -> bool:
    """Whether VALUE, which starts with a surname of the Hundred Family Surnames that jieba tags as a function
    word (曾 "once", 于 "on", 都 "all", 尚 "still"), reads on as prose where it could be a name ("患者曾国庆，男"
    was sent): the next character links a phrase (`_PROSE_LINK_TAGS`), or after a preposition the rest is a
    word of time ("于今日"). Only that: a given name that is a verb or a noun ("曾振兴", "于海波") stays a name,
    though a clinical verb goes with it ("患者曾吸烟，男" hides 曾吸烟), as hiding a word costs the model less
    than showing a name."""
    tags, rest = _chinese_dictionary()[0], value[1:]
    link = tags.get(rest[0], "")[:1] in _PROSE_LINK_TAGS or rest[0] in _PROSE_LINK_VERBS
    return link or (tags.get(value[0], "").startswith("p") and tags.get(rest) == "t")


def _starts_a_chinese_word(value: str) -> bool:
    """Whether the Han text VALUE, a surname and one or two characters, is a word of jieba's dictionary or starts one,
    by its first two characters or all of it, whatever its tag: the words prose runs on from 患者 into a clause ("陈述",
    "孙女", "黎明时") are there, many tagged a person's name; so are some common names of real people ("李娜", "王建国",
    told apart by `_is_a_common_dictionary_name`), while most are not ("张三", "张志行")."""
    tags, starts = _chinese_dictionary()
    return any(value[:length] in tags or value[:length] in starts for length in {2, len(value)})


def _is_a_run_on_word(value: str) -> bool:
    """Whether the Han text VALUE, a surname and one or two characters run on from 患者 into its clause, is a word
    there rather than a name: it starts a word of jieba's dictionary (`_starts_a_chinese_word`) and is no common name
    of its dictionary (`_is_a_common_dictionary_name`)."""
    return _starts_a_chinese_word(value) and not _is_a_common_dictionary_name(value)


def _is_a_common_dictionary_name(value: str) -> bool:
    """Whether VALUE, a surname and one or two characters, is a name though a word of jieba's dictionary: its given
    name is made of the characters common in given names (given_names_zh.txt), and its surname is a compound one, which
    jieba holds as a word ("欧阳", "司马") and no prose starts with, or jieba tags it all a person's name and it starts
    no longer word that is none ("李娜", "王建国", "李强"). Words jieba tags so stay words by a character no given name
    commonly holds ("陈述", "孙女", "王水", "李子") or as the start of a longer word ("黎明" of 黎明前)."""
    tags, starts = _chinese_dictionary()
    compound = _ZH_COMPOUND_SURNAME.match(value)
    given = value[compound.end() if compound else 1 :]
    if not set(given) <= _given_name_characters():
        return False
    return bool(compound) or (tags.get(value, "").startswith("nr") and value not in starts)


@lru_cache(maxsize=1)
def _chinese_dictionary() -> tuple[dict[str, str], frozenset[str]]:
    """The words of one to three characters of jieba's dictionary (a pinned dependency) and their parts of
    speech ("nr" and its kinds for person names), and the first two or three characters of its longer words that are no person's name ("神清" of 神清气爽):
    read on first need, as only a name of a surname not on the list needs them (and importing jieba alone takes a
    quarter of a second)."""
    import jieba

    with jieba.get_dict_file() as lines:
        entries = [line.decode("utf-8").split() for line in lines]
    longer = [word for word, _, tag in entries if len(word) > 2 and not tag.startswith("nr")]
    starts = {word[:2] for word in longer} | {word[:3] for word in longer if len(word) > 3}
    return {word: tag for word, _, tag in entries if len(word) <= 3}, frozenset(starts)


def _variant_suffix(index: int) -> str:
    """"b" for the second spelling of a value, "c" for the third, ... and "z27" past the alphabet."""
    return "abcdefghijklmnopqrstuvwxyz"[index] if index < 26 else f"z{index}"


def spellings(value: str, kind: str) -> list[str]:
    """The ways VALUE can appear elsewhere in a case: itself, and for names its parts ("Quixotefrank"
    of "Zebulon Quixotefrank") and, for Han names, the value without its spaces ("李雷" of "李 雷").
    A short all-digit id or extension is not looked for elsewhere: "150" of "Case number: 150" is also "Density 150 HU";
    nor a short code of letters alone, a typist's ("ct" of "Typed by: ct" is also "CT");
    nor is a surname alone ("张" of "张医生"), which Han text holds inside words ("扩张", "肺叶", "陈旧"), nor a
    Latin name of two letters ("Li" of "Mr. Li", "He" of "Ms. He") in any letter case, a word or an abbreviation elsewhere
    ("LI-RADS", "He agreed"): only the surnames of `_two_letter_surname_spellings`, in their own letter cases."""
    if kind in ("ID", "PHONE") and len(value) < _MIN_SPREAD_ID and not (re.search(r"[^\W\d_]", value) and re.search(r"\d", value)):
        return []
    if kind == "NAME" and (len(value) == 1 or (len(value) == 2 and not _HAN.search(value))):
        return []
    if kind != "NAME":
        return [value]
    if _HAN.search(value):
        return [value, re.sub(r"[ \u3000]", "", value)]
    return [value, *name_parts(value)]


def name_parts(value: str) -> list[str]:
    """The words of the Latin name VALUE worth hiding wherever they appear, and the pieces of its
    double names ("Pemberton", "Oddly"): never an initial, title or particle, and never a word of a
    report ("Major" of "Mary Major" is also "Major fissure"), which hiding everywhere would change the
    report the model audits."""
    parts = [word for word in (word.strip(".") for word in _name_words(value)) if not any(map(_is_report_word, word.split("-")))]
    return parts + [piece for word in parts if "-" in word for piece in word.split("-") if len(piece) > 2]


def _is_report_word(word: str) -> bool:
    """Whether WORD is short, an everyday or function word or one reports use (anatomy, findings, sides
    and directions, section headings, error types), so that it cannot be told from a name part."""
    return len(word) < 3 or word.casefold() in _report_words() or is_heading_word(word)


@lru_cache(maxsize=1)
def _report_words() -> frozenset[str]:
    """The words of the report checks' own lists, lower case: the medical lexicon (which holds the
    anatomy and findings terms), the laterality check's sides, the taxonomy's error types,
    `_COMMON_WORDS`, `_IMAGING_WORDS` and `_FUNCTION_WORDS`."""
    sides = {word for pair in OPPOSITE.items() for word in pair}
    error_words = {word for modality in ("cxr", "ct_report") for name in error_types(modality) for word in name.split("_")}
    return medical_words() | sides | error_words | _COMMON_WORDS | _IMAGING_WORDS | _FUNCTION_WORDS


class _SpellingIndex:
    """Where known spellings occur in a text, in time that grows with its length and not with the number
    of spellings known (only with how many lengths those starting alike have): one pattern of them all
    ("a|b|c"), which the regular expression engine tries one by one at each position, took minutes for
    a report of many distinct e-mails. A Latin spelling matches on word
    boundaries, so "Lee" does not hit "sleep", and is looked up by the text's word (or other character)
    that starts there, which is its first one; Han text has no spaces to bound words with, so a Han
    spelling matches anywhere, looked up by its first character. At each start the longest spelling
    wins, as placeholders already in the text stay as they are."""

    def __init__(self, aliases: tuple[str, ...]) -> None:
        # first word or character -> length -> the spellings of that length, and the lengths, longest first
        self.by_start: dict[str, dict[int, set[str]]] = {}
        for alias in aliases:
            self.by_start.setdefault(self._start(alias, 0), {}).setdefault(len(alias), set()).add(alias)
        self.lengths = {start: sorted(by_length, reverse=True) for start, by_length in self.by_start.items()}
        latin = {alias[0] for alias in aliases if not _HAN.match(alias)}
        han = {alias[0] for alias in aliases if _HAN.match(alias)}
        starts = [f"(?P<placeholder>{_PLACEHOLDER})"] + [rf"(?<!\w)[{''.join(map(re.escape, sorted(latin)))}]"] * bool(latin)
        self.candidates = re.compile("|".join(starts + [f"[{''.join(sorted(han))}]"] * bool(han)), re.IGNORECASE)

    @staticmethod
    def _start(text: str, position: int) -> str:
        """What a spelling starting at POSITION of TEXT is looked up by, case folded."""
        if _HAN.match(text, position):
            return text[position]
        word = _WORD_CHARACTERS.match(text, position)
        return (word.group() if word else text[position]).casefold()

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """The (start, end) of each known spelling in TEXT, left to right, never inside a placeholder."""
        position = 0
        while candidate := self.candidates.search(text, position):
            start, position = candidate.start(), candidate.start() + 1
            if candidate.group("placeholder"):
                position = candidate.end()
                continue
            key = self._start(text, start)
            for length in self.lengths.get(key, ()):
                end = start + length
                bounded = _HAN.match(key) or not _WORD_CHARACTERS.match(text, end)
                if end <= len(text) and bounded and text[start:end].casefold() in self.by_start[key][length]:
                    yield start, end
                    position = end
                    break


@lru_cache(maxsize=64)
def _spelling_index(aliases: tuple[str, ...]) -> _SpellingIndex:
    return _SpellingIndex(aliases)
