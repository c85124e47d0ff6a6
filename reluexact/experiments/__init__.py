"""Training-solution experiments: train, decode exactly, compare with constructive solutions.

Each experiment trains two-layer ReLU networks by back-propagation
(:mod:`reluexact.train`), analyses the trained networks exactly, builds the
constructive solution for the same target, and writes a JSON of every number,
PNG figures and a LaTeX report (compiled to PDF when a TeX engine is present).
The scripts in ``examples/`` run them; ``reluexact demo`` runs a small one.
"""

from reluexact.experiments._output import ExperimentResult, format_table
from reluexact.experiments.demo import DEMO_SETTINGS, demo_summary_table, run_demo
from reluexact.experiments.oned import (
    ONED_TARGETS,
    OneDSettings,
    OneDTarget,
    analyse_oned_run,
    run_oned_experiment,
)
from reluexact.experiments.realdata import DiabetesSettings, run_diabetes_experiment
from reluexact.experiments.registry import EXPERIMENTS, run_experiment
from reluexact.experiments.twod import TWOD_TARGETS, TwoDSettings, TwoDTarget, run_twod_experiment

__all__ = [
    "DEMO_SETTINGS",
    "EXPERIMENTS",
    "ONED_TARGETS",
    "TWOD_TARGETS",
    "DiabetesSettings",
    "ExperimentResult",
    "OneDSettings",
    "OneDTarget",
    "TwoDSettings",
    "TwoDTarget",
    "analyse_oned_run",
    "demo_summary_table",
    "format_table",
    "run_demo",
    "run_diabetes_experiment",
    "run_experiment",
    "run_oned_experiment",
    "run_twod_experiment",
]
