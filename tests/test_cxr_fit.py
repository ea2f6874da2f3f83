"""The fit's threshold choice: best F1, but never at the price of flagging ordinary films."""

import numpy as np

from radqc.agents.cxr.fit import best_f1_threshold


def test_without_a_budget_the_best_f1_threshold_wins():
    probabilities = np.array([0.9, 0.8, 0.6, 0.55, 0.3, 0.2])
    positive = np.array([True, True, True, False, False, False])
    threshold, f1 = best_f1_threshold(probabilities, positive)
    assert threshold == 0.6 and f1 == 1.0


def test_the_false_alarm_budget_raises_the_threshold_above_untouched_films():
    # The third positive scores below an untouched film: catching it costs a false alarm on 1 of 2
    # untouched films, over a 0.25 budget, so the threshold stays above that film.
    probabilities = np.array([0.9, 0.8, 0.4, 0.5, 0.1, 0.3])
    positive = np.array([True, True, True, False, False, False])
    untouched = np.array([False, False, False, True, True, False])
    free, _ = best_f1_threshold(probabilities, positive)
    capped, f1 = best_f1_threshold(probabilities, positive, untouched=untouched, budget=0.25)
    assert free == 0.4
    assert capped == 0.8 and round(f1, 3) == 0.8
