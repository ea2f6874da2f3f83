"""The rule engine's shortcuts find what the plain way finds: they only make it faster."""

from __future__ import annotations

import pytest

from radqc.agents.report.document import parse_report
from radqc.agents.report.lexicon import finding_matcher, known_words, organ_matcher

_ENGLISH = [
    "Mild LEFT Hydronephrosis and a 2 cm Renal Cyst.",
    "Thickening of the Sigmoid Colon wall, and of the DISTAL ESOPHAGUS.",
    "No pleural effusion; Right-sided pneumothorax. Non-obstructing lower pole stone.",
    "IMPRESSION: Acute Appendicitis with Periappendiceal Abscess.",
]


def _case_blind(matcher, text: str) -> list[tuple[str, int, int]]:
    return [(matcher._key(m.group(0)), m.start(), m.end()) for m in matcher.pattern.finditer(text)]


@pytest.mark.parametrize("matcher", [finding_matcher("en"), organ_matcher("en"), known_words("en")])
def test_english_terms_are_searched_in_lower_case_with_the_same_result(matcher):
    assert matcher.lower_case is not None
    for text in _ENGLISH:
        assert matcher.find(text, 7) == [(key, 7 + a, 7 + b) for key, a, b in _case_blind(matcher, text)]
        assert matcher.find(text)  # every text names terms of each lexicon


def test_a_text_beyond_ascii_is_searched_case_blind():
    """A Kelvin sign ("\u212a") is the letter k to a case-blind pattern, and stays no ASCII letter in lower case."""
    text = "Left \u212aidney cyst."
    found = organ_matcher("en").find(text)
    assert found == _case_blind(organ_matcher("en"), text)
    assert [key for key, _, _ in found] == ["kidney"]


def test_a_letter_the_pattern_folds_and_lower_case_does_not_names_its_term():
    """A long s ("effu\u017fion") is the letter s to a case-blind pattern but not in lower case: looking its term up
    raised StopIteration, and a report holding one failed both auditors."""
    found = finding_matcher("en").find("Small right pleural effu\u017fion.")
    assert [key for key, _, _ in found] == [key for key, _, _ in finding_matcher("en").find("Small right pleural effusion.")]
    assert found


def test_chinese_terms_keep_their_pattern():
    assert finding_matcher("zh").lower_case is None
    assert organ_matcher("zh").find("左肾囊肿") == _case_blind(organ_matcher("zh"), "左肾囊肿")


def test_a_question_is_answered_once_per_report():
    from radqc.agents.report.memo import one_report, remembered

    asked = []

    @remembered(lambda text: (text,))
    def words(text: str) -> list[str]:
        asked.append(text)
        return text.split()

    with one_report():
        first = words("left renal cyst")
        first.append("changed by its caller")
        assert words("left renal cyst") == ["left", "renal", "cyst"]  # a list of its own for each caller
    with one_report():
        words("left renal cyst")  # the next report remembers nothing of the last
    words("left renal cyst")  # nor does a question asked outside any report
    assert asked == ["left renal cyst"] * 3


def test_the_confusion_table_finds_in_one_pass_what_its_rows_find():
    from radqc.agents.report.checks import spelling

    texts = ["Plural effusion on the left.", "Enlarged prostrate.", "Fraction of the left ileum.",
             "Ejection fraction 60%. No effusion.", "Nothing confusable here."]
    for text in texts:
        rows = [(m.span(), right) for pattern, right, _ in spelling._confusion_patterns_en()
                for m in pattern.finditer(text)]
        assert [(m.span(), right) for m, right, _ in spelling.confusion_matches_en(text)] == rows
        assert bool(rows) == (spelling._any_confusion_en().search(text) is not None)
    assert spelling._any_confusion_en().search("Plural effusion") is not None


def test_warm_up_loads_what_a_slip_or_an_evidence_span_reads():
    from radqc.agents.report.engine import ReportRulesAuditor
    from radqc.agents.report.lexicon import chinese_dictionary_words, known_words

    chinese_dictionary_words.cache_clear()
    known_words.cache_clear()
    ReportRulesAuditor(embeddings=False).warm_up()
    assert chinese_dictionary_words.cache_info().currsize == 1
    assert known_words.cache_info().currsize == 2


# Long or crafted report text must not take time growing faster than its length: the shortcuts below read each stretch
# of a sentence once where the plain way read the whole sentence again for every term, size or letter.

def test_the_text_left_without_the_named_words_is_the_plain_ones():
    from radqc.agents.report.document import Span
    from radqc.agents.report.mentions import Mention, _unnamed

    span = Span(10, 40, "the liver and the left kidney ok")
    for named in ([], [Mention("liver", 14, 19)], [Mention("kidney", 32, 38), Mention("liver", 14, 19)],
                  [Mention("a", 5, 12), Mention("b", 11, 16), Mention("c", 30, 60)], [Mention("d", 20, 20)]):
        plain = "".join(ch for i, ch in enumerate(span.text, span.start) if not any(m.start <= i < m.end for m in named))
        assert _unnamed(span, named) == plain


