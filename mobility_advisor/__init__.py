"""mobility-advisor: a decision aid for certificative Erasmus+ work placements in VET."""

__version__ = "0.1.0"
