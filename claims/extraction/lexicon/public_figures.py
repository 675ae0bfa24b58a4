"""World knowledge a reader brings: the full names of leaders news names by surname alone.

A story may write "Mr. Obama" or "President Xi" and never the full name, because its readers know
who that is. This short list lets the people index do the same, and only then: a surname that no
person named in full in the article shares, with a title or honorific that agrees.

Scope (so that it is a rule, not a pick): the heads of state or government of the G7 countries,
China, Russia and India since 2000, and the secretaries-general of the United Nations and NATO.
Each entry: full name, the surname as news writes it alone, gender, and the office's title words.
Surnames that are also common words or very common surnames ("May", "Brown", "Martin", "Johnson")
need the office's title written before them ("Prime Minister May"): ``bare=False``.
"""

from __future__ import annotations

from dataclasses import dataclass

from unidecode import unidecode


@dataclass(frozen=True)
class PublicFigure:
    name: str
    surname: str
    gender: str
    titles: frozenset[str]
    bare: bool = True  # may a bare surname or "Mr./Mrs. X" mean them


def _f(name: str, surname: str, gender: str, titles: str, *, bare: bool = True) -> PublicFigure:
    return PublicFigure(name, surname.lower(), gender, frozenset(titles.split()), bare)


_PRESIDENT = "president"
_PM = "prime minister premier"
_CHANCELLOR = "chancellor"
_SG = "secretary-general secretary general"

PUBLIC_FIGURES: tuple[PublicFigure, ...] = (
    # United States
    _f("Bill Clinton", "Clinton", "m", _PRESIDENT, bare=False),
    _f("George W. Bush", "Bush", "m", _PRESIDENT, bare=False),
    _f("Barack Obama", "Obama", "m", _PRESIDENT),
    _f("Donald Trump", "Trump", "m", _PRESIDENT),
    _f("Joe Biden", "Biden", "m", _PRESIDENT),
    # United Kingdom
    _f("Tony Blair", "Blair", "m", _PM),
    _f("Gordon Brown", "Brown", "m", _PM, bare=False),
    _f("David Cameron", "Cameron", "m", _PM),
    _f("Theresa May", "May", "f", _PM, bare=False),
    _f("Boris Johnson", "Johnson", "m", _PM, bare=False),
    _f("Liz Truss", "Truss", "f", _PM),
    _f("Rishi Sunak", "Sunak", "m", _PM),
    _f("Keir Starmer", "Starmer", "m", _PM),
    # France
    _f("Jacques Chirac", "Chirac", "m", _PRESIDENT),
    _f("Nicolas Sarkozy", "Sarkozy", "m", _PRESIDENT),
    _f("François Hollande", "Hollande", "m", _PRESIDENT),
    _f("Emmanuel Macron", "Macron", "m", _PRESIDENT),
    # Germany
    _f("Gerhard Schröder", "Schröder", "m", _CHANCELLOR),
    _f("Angela Merkel", "Merkel", "f", _CHANCELLOR),
    _f("Olaf Scholz", "Scholz", "m", _CHANCELLOR),
    _f("Friedrich Merz", "Merz", "m", _CHANCELLOR),
    # Italy
    _f("Silvio Berlusconi", "Berlusconi", "m", _PM),
    _f("Romano Prodi", "Prodi", "m", _PM),
    _f("Mario Monti", "Monti", "m", _PM),
    _f("Enrico Letta", "Letta", "m", _PM),
    _f("Matteo Renzi", "Renzi", "m", _PM),
    _f("Paolo Gentiloni", "Gentiloni", "m", _PM),
    _f("Giuseppe Conte", "Conte", "m", _PM),
    _f("Mario Draghi", "Draghi", "m", _PM),
    _f("Giorgia Meloni", "Meloni", "f", _PM),
    # Japan
    _f("Junichiro Koizumi", "Koizumi", "m", _PM),
    _f("Shinzo Abe", "Abe", "m", _PM),
    _f("Yasuo Fukuda", "Fukuda", "m", _PM),
    _f("Taro Aso", "Aso", "m", _PM),
    _f("Yukio Hatoyama", "Hatoyama", "m", _PM),
    _f("Naoto Kan", "Kan", "m", _PM, bare=False),
    _f("Yoshihiko Noda", "Noda", "m", _PM, bare=False),
    _f("Yoshihide Suga", "Suga", "m", _PM),
    _f("Fumio Kishida", "Kishida", "m", _PM),
    _f("Shigeru Ishiba", "Ishiba", "m", _PM),
    # Canada
    _f("Jean Chrétien", "Chrétien", "m", _PM),
    _f("Paul Martin", "Martin", "m", _PM, bare=False),
    _f("Stephen Harper", "Harper", "m", _PM, bare=False),
    _f("Justin Trudeau", "Trudeau", "m", _PM),
    _f("Mark Carney", "Carney", "m", _PM, bare=False),
    # China, Russia, India (Chinese names: family name first, and news uses it alone)
    _f("Hu Jintao", "Hu", "m", _PRESIDENT),
    _f("Xi Jinping", "Xi", "m", _PRESIDENT),
    _f("Wen Jiabao", "Wen", "m", _PM),
    _f("Vladimir Putin", "Putin", "m", _PRESIDENT),
    _f("Dmitry Medvedev", "Medvedev", "m", _PRESIDENT),
    _f("Manmohan Singh", "Singh", "m", _PM, bare=False),
    _f("Narendra Modi", "Modi", "m", _PM),
    # United Nations, NATO
    _f("Kofi Annan", "Annan", "m", _SG),
    _f("Ban Ki-moon", "Ban", "m", _SG, bare=False),
    _f("António Guterres", "Guterres", "m", _SG),
    _f("Jaap de Hoop Scheffer", "Scheffer", "m", _SG),
    _f("Anders Fogh Rasmussen", "Rasmussen", "m", _SG, bare=False),
    _f("Jens Stoltenberg", "Stoltenberg", "m", _SG),
    _f("Mark Rutte", "Rutte", "m", _SG + " " + _PM),
)


# Folded surname ("schroder") -> the figures with it, built once at import.
_BY_SURNAME: dict[str, list[PublicFigure]] = {}
for _figure in PUBLIC_FIGURES:
    _BY_SURNAME.setdefault(unidecode(_figure.surname), []).append(_figure)


def public_figures_named(surname: str) -> list[PublicFigure]:
    """The listed figures with that surname, case and diacritics ignored."""
    return _BY_SURNAME.get(unidecode(surname).lower(), [])