@pytest.mark.parametrize("text", [
    "LM 0, LAD 120, LCx 35, RCA 80, total Agatston score 236",
    "LM 0, LAD 120, LCx 35, RCA 80, total 300. Then LAD 1, RCA 2 = 9 and AB 3 + CD 4 = 7",
    "左前降支12分，回旋支3分，总积分20分；右冠10分、左主干2分=12",
    "No liver mass or spleen mass or kidney mass " * 20 + "x 1, y 2 = 4",
    "Grade 3, score 4, 5 and 6 = 15, then 1,2,3",
    "GCS 15, NIHSS 3, mRS 1, " * 20 + "GCS 15, NIHSS 3; mRS 1, ASPECTS 9 = 10",
    "A 1, B 2 foo 3, C 4 = 7",
    "A 1分、 (x) 2, B 3 = 5",  # the "分" ending one part opens a name running into the next
    "GCS评分15分，NIHSS评分3分，" * 20 + "形态1分、神经0分+韧带2分，总分3分",
])
def test_score_sums_are_found_where_the_plain_search_finds_them(text):
    from radqc.agents.report.checks.measurement import _SCORE_TOTAL, _score_totals

    assert [m.span() for m in _score_totals(text)] == [m.span() for m in _SCORE_TOTAL.finditer(text)]


@pytest.mark.parametrize("item", ["GCS 15, NIHSS 3, mRS 1, ", "GCS评分15分，NIHSS评分3分，mRS评分1分，"])
def test_a_list_of_named_scores_without_a_total_is_not_tried_again_at_each_name(item, monkeypatch):
    """Each try reads the list to its end: a try at each name took time growing with the square of the list's length."""
    from radqc.agents.report.checks import measurement

    pattern, tried = measurement._SCORE_TOTAL, []

    class Counted:
        def match(self, text, position):
            tried.append(position)
            return pattern.match(text, position)

    monkeypatch.setattr(measurement, "_SCORE_TOTAL", Counted())
    for repeats in (10, 100):
        tried.clear()
        assert list(measurement._score_totals(item * repeats)) == []
        assert len(tried) <= 2  # the list's first name, and a "分" ending its last part


@pytest.mark.parametrize("before", [
    "A cyst 2 - ", "cysts 1.5cm~", "a mass 3 mm – ", "ranging 1-2-", "a 2 cm nodule and a", "nodes 2 -约", "x-ray 4-",
    "cysts ranging from 0.5 to ", "cysts varying in size from 2 mm TO ", "大小从0.5至约", "由1.2cm增大至", "from 1 to 2 to ",
    "tomato from 3 to", "",
])
def test_a_range_low_end_is_found_where_the_plain_search_finds_it(before):
    from radqc.agents.report.mentions import (_RANGE_DASHES, _RANGE_FROM, _RANGE_LOW, _RANGE_TOS,
                                              _since_the_joiner_before)

    for pattern, joiners in ((_RANGE_LOW, _RANGE_DASHES), (_RANGE_FROM, _RANGE_TOS)):
        plain = pattern.search(before)
        found = _since_the_joiner_before(pattern, before, joiners)
        assert (found and found.span("range")) == (plain and plain.span("range"))


@pytest.mark.parametrize("text, landmarks", [("腹主动脉肾动脉水平以下瘤样扩张", ["肾"]), ("肝肾隐窝少量积液", ["肾"]),
                                             ("腹主动脉于肾动脉开口以下", ["肾"]), ("左肾、右肾、肝、脾未见异常", []),
                                             ("胆总管胰腺段扩张", ["胰"])])
def test_a_landmark_is_told_where_the_plain_reading_tells_it(text, landmarks):
    from radqc.agents.report.document import Span
    from radqc.agents.report.lexicon import organ_matcher
    from radqc.agents.report.mentions import (_LANDMARK_AFTER, _LANDMARK_JOINER, Mention, _keys_by_end, _landmark,
                                              organs)

    span = Span(3, 3 + len(text), text)
    found = [Mention(k, a, b) for k, a, b in organ_matcher("zh").find(text, span.start)]

    def plain(mention):
        return any(m.end <= mention.start and m.key != mention.key
                   and _LANDMARK_JOINER.fullmatch(span.text[m.end - span.start : mention.start - span.start])
                   for m in found) and bool(_LANDMARK_AFTER.match(span.text[mention.end - span.start :]))

    assert [text[m.start - span.start : m.end - span.start] for m in found if plain(m)] == landmarks
    assert [_landmark(span, _keys_by_end(found), m) for m in found] == [plain(m) for m in found]
    assert organs(span, "zh") == [m for m in found if not plain(m)]  # the organs named are those no landmark


