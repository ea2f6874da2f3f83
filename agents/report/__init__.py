"""The offline CT report auditor (English and Chinese): `engine.ReportRulesAuditor`.

A report is parsed into sections at its headings (`headings`) and sentences (`document`), its statements
into entities (`mentions`: finding, organ, side, negation, sizes), and one module per error type in
`checks/` compares them. Word lists live in `lexicon/` as data files; retrieved past cases extend them
(`knowledge`).
"""
