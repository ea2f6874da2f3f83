"""Blind, EVALUATION-ONLY chest radiograph holdout set (`data/cxr/holdout`): an independent fault
simulator (`simulate`) written without looking at radqc's measurements or its own simulators, and the
builder (`build`). Never fit, tune or select anything on this data or on this simulator's output."""