@pytest.mark.parametrize("text", ["FINDINGS: Left kidney: a 2 cm cyst, mild hydronephrosis and no stone, but with fat.",
                                  "影像所见：右肺上叶见结节，伴空洞，但未见钙化：大小约2cm。"])
def test_the_clause_at_a_place_is_the_plain_search_among_the_clauses(text):
    from radqc.agents.report.memo import one_report

    for sentence in parse_report(text, "zh" if "影像" in text else "en").sentences:
        with one_report():
            for position in range(sentence.start - 1, sentence.end + 1):
                plain = next((c for c in sentence.clauses() if c.start <= position < c.end), sentence)
                assert sentence.clause_at(position) == plain


_NEIGHBOURS = ["Haematoma anterior to the bladder and a cyst in the liver, displacing the left kidney.",
               "Thrombus at the level of the left renal vein, (at the level of the right kidney) and below   the  liver.",
               "Collection abutting the spleen; aneurysm proximal to the right renal artery, liver normal, spleen normal.",
               "膀胱前方血肿，肿块推压胰尾及脾静脉，右肾受推压，肝脏未见异常。",
               # the longest cue, thirteen characters before the organ, and one broken by a line
               "左肾囊肿推压多发迂曲扩张血管与左侧脾脏，肝脏、胆囊未见异常。",
               "腹膜后肿块推压多发迂曲扩张血管及右侧\n肾脏，肝脏未见异常。"]


def _plain_and_windowed(text: str, language: str):
    from radqc.agents.report.document import Span
    from radqc.agents.report.mentions import neighbour, not_neighbours, organs

    span = Span(0, len(text), text)
    found = organs(span, language)
    return found, [m for m in found if not neighbour(span, m, language)], not_neighbours(span, found, language)


@pytest.mark.parametrize("text", _NEIGHBOURS)
def test_neighbours_are_read_in_the_words_before_an_organ_as_in_the_whole_start(text):
    found, plain, windowed = _plain_and_windowed(text, "en" if text.isascii() else "zh")
    assert windowed == plain
    assert len(plain) < len(found)  # each text names a neighbour


@pytest.mark.parametrize("language", ["en", "zh"])
def test_neighbours_of_random_wordings_are_read_in_the_window_as_in_the_whole_start(language):
    import random

    pieces = {"en": ["at", "the", "level", "of", "left", "right", "abutting", "displacing", "below", "adjacent", "to",
                     "(at", "cyst", "liver", "spleen", "kidney", "pancreas", ",", "and", "  ", "\n"],
              "zh": ["推压", "紧邻", "包绕", "毗邻", "及", "和", "、", "与", "左", "右", "双", "侧", "尾部", "血管", "肝脏",
                     "脾脏", "肾", "胰腺", "，", "\n", "见", "囊肿", "受压", "旁"]}[language]
    chosen, neighbours = random.Random(7), 0
    for _ in range(400):
        joiner = " " if language == "en" else ""
        text = joiner.join(chosen.choice(pieces) for _ in range(chosen.randint(3, 30)))
        found, plain, windowed = _plain_and_windowed(text, language)
        assert windowed == plain, text
        neighbours += len(found) - len(plain)
    assert neighbours > 50  # the wordings name neighbours, near and far


def _longest_in_pattern(parsed, counted) -> float:
    """The most items COUNTED (an item of a parsed pattern) a path through PARSED reads, a repeat of one such item
    read as one (a run of white space)."""
    from re import _constants as sre

    most = 0.0
    for op, av in parsed:
        if counted(op, av):
            most += 1
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            _, high, item = av
            if high and all(counted(o, a) for o, a in item):
                most += 1
            elif inner := _longest_in_pattern(item, counted):
                most += inner * (float("inf") if high == sre.MAXREPEAT else high)
        elif op is sre.BRANCH:
            most += max(_longest_in_pattern(branch, counted) for branch in av[1])
        elif op is sre.SUBPATTERN:
            most += _longest_in_pattern(av[-1], counted)
    return most


def test_the_english_window_holds_the_longest_neighbour_cue_in_words():
    """Each word of a cue is followed by white space (the last by the space before the organ): the cue has as many
    words as runs of white space, and a longer cue added to the pattern must widen the window."""
    from re import _constants as sre, _parser

    from radqc.agents.report import mentions

    def space(op, av):
        return op is sre.IN and av == [(sre.CATEGORY, sre.CATEGORY_SPACE)]

    longest = _longest_in_pattern(_parser.parse(mentions._NEIGHBOUR_BEFORE.pattern), space)
    assert _longest_in_pattern(_parser.parse(r"(?:at|to)\s+the\s+(?:very\s+)?level\s+of\s+$"), space) == 5
    assert 0 < longest <= mentions._NEIGHBOUR_WORDS


