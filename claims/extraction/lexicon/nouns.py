"""Nouns that describe people: roles and titles a description can be headed by, and kinship."""

from __future__ import annotations

# Abbreviated titles as news style writes them before a name ("Sen. Ted Example"), spelt out, so
# "the senator" finds the person introduced as "Sen. ...".
TITLE_ABBREVIATIONS = {
    "sen": "senator",
    "sens": "senator",
    "rep": "representative",
    "reps": "representative",
    "gov": "governor",
    "pres": "president",
    "del": "delegate",
    "atty": "attorney",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "adm": "admiral",
    "maj": "major",
    "capt": "captain",
    "sgt": "sergeant",
    "supt": "superintendent",
    "insp": "inspector",
    "det": "detective",
    "prof": "professor",
    "dr": "doctor",
    "rev": "reverend",
    "sec": "secretary",
    "amb": "ambassador",
    "cmdr": "commander",
}

# Heads of a definite description that names a role held by one person in the story ("the
# mayor", "the Republican nominee", "the Vermont senator"): such a description refers back to the
# person the text gave that role. Plural or indefinite uses ("a senior official") are anonymous.
ROLE_NOUNS = frozenset(
    ["president", "vice-president", "senator", "governor", "mayor", "nominee", "candidate", "secretary", "minister", "chancellor", "premier", "representative", "congressman", "congresswoman", "lawmaker", "delegate", "chairman", "chairwoman", "chair", "speaker", "leader", "spokesman", "spokeswoman", "spokesperson", "director", "ambassador", "judge", "justice", "attorney", "prosecutor", "commissioner", "chief", "sheriff", "general", "admiral", "colonel", "captain", "commander", "superintendent", "inspector", "detective", "professor", "doctor", "reverend", "pastor", "bishop", "pope", "king", "queen", "prince", "princess", "lady", "emperor", "ceo", "founder", "executive", "businessman", "businesswoman", "billionaire", "magnate", "tycoon", "host", "anchor", "coach", "manager", "owner", "author", "economist", "analyst", "adviser", "advisor", "strategist", "councilman", "councilwoman", "councillor", "councilor", "commissioner", "treasurer", "comptroller", "prime-minister"]
)

# Role nouns that say the person is a woman or a man ("the first lady", "the businessman").
FEMALE_ROLE_NOUNS = frozenset(
    ["lady", "queen", "princess", "empress", "congresswoman", "chairwoman", "spokeswoman", "businesswoman", "councilwoman", "mother", "wife", "daughter", "sister", "grandmother", "aunt", "niece", "widow", "woman", "girl"]
)
MALE_ROLE_NOUNS = frozenset(
    ["king", "prince", "emperor", "congressman", "chairman", "spokesman", "businessman", "councilman", "father", "husband", "son", "brother", "grandfather", "uncle", "nephew", "widower", "man", "boy"]
)

# Kinship nouns: a person introduced as someone's relative ("Trump's wife, Melania") is not the one
# a bare surname means when the relative shares it.
KINSHIP_NOUNS = frozenset(
    ["wife", "husband", "spouse", "daughter", "son", "mother", "father", "sister", "brother", "niece", "nephew", "aunt", "uncle", "cousin", "grandmother", "grandfather", "granddaughter", "grandson", "widow", "widower", "fiancee", "fiance", "stepmother", "stepfather", "stepdaughter", "stepson", "mother-in-law", "father-in-law", "daughter-in-law", "son-in-law"]
)

# Nouns for people or groups of people that are not roles: a source the text does not name
# ("a friend", "the announcer", "one questioner", "Scott's family"), an anonymous source.
PEOPLE_NOUNS = frozenset(
    ["friend", "neighbor", "neighbour", "colleague", "acquaintance", "narrator", "announcer", "questioner", "caller", "host", "reporter", "journalist", "correspondent", "commentator", "columnist", "pundit", "pollster", "respondent", "viewer", "reader", "listener", "fan", "customer", "client", "patient", "parent", "child", "family", "relative", "surrogate", "ally", "campaign", "crowd", "audience", "panel", "jury", "juror", "juror", "bystander", "passenger", "victim", "survivor", "veteran", "protester", "demonstrator", "delegate", "donor", "backer", "opponent", "rival", "challenger", "incumbent", "insider", "percent", "majority", "minority", "plurality", "group", "team", "staff"]
)
