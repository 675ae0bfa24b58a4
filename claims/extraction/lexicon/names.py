"""Given names and titles that tell a person's gender, for agreeing "he"/"she" with a name.

A hand-written list of common English given names (plus names common in news); a name not listed
says nothing, and the people index then learns the gender from the text (an honorific, "his wife",
the pronouns that follow the name) or falls back to position alone. A list, not a data package:
the maintained name-gender data sets on PyPI are GPL, and this project is MIT.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MALE_NAMES = _words(
    """
    aaron adam alan albert alex alexander andrew anthony antonio arthur barack ben benjamin bernie
    bernard bill billy bob bobby brad bradley brandon brian bruce carl carlos charles charlie chris
    christopher chuck cory craig dan daniel darrell dave david dennis dick don donald doug douglas
    duncan ed eddie edward elijah eric ernest eugene frank fred gary george gerald glenn greg
    gregory harold harry henry howard ian jack jacob jake james jason jeb jeff jeffrey jerry jim
    jimmy joe joel john johnny jon jonathan jorge jose joseph josh joshua juan justin keith ken
    kenneth kevin kurt larry lawrence lindsey louis luis marco mark martin matt matthew michael
    mike mitch mitt newt nicholas nick norman pat patrick paul peter phil philip ralph randy ray
    raymond reince richard rick rob robert roger ron ronald roy rudy russell ryan sam samuel scott
    sean sergei stephen steve steven ted thomas tim timothy todd tom tony vladimir walter
    wayne william willie xi aiden alfred andre andy angelo austin barry benny bernard blake brett
    caleb cameron carter chad clarence clark clint cole colin curtis dale damian darren dean derek
    dominic drew dustin dwight earl elliot emmanuel evan floyd francis franklin gabriel gavin
    gordon grant hank hector herbert hugh hunter isaac ivan jackson jared jay jesse jonah jordan
    julian kyle lance leo leon leonard liam lloyd lucas luke malcolm marcus mario marvin maurice
    max micah miles milton mohammed muhammad nathan neil nelson noah oliver omar oscar owen pablo
    perry pete pierre preston quentin rafael ramon reggie rex ricardo rodney rolando ross rupert
    anders bjorn carl erik hans jan jens jurgen karl klaus lars magnus nils olaf sven tomas
    dmitry igor oleg pavel piotr yuri boris luca giovanni paolo sergio stefan
    seth shane shawn simon spencer stanley stuart ted theodore travis trevor troy tyler vernon
    victor vincent warren wesley zachary
    """
)
FEMALE_NAMES = _words(
    """
    abigail alice alicia alison amanda amy ana andrea angela ann anna anne barbara betty
    beverly brenda carla carly carol caroline catherine cheryl christina christine claire
    cynthia deborah debbie debra denise diana diane donna dorothy elizabeth ellen emily emma
    evelyn gloria grace heather heidi helen hillary huma ivanka jane janet janice jean jennifer
    jessica jill joan joanne joyce judith judy julia julie karen kate katherine kathleen kathy
    kelly kellyanne kelli kimberly laura lauren linda lisa loretta lori louise margaret
    maria marie marilyn martha mary megan melania melissa michelle mika nancy natalie nicole nikki
    olivia pamela patricia paula rachel rebecca rose ruth sandra sara sarah sharon shirley sophia
    stephanie susan susana teresa theresa tiffany virginia wendy adriana agnes alexandra alyssa
    amber angelina annie april ashley audrey beatrice bella bernadette bonnie brittany camila
    candace carmen cassandra cecilia charlotte chelsea christie cindy clara colleen courtney
    crystal daisy danielle dawn delia diane dolores edith eileen eleanor elena eliza ella elsa
    erica erin esther eva faith felicia fiona florence frances gabriela gail georgia geraldine
    gina hannah harriet hazel holly ida irene iris isabel isabella ivy jacqueline jasmine jenna
    josephine joy juanita june kara katie kayla keisha kristen kristina leah lena lillian
    lily lorraine lucia lucy lydia mabel madeline madison marcia margarita marian marianne marjorie
    maureen maxine melanie melinda meredith miranda molly monica nadia naomi nina nora norma
    olive paige patsy peggy penelope phyllis priscilla regina renee rita roberta rosa
    rosemary roxanne sabrina samantha selena serena sheila shelby sonia sophie stacy stella sylvia
    tamara tanya tara tina tracy valerie vanessa vera veronica victoria violet vivian yolanda
    yvonne zoe
    """
)
MALE_TITLES = frozenset(["mr", "mr.", "sir", "lord", "king", "father", "brother"])
FEMALE_TITLES = frozenset(["mrs", "mrs.", "ms", "ms.", "miss", "madam", "lady", "queen", "sister", "dame"])
MALE_PRONOUNS = frozenset(["he", "him", "his", "himself"])
FEMALE_PRONOUNS = frozenset(["she", "her", "hers", "herself"])


def gender_of_words(words: list[str]) -> str | None:
    """'m', 'f' or None for a name as written, title included ("Mrs. Ruiz", "John Smith").

    Only a title or the given name (the first word after titles) tells: a surname never does
    ("Rakeyia Scott" is not a man for "Scott").
    """
    for w in words[:3]:
        low = w.lower()
        if low in MALE_TITLES:
            return "m"
        if low in FEMALE_TITLES:
            return "f"
        if len(words) < 2:
            return None
        given = low.rstrip(".")
        if given in MALE_NAMES:
            return "m"
        if given in FEMALE_NAMES:
            return "f"
        if given.rstrip(".") not in _NON_NAME_TITLES:
            return None
    return None


# Titles that tell no gender and may stand before the given name ("Sen. Ted Example").
_NON_NAME_TITLES = frozenset(
    [
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "president",
        "senator",
        "governor",
        "judge",
        "gen",
        "col",
        "capt",
        "rev",
    ]
)


def gender_of_pronoun(word: str) -> str | None:
    low = word.lower()
    return "m" if low in MALE_PRONOUNS else "f" if low in FEMALE_PRONOUNS else None