@pytest.mark.parametrize("pattern", ["_NEIGHBOUR_BEFORE_ZH", "_LYING_AGAINST_ZH"])
def test_the_chinese_window_holds_the_longest_neighbour_cue_and_a_line_break(pattern):
    from re import _parser

    from radqc.agents.report import mentions

    longest = _parser.parse(getattr(mentions, pattern).pattern).getwidth()[1]
    assert longest + 1 <= mentions._NEIGHBOUR_CHARS_ZH  # "$" matches before a final line break too


@pytest.mark.parametrize("pattern, text, language", [
    ("_NEIGHBOUR_BEFORE", "FINDINGS: " + "liver, spleen, left kidney, " * 100 + "pancreas.", "en"),
    ("_NEIGHBOUR_BEFORE_ZH", "影像所见：" + "肝脏、脾脏、左肾、" * 100 + "胰腺。", "zh")])
def test_a_long_list_of_organs_is_searched_for_neighbours_word_by_word_not_from_its_start(pattern, text, language,
                                                                                          monkeypatch):
    """Each organ's neighbour words were searched for in all of the sentence before it: time growing with the square."""
    from radqc.agents.report import mentions

    searched = _count_searches(mentions, pattern, monkeypatch)
    sentence = parse_report(text, language).sentences[0]
    mentions.not_neighbours(sentence, mentions.organs(sentence, language), language)
    assert len(searched) > 300 and max(searched) < 100


def test_a_cyst_wall_after_a_long_list_of_organs_is_searched_for_neighbours_word_by_word(monkeypatch):
    from radqc.agents.report import grades, mentions

    searched = _count_searches(mentions, "_NEIGHBOUR_BEFORE", monkeypatch)
    text = "Left renal cyst, " + "liver, spleen, pancreas, " * 100
    assert not grades._in_the_kidney(text, len(text), "en")
    assert len(searched) > 300 and max(searched) < 100


def _plain_in_the_kidney(before: str, language: str) -> bool:
    """The owner of a wall read in all of the text before it."""
    from radqc.agents.report.document import Span
    from radqc.agents.report.mentions import not_neighbours, organs

    span = Span(0, len(before), before)
    named = not_neighbours(span, organs(span, language), language, lying_against=True)
    return not named or max(named, key=lambda m: m.start).key == "kidney"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_walls_owner_read_stretch_by_stretch_is_the_one_read_in_all_the_text_before_it(language):
    import random

    from radqc.agents.report import grades

    pieces = {"en": ["left", "right", "renal", "kidney", "cyst", "liver", "spleen", "bladder", "abutting", "displacing",
                     "the", "wall", "septum", "paratracheal,", "subcarinal", "nodes", "artery", ",", ";", "；", ".",
                     "and", "(at", "level", "of", "\n", "displaced", "compressed", "by"],
              "zh": ["左肾", "右", "肾", "囊肿", "肝", "脾脏", "膀胱", "胆囊", "推压", "紧邻", "及", "、", "，", "；", "。", ",",
                     "壁", "分隔", "动脉", "水平", "隐窝", "淋巴结", "纵隔", "骨", "椎体", "附件", "旁", "\n"]}[language]
    chosen, answers = random.Random(11), set()
    for _ in range(400):
        joiner = " " if language == "en" else ""
        text = joiner.join(chosen.choice(pieces) for _ in range(chosen.randint(2, 30)))
        for cut in range(0, len(text) + 1, 3):
            answer = grades._in_the_kidney(text, cut, language)
            assert answer == _plain_in_the_kidney(text[:cut], language), (text, cut)
            answers.add(answer)
    assert answers == {True, False}


def test_an_english_neighbour_cue_across_a_fullwidth_semicolon_keeps_the_wall_the_kidneys():
    """English text from a Chinese site may carry a fullwidth "；" that the neighbour cue "displaced ... by" reads
    across, so an English stretch must not end there."""
    from radqc.agents.report import grades

    text = "Left renal cyst. The spleen is displaced； by the cyst wall"
    cut = text.index("wall")
    assert grades._in_the_kidney(text, cut, "en") is _plain_in_the_kidney(text[:cut], "en") is True


def test_the_organs_before_each_wall_of_a_long_chinese_list_are_read_once(monkeypatch):
    """Each wall's owner was read again in all of the text before it: time growing with the square of the list. (An
    English list of organs runs over commas, which a list of lymph node stations may cross, and is still read again.)"""
    from radqc.agents.report import grades
    from radqc.agents.report.memo import one_report

    text, read, organs = "左肾囊肿，" + "肝、脾、胰腺，壁厚4mm，" * 100, [], grades.organs
    monkeypatch.setattr(grades, "organs", lambda span, language: read.append(len(span.text)) or organs(span, language))
    with one_report():
        walls = [m.start() for m in grades._WALL_OR_SEPTUM["zh"].finditer(text)]
        assert not any(grades._in_the_kidney(text, wall, "zh") for wall in walls)
    assert len(walls) == 100 and sum(read) < 4 * len(text)


