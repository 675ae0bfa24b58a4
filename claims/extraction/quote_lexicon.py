"""Word lists for quote attribution: cue verbs, titles and the kinds of speaker nouns.

Written by hand from general newswriting conventions; none of it is taken from any article.
"""

from __future__ import annotations

# Verbs that introduce a direct quote ("...," she said; He told VOA: "...").
SPEECH_VERBS = frozenset(
    """
    say tell add ask explain note write state claim argue insist warn declare announce continue
    stress emphasize emphasise reply respond answer recall acknowledge admit suggest tweet post
    quip joke recount complain predict conclude urge promise vow pledge testify remark observe
    comment caution contend maintain assert affirm concede confirm deny charge allege tout
    proclaim shout yell scream whisper mutter exclaim cry read reiterate repeat echo retort
    counter rebut point put muse sigh laugh boast lament marvel wonder mention describe call
    begin open close finish conclude summarize summarise chime interject offer pronounce order
    demand plead beg implore thunder fume snap grumble gush opine concur agree disagree report
    reveal disclose indicate highlight underline underscore signal criticize criticise condemn
    praise thank accuse blast slam decry dismiss reject threaten instruct advise recommend
    propose text email message tell brag groan rail hint
    """.split()
)

# Wider set for partial quotes inside reported speech (condemned the "heavy buildup").
REPORT_VERBS = SPEECH_VERBS | frozenset(
    """
    express voice label dub brand characterize characterise term refer cite quote fear hope
    believe think feel worry see view regard consider deem find decide vow want seek demand
    call pledge promise accuse question challenge attack mock ridicule defend welcome hail
    applaud celebrate denounce deplore lambaste assail berate fault blame credit compare liken
    tell insist describe promise frame recall recognize recognise acknowledge identify list
    outline detail pitch sell market advertise brand style nickname title headline caption
    reaffirm stress emphasize underscore agree commit expect predict forecast estimate
    """.split()
)

# Nouns naming documents that can "say" something.
DOCUMENT_NOUNS = frozenset(
    """
    statement communique communiqué report letter document declaration memo memorandum release
    resolution filing complaint lawsuit suit indictment ruling order bill law tweet post email
    editorial article study survey poll analysis book transcript message note website site ad
    advertisement video plan platform proposal agreement treaty text draft guideline guidance
    sign headline caption summary readout manifesto policy strategy paper brief motion petition
    decision opinion verdict judgment judgement warrant affidavit testimony speech column
    """.split()
)

# Common nouns naming organisations ("the ministry said").
ORGANISATION_NOUNS = frozenset(
    """
    government ministry department agency alliance party campaign company committee council
    administration office court commission group organization organisation union team police
    military army navy embassy firm bank board cabinet parliament congress senate house
    institute university school network newspaper paper station channel outlet club federation
    coalition movement bureau service authority regime junta secretariat delegation
    """.split()
)

# Common nouns naming people who speak without being named.
ANONYMOUS_NOUNS = frozenset(
    """
    official source spokesman spokeswoman spokesperson aide diplomat officer analyst expert
    observer person people member staffer adviser advisor insider lawmaker executive employee
    resident witness critic supporter voter man woman representative negotiator strategist
    researcher scholar economist investigator lawyer attorney operative organizer organiser
    activist leader minister politician participant attendee student teacher worker
    """.split()
)

# Words that make a proper name an organisation's ("Japan Institute for Security Strategies").
ORGANISATION_WORDS = frozenset(
    """
    ministry party committee department institute university association foundation council
    agency office times post news journal herald tribune inc corp corporation company co ltd
    group network commission court bureau service union alliance organization organisation
    administration government campaign center centre school college bank fund club league
    federation coalition board reuters press television radio magazine senate congress
    parliament assembly cabinet
    """.split()
)

# Title words stripped from the front of a person's name ("Foreign Minister Yoshimasa Hayashi").
TITLE_WORDS = frozenset(
    """
    mr mrs ms miss dr prof professor sen senator rep representative gov governor president
    vice prime minister foreign defense defence finance secretary general secretary-general
    chancellor chairman chairwoman chair ceo spokesman spokeswoman director ambassador judge
    justice gen lt col colonel adm admiral maj major capt captain sgt sergeant rev reverend
    father pope king queen prince princess sheikh mayor former deputy chief lieutenant
    attorney commissioner speaker leader candidate nominee sir lord lady dame pastor rabbi
    imam coach officer agent detective dean premier emperor empress state house senate
    majority minority whip national security adviser advisor press white democratic
    republican democrat gop u.s. us first lady assistant associate executive managing
    chief-executive trade economy economic interior justice home health education labor
    labour environment energy transport
    """.split()
)

PRONOUNS = frozenset("he she they we i it".split())
