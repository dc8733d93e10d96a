"""References cited by more than one shipped data set (each written once)."""

from __future__ import annotations

from ..datasets import Citation

__all__ = ["MUSCLESYNERGIES", "SANTUZ_2020"]

#: The study the musclesyneRgies package gives as the source of its example EMG
#: (``R/data.R``: ``@source doi:10.1016/j.isci.2019.100796``).
SANTUZ_2020 = Citation(
    authors="Santuz A, Brüll L, Ekizos A, Schroll A, Eckardt N, Kibele A, Schwenk M, Arampatzis A",
    year=2020,
    title="Neuromotor dynamics of human locomotion in challenging settings",
    journal="iScience 23(1):100796",
    doi="10.1016/j.isci.2019.100796",
)

#: The R package that ships the raw walking trial.
MUSCLESYNERGIES = Citation(
    authors="Santuz A",
    year=2022,
    title="musclesyneRgies: factorization of electromyographic data in R with sensible defaults",
    journal="Journal of Open Source Software 7(74):4439",
    doi="10.21105/joss.04439",
)