def _count_searches(module, name: str, monkeypatch) -> list[int]:
    """The lengths of the texts MODULE's pattern NAME is searched in from now on."""
    pattern, searched = getattr(module, name), []

    class Counted:
        def search(self, text):
            searched.append(len(text))
            return pattern.search(text)

    monkeypatch.setattr(module, name, Counted())
    return searched


def test_the_sites_a_sentence_names_are_read_once_for_all_its_lengths(monkeypatch):
    """A long sentence of many lengths read its organs again for each: time growing with its square."""
    from radqc.agents.base import AuditContext
    from radqc.agents.report.checks import measurement
    from radqc.agents.report.engine import ReportRulesAuditor
    from radqc.schemas import Case

    sites, read = measurement._sites, []
    monkeypatch.setattr(measurement, "_sites", lambda sentence, language: read.append(sentence.start) or
                        sites(sentence, language))
    report = ("FINDINGS: Left renal cyst, " + "liver, spleen, pancreas, wall 4 mm enhancing, " * 20 +
              "\nIMPRESSION: Left renal cyst, wall 4 mm.\n")
    ReportRulesAuditor(embeddings=False).audit(Case(case_id="walls", modality="ct_report", language="en",
                                                    report=report), AuditContext())
    assert read and len(read) == len(set(read))


@pytest.mark.parametrize("text", ["FINDINGS: Left kidney: a 2 cm cyst, mild hydronephrosis and no stone, but with fat.",
                                  "影像所见：右肺上叶见结节，伴空洞，但未见钙化：大小约2cm，左肾、右肾、肝、脾未见异常。"])
def test_the_organs_and_sides_of_each_clause_are_those_the_plain_filter_keeps(text):
    from radqc.agents.report.mentions import _by_clause, organs, sides

    language = "zh" if "影像" in text else "en"
    for sentence in parse_report(text, language).sentences:
        clauses = sentence.clauses()
        for found in (organs(sentence, language), sides(sentence, language)):
            plain = [[m for m in found if c.start <= m.start < c.end] for c in clauses]
            assert _by_clause(found, clauses) == plain
            assert sum(map(len, plain)) > 0


def _plain_bare_item(span, language: str, sided: bool = False) -> bool:
    """`_bare_item` testing every separator and item against every word: the reading its look-ups must keep."""
    from radqc.agents.report import mentions
    from radqc.agents.report.document import Span

    terms = mentions.finding_terms(span, language)
    words = terms + mentions.organs(span, language)
    if sided:
        words += mentions._naming_sides(span, language, words)
    marks = words + mentions.sides(span, language)
    cuts = [m.span() for m in mentions._ITEM_SEPARATOR[language].finditer(span.text)
            if not any(w.start < span.start + m.end() and span.start + m.start() < w.end for w in words)]
    for a, b in zip([0] + [end for _, end in cuts], [start for start, _ in cuts] + [len(span.text)]):
        if (mentions._UNKNOWN_ITEM[language].fullmatch(span.text[a:b])
                and not any(span.start + a < m.end and m.start < span.start + b for m in marks)):
            continue
        if mentions._LIST_JOINER[language].sub("", mentions._unnamed(Span(span.start + a, span.start + b, span.text[a:b]),
                                                                     words)):
            return False
    return bool(terms)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_bare_list_is_told_by_look_ups_as_by_testing_every_word(language):
    import random

    from radqc.agents.report.document import Span
    from radqc.agents.report.mentions import _bare_item

    pieces = {"en": ["pneumothorax", "pleural effusion", "right", "left", "kidney", "liver", "and", "or", "with", "the",
                     ",", "/", "fistula", "a", "2 cm", "nodule", "calcification", "is", "seen", "lower-lobe"],
              "zh": ["气胸", "胸腔积液", "右侧", "左", "肾", "肝", "及", "或", "和", "与", "伴", "、", "空洞", "结节",
                     "钙化", "见", "2cm", "以及", "。", " "]}[language]
    chosen, answers = random.Random(5), []
    for _ in range(400):
        joiner = " " if language == "en" else ""
        text = joiner.join(chosen.choice(pieces) for _ in range(chosen.randint(1, 12)))
        span = Span(7, 7 + len(text), text)
        for sided in (False, True):
            answer = _bare_item(span, language, sided)
            assert answer == _plain_bare_item(span, language, sided), (text, sided)
            answers.append(answer)
    assert 20 < sum(answers) < len(answers) - 20  # bare lists and statements both


def test_the_list_a_chinese_negation_opens_is_read_once_for_all_the_terms_of_a_clause(monkeypatch):
    """Each term of a long clause without a cue read the clause's whole list again, itself read word against word: time
    growing with the cube of the list's length."""
    from radqc.agents.report import mentions
    from radqc.agents.report.memo import one_report

    read, bare_item = [], mentions._bare_item
    monkeypatch.setattr(mentions, "_bare_item", lambda span, *a, **k: read.append(len(span.text)) or bare_item(span, *a, **k))
    sentence = parse_report("影像所见：" + "气胸、胸腔积液及实变、" * 60 + "结节。", "zh").sentences[0]
    with one_report():
        terms = mentions.finding_terms(sentence, "zh")
        said = mentions.readings(sentence, sentence.clauses()[0], terms, "zh")
    assert len(terms) > 150 and [r for r, _ in said] == ["asserted"] * len(terms)
    assert sum(read) <= len(sentence.text)  # the clause once, not once for each of its terms


def test_a_wall_is_compared_with_the_lesion_before_it_once_per_size(monkeypatch):
    """Each thickness looked back over every size before it for its lesion: time growing with the square of a sentence
    of many walls."""
    from radqc.agents.report.checks import CheckInput, measurement
    from radqc.agents.report.memo import one_report

    told, is_thickness = [], measurement._is_thickness
    monkeypatch.setattr(measurement, "_is_thickness",
                        lambda text, sentence, size: told.append(size.start) or is_thickness(text, sentence, size))
    report = parse_report("影像所见：左肾囊肿，大小约2.0cm，" + "壁厚约3mm，" * 100 + "壁厚约4cm。", "zh")
    with one_report():
        data = CheckInput(report=report)
        found = measurement._thicker_than_its_lesion(data, measurement.sized_entities(data))
    assert [report.text[c.start : c.end] for c in found] == ["4cm"]
    assert len(told) == len(set(told)) == 102


@pytest.mark.parametrize("text, language", [("pneumothorax, pleural effusion and left kidney, " * 100 + "nodule", "en"),
                                            ("气胸、胸腔积液及左肾、" * 100 + "结节", "zh")])
def test_each_item_of_a_long_bare_list_is_read_against_its_own_words(text, language, monkeypatch):
    """Each separator and item of a list was tested against every word of it: time growing with the square of its length
    for each list read, and with the cube where each of its terms reads the list again."""
    from radqc.agents.report import mentions
    from radqc.agents.report.document import Span

    read, unnamed = [], mentions._unnamed
    monkeypatch.setattr(mentions, "_unnamed", lambda span, named: read.append(len(named)) or unnamed(span, named))
    assert mentions._bare_item(Span(0, len(text), text), language, sided=True)
    assert len(read) > 300 and max(read) <= 2


def test_a_long_sentence_is_searched_for_physiological_words_once(monkeypatch):
    """Each uptake value searched the rest of its sentence again for an unnegated physiological word, through every
    negated one: time growing with the square of a long sentence of values."""
    from radqc.agents.report import grades
    from radqc.agents.report.memo import one_report

    pattern, read = grades._PHYSIOLOGICAL, []

    class Counted:
        def search(self, text, pos=0, endpos=None):
            read.append((endpos or len(text)) - pos)
            return pattern.search(text, pos, endpos or len(text))

        def finditer(self, text, pos=0, endpos=None):
            read.append((endpos or len(text)) - pos)
            return pattern.finditer(text, pos, endpos or len(text))

        def match(self, text, pos, endpos):
            read.append(1)
            return pattern.match(text, pos, endpos)

    monkeypatch.setattr(grades, "_PHYSIOLOGICAL", Counted())
    report = parse_report("FINDINGS: Bowel SUVmax 9.0, physiological, and " + "node SUVmax 3.2 not physiological, " * 100
                          + "and liver SUVmax 2.0.\nIMPRESSION: Deauville 4.\n", "en")
    with one_report():
        pool, liver, lesions = grades._suv_values(report.in_section("findings"))
    assert (liver, lesions) == ([2.0], [3.2] * 100)  # the bowel's value is physiological uptake
    assert sum(read) < 3 * len(report.in_section("findings")[0].text)


@pytest.mark.parametrize("text", ["盆腔积液", "肝周少量积液、脾周围积血", "盆腔内未见明显积液", "胆囊周围区可见明确中等量积液",
                                  "肝肾隐窝积液，盆腔\n积液", "颈干角增大，股骨颈前倾角较前明显增大", "回肠造瘘口", "造\n瘘", ""])
def test_a_place_or_word_before_a_term_is_found_where_the_plain_search_finds_it(text):
    from radqc.agents.report import mentions

    for pattern, widest in ((mentions._PLACE_BEFORE["zh"], mentions._PLACE_BEFORE_CHARS_ZH),
                            (mentions._ANGLE_BEFORE_ZH, mentions._ANGLE_BEFORE_CHARS_ZH),
                            (mentions._MADE_OPENING_BEFORE_ZH, mentions._MADE_OPENING_BEFORE_CHARS_ZH)):
        for end in range(len(text) + 1):
            plain = pattern.search(text[:end])
            found = mentions._ending_at(pattern, widest, text, end)
            assert (found and (found.span(), found.groupdict())) == (plain and (plain.span(), plain.groupdict()))


@pytest.mark.parametrize("pattern, widest", [("_ANGLE_BEFORE_ZH", "_ANGLE_BEFORE_CHARS_ZH"),
                                             ("_MADE_OPENING_BEFORE_ZH", "_MADE_OPENING_BEFORE_CHARS_ZH")])
def test_the_window_before_a_term_holds_the_longest_word_it_looks_for(pattern, widest):
    from re import _parser

    from radqc.agents.report import mentions

    for compiled, chars in ((getattr(mentions, pattern), getattr(mentions, widest)),
                            (mentions._PLACE_BEFORE["zh"], mentions._PLACE_BEFORE_CHARS_ZH)):
        assert compiled.pattern.endswith("$") and "(?<" not in compiled.pattern  # anchored at the term, nothing behind
        assert _parser.parse(compiled.pattern).getwidth()[1] <= chars


def test_a_fluids_place_is_searched_for_right_before_it_not_in_all_the_text_before(monkeypatch):
    """Each fluid's place was searched for in all of its span before it: time growing with the square of a long list,
    and with the cube where each term of the list read it again."""
    from radqc.agents.report import mentions
    from radqc.agents.report.document import Span

    pattern, searched = mentions._PLACE_BEFORE["zh"], []

    class Counted:
        def search(self, text, pos=0, endpos=None):
            searched.append((len(text) if endpos is None else endpos) - pos)
            return pattern.search(text, pos, len(text) if endpos is None else endpos)

    monkeypatch.setitem(mentions._PLACE_BEFORE, "zh", Counted())
    text = "盆腔积液、肝周积液、" * 100
    assert len(mentions._free_fluid(Span(0, len(text), text), "zh")) == 200
    assert len(searched) == 200 and max(searched) < 20  # the longest place and a line break, not all of the list


def test_a_long_chinese_list_closed_by_a_negation_is_read_once_for_all_its_terms(monkeypatch):
    """Each term read all of the list from it to the negation closing it ("...、...及...结节均未见"), itself read term by term:
    time growing with the square of the list's length."""
    from radqc.agents.report import mentions
    from radqc.agents.report.memo import one_report

    read, finding_terms = [], mentions.finding_terms
    monkeypatch.setattr(mentions, "finding_terms", lambda span, language: read.append(len(span.text)) or
                        finding_terms(span, language))
    sentence = parse_report("影像所见：" + "气胸、胸腔积液及实变、" * 60 + "结节均未见。", "zh").sentences[0]
    with one_report():
        terms = mentions.finding_terms(sentence, "zh")
        read.clear()
        said = mentions.readings(sentence, sentence.clauses()[0], terms, "zh")
    assert len(terms) > 150 and [r for r, _ in said] == ["denied"] * len(terms)
    assert sum(read) < 4 * len(sentence.text)


def test_a_long_chinese_list_of_comma_clauses_is_read_once_for_all_its_clauses(monkeypatch):
    """Each clause of a list a negation opens ("未见气胸，胸腔积液或实变，...") read its neighbours back and forth to the list's
    ends: time growing with the square of the number of clauses."""
    from radqc.agents.report import mentions
    from radqc.agents.report.memo import one_report

    read, bare_item = [], mentions._bare_item
    monkeypatch.setattr(mentions, "_bare_item", lambda span, *a, **k: read.append(len(span.text)) or bare_item(span, *a, **k))
    sentence = parse_report("影像所见：未见气胸，" + "胸腔积液或实变，" * 60 + "实变。", "zh").sentences[0]
    said = []
    with one_report():
        for clause in sentence.clauses()[1:]:
            said += mentions.readings(sentence, clause, mentions.finding_terms(clause, "zh"), "zh")
    assert len(said) == 121 and {r for r, _ in said} == {"denied"}
    assert sum(read) < 3 * len(sentence.text)


def test_a_list_closed_by_a_negation_is_read_stretch_by_stretch_as_it_is_read_whole():
    """The list from each term to the negation closing it is told bare (`_bare_item`) by its own start up to a "、" and
    by the longest list after it: the same answer, whatever the words on either side of the stops."""
    import random

    from radqc.agents.report import mentions
    from radqc.agents.report.document import Span

    pieces = ["气胸", "胸腔积液", "实变", "结节", "钙化", "空洞", "、", "、", "、", "、", "及", "或", "和", "伴", "与", "左侧", "右",
              "双侧", "肝", "脾", "肾", "椎体", "附件", "动脉", "纵隔", "肺门", "淋巴结", "盆腔", "积液", "角", "增大", "造", "瘘", "骨",
              "大", "（", "）", "（前片", "见", "2cm", "肿大", "骨折", "结合", "肺结合", "以及", "或者", "转移", "瘤", "复发性", " "]
    chosen, answers = random.Random(13), []
    for _ in range(300):
        text = "".join(chosen.choice(pieces) for _ in range(chosen.randint(2, 60)))
        listed = Span(5, 5 + len(text), mentions._blank_asides(text))
        tails = mentions._ListTailsZh(listed)
        sentence = Span(5, 5 + len(text), text)
        for term in mentions.finding_terms(listed, "zh"):
            plain = mentions._bare_item(Span(term.start, listed.end, mentions._blank_asides(text[term.start - 5 :])),
                                        "zh", sided=True)
            assert tails.bare(sentence, term.start, listed.end) == plain, (text, term)
            answers.append(plain)
    assert 30 < sum(answers) < len(answers) - 30  # bare lists and others both


def test_the_organ_words_other_terms_hold_are_told_once_for_all_the_terms_of_a_long_list(monkeypatch):
    """Each term without an organ of its own weighed every organ word of its sentence, and for each asked every term
    whether it held it ("pleural" in "pleural effusion"): time growing with the cube of a long list closed by a negation."""
    from radqc.agents.report import mentions
    from radqc.agents.report.memo import one_report

    asked, holds = [], mentions._holds
    monkeypatch.setattr(mentions, "_holds", lambda a, b: asked.append(1) or holds(a, b))
    sentence = parse_report("FINDINGS: " + "pneumothorax, pleural effusion and consolidation, " * 40
                            + "nodules are absent.\n", "en").sentences[0]
    with one_report():
        found = mentions.entities(sentence, "en")
    assert len(found) > 120 and all(e.negated for e in found)
    assert len(asked) < 10 * len(found)


@pytest.mark.parametrize("seed", range(3))
def test_the_nearest_kept_mention_is_the_nearest_of_those_kept(seed):
    """Read outward from a term, the first kept of the nearest mentions is `_nearest`'s pick among the kept ones, the
    first of the list among those as near."""
    import random

    from radqc.agents.report import mentions
    from radqc.agents.report.mentions import Mention

    chosen = random.Random(seed)
    for _ in range(300):
        items = [Mention(str(k), start, start + chosen.randint(1, 4))
                 for k, start in enumerate(chosen.randint(0, 30) for _ in range(chosen.randint(0, 12)))]
        kept_keys = {m.key for m in items if chosen.random() < 0.5}
        term = Mention("t", chosen.randint(0, 30), 0)
        indexed = sorted(enumerate(items), key=lambda item: item[1].start)
        found = mentions._NearestKept(indexed).of(term, lambda m: m.key in kept_keys)
        assert found == mentions._nearest([m for m in items if m.key in kept_keys], term)


@pytest.mark.parametrize("text", ["a high risk of pathological fracture", "Fracture risk. Risk for  an  acute stroke, "
                                  "asterisk of fracture", "RISK of risk of mass", "risk of\nhemorrhage", "risk", ""])
def test_a_risk_before_a_term_is_found_where_the_plain_search_finds_it(text):
    from radqc.agents.report import mentions

    risk_words = [m.start() for m in mentions._RISK_WORD_EN.finditer(text)]
    for end in range(len(text) + 1):
        plain = mentions._RISK_BEFORE_EN.search(text, 0, end)
        assert mentions._named_as_a_risk_en(text, risk_words, end) == bool(plain), (text, end)


def test_a_risk_is_searched_for_from_its_word_not_in_all_the_text_before_each_term(monkeypatch):
    """Each English term searched all of its span before it for a risk naming it: time growing with the square of a long
    list, and with the cube where each term of a list closed by a negation reads the list after it again."""
    from radqc.agents.report import mentions
    from radqc.agents.report.document import Span

    pattern, searched = mentions._RISK_BEFORE_EN, []

    class Counted:
        def search(self, text, pos=0, endpos=None):
            searched.append((len(text) if endpos is None else endpos) - pos)
            return pattern.search(text, pos, len(text) if endpos is None else endpos)

        def match(self, text, pos=0, endpos=None):
            searched.append((len(text) if endpos is None else endpos) - pos)
            return pattern.match(text, pos, len(text) if endpos is None else endpos)

    monkeypatch.setattr(mentions, "_RISK_BEFORE_EN", Counted())
    text = "pneumothorax, pleural effusion and consolidation, " * 100 + "a risk of fracture"
    assert len(mentions.finding_terms(Span(0, len(text), text), "en")) == 300
    assert sum(searched) < 100
