"""English rules as data: the word lists the extraction rules read, each with why it is there.

Every table is a plain module constant so that a rule reads as English
(``if tok.lemma_ in CUE_VERBS``) and a change to the rules is a change to data. The
extraction code reads them as ``kg.nlp.rules.active`` (see :mod:`kg.nlp.rules`).
"""

from __future__ import annotations

import functools

from kg import names as _names

#: The rule set's name: the language code of the pipelines it is written for.
NAME = "en"

# Verbs of discovery: with a clause they report what a study, an inquiry or researchers
# established ("researchers found that ...", "the tests showed the water was safe").
# Clause-only: "police found the car" reports nothing.
FINDING_CUES = frozenset("find show establish demonstrate discover determine".split())

# Verbs of evaluation that take a quoted fragment as what was said ("characterized the
# call as 'perfectly fine'", "slammed the plan as 'reckless'"), never a clause or a
# quotation of their own: clause-only, so that they count only around a quotation.
FRAGMENT_CUES = frozenset("characterize characterise slam hail dismiss condemn attack".split())

# Verbs that report a call on someone to act, with the one called on as object and an
# infinitive ("urged residents to leave", "called on Congress to act"): the claim is the
# object and the infinitive. "call" counts only with "on" ("called on X to").
OBJECT_CONTROL_CUES = frozenset("urge encourage instruct ask implore call appeal beg".split())

# Verbs that report a clause only ("sharing that all makers had failed", "pointing out he
# had fewer delegates", "informed police she had immunity"): with a noun they report
# nothing ("shared the video", "pointed to the map").
CLAUSE_REPORTING = frozenset("share point inform".split())

# Verbs that make a stance public through a noun naming it ("stated its intention to
# leave", "expressed a desire to work with her", "voiced concern that ..."): the claim
# is the stance noun and what it governs. Only with STANCE_NOUNS as object.
STANCE_CUES = frozenset("state express voice signal reiterate reaffirm".split())
STANCE_NOUNS = frozenset(
    """
    intention intent desire wish hope plan commitment support opposition concern concerns
    willingness readiness determination belief view opinion fear fears confidence doubt
    doubts regret
    """.split()
)

# Verbs that report speech, writing or belief when they govern a clause or a quotation
# ("Mattis said ...", "the coalition estimated that ...", "he was known to tell").
# A cue only yields a claim when it has content: a clause, a quotation beside it, or an
# "according to" phrase, so broad verbs such as "discuss" cost nothing elsewhere.
CUE_VERBS = (
    frozenset(
        """
    say tell add note explain stress announce estimate declare write insist warn argue
    claim state assert report reply respond answer acknowledge admit agree suggest
    predict promise vow pledge confirm deny reveal disclose indicate observe remark comment
    emphasize emphasise caution concede contend maintain allege charge complain boast
    testify tweet post ask urge recall describe outline discuss repeat reiterate mention
    conclude believe think expect hope fear worry predict forecast calculate figure
    project reckon tout praise criticize criticise accuse blame dispute question
    counter retort quip joke muse recount clarify call dub label brand term
    threaten plan intend refuse offer decline aim
    """.split()
    )
    | FINDING_CUES
    | FRAGMENT_CUES
    | OBJECT_CONTROL_CUES
    | CLAUSE_REPORTING
    | STANCE_CUES
)

# Irregular finite forms of cue verbs, for where the tagger misreads one as a noun
# ("... an emailed statement from the coalition read.").
IRREGULAR_CUE_FORMS = frozenset(
    "said says told tells wrote writes read reads thought thinks".split()
)

# Verbs of intention and commitment: with an infinitive they attribute a plan or a
# promise ("Trump vowed to appeal the ruling"), which is a claim about the speaker.
INTENTION_CUES = frozenset(
    "vow pledge promise threaten plan intend refuse offer agree decline aim".split()
)

# Phrasal uses of cue verbs that report no speech: "added to the collection" (increase),
# "called for a vote" (demand), "told of" is kept (it reports).
NOT_SPEECH_WITH_PREP = {"add": "to", "call": "for", "speak": "to"}

# Cues that report belief or expectation rather than an utterance: they make a claim
# only with a clause ("officials believe that ..."), never with a bare quotation.
CLAUSE_ONLY_CUES = (
    frozenset(
        "believe think expect hope fear worry figure reckon calculate project forecast".split()
    )
    | FINDING_CUES
    | FRAGMENT_CUES
    | (OBJECT_CONTROL_CUES - {"ask", "urge", "call"})
    | (CLAUSE_REPORTING)
    | (STANCE_CUES - {"state", "reiterate"})
)

# Verbs whose subject is a document, not a person: "an emailed statement ... read".
# They report speech only when their subject is one of DOCUMENT_NOUNS.
DOCUMENT_CUES = frozenset(
    "read say state note add show indicate find conclude suggest specify list".split()
)

# Nouns for a written or spoken record that stands for its author ("the statement read",
# "according to the coalition email"): the speaker is the author named beside them
# ("from the coalition", "the coalition email", "the ministry's statement").
DOCUMENT_NOUNS = frozenset(
    """
    statement email e-mail letter memo memorandum report release filing post tweet
    message note announcement communique communiqué document transcript press
    interview remarks testimony speech briefing study survey estimate poll analysis audit
    review investigation assessment ruling opinion order decision complaint lawsuit
    indictment filing affidavit
    description motion petition website constitution caption notice text
    average averages data figures statistics records footage database tally census
    findings call calls demand demands appeal appeals request requests
    """.split()
)

# Nouns of speech that take a quotation after a colon: "Dickerson's question: '...'".
SPEECH_NOUNS = frozenset(
    "question answer reply response words statement remark remarks comment warning message".split()
)

# Dependency labels, named as textacy does, so that rules read as English.
SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# How a participial cue hangs off the clause it continues ("..., adding that ...").
CHAIN_DEPS = frozenset({"advcl", "xcomp", "conj", "dep", "acl"})

# Personal pronouns that can stand for a speaker, with the number and gender they carry.
PRONOUNS = {
    "he": ("sing", "male"),
    "him": ("sing", "male"),
    "his": ("sing", "male"),
    "its": ("sing", "neuter"),
    "their": ("plur", None),
    "she": ("sing", "female"),
    "her": ("sing", "female"),
    "i": ("sing", None),
    "it": ("sing", "neuter"),
    "they": ("plur", None),
    "we": ("plur", None),
}

# Honorifics and gendered role words: the only gender evidence we use besides pronouns.
MALE_WORDS = frozenset(
    "mr mr. sir lord king prince spokesman chairman congressman councilman father son "
    "brother husband".split()
)
FEMALE_WORDS = frozenset(
    "mrs mrs. ms ms. miss madam lady queen princess spokeswoman chairwoman congresswoman "
    "councilwoman mother daughter sister wife".split()
)

# Common given names, used only to rank antecedents of "he" and "she" (never stored):
# a name here is weak evidence, overridden by honorifics or gendered role words.
MALE_NAMES = frozenset(
    """
    james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george
    timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen
    larry justin scott brandon benjamin samuel gregory alexander frank patrick raymond
    jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle
    walter ethan jeremy harold keith christian roger noah gerald carl terry sean austin
    arthur lawrence dylan bryan joe billy bruce albert willie gabriel
    alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip
    johnny mitch chuck bernie mike ted rand marco hakeem jim tom dick bill
    barack vladimir xi emmanuel boris olaf recep benjamin volodymyr narendra justin
    """.split()
)
FEMALE_NAMES = frozenset(
    """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy
    betty margaret sandra ashley kimberly emily donna michelle carol amanda dorothy
    melissa deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley
    anna brenda pamela emma nicole helen samantha katherine christine debra rachel
    carolyn janet catherine maria heather diane ruth julie olivia joyce virginia victoria
    kelly lauren christina joan evelyn judith megan andrea cheryl hannah jacqueline
    martha gloria teresa ann sara madison frances kathryn janice jean abigail alice
    judy sophia grace denise amber doris marilyn danielle beverly isabella theresa
    diana natalie brittany charlotte marie kayla alexis lori kamala hillary alexandria
    ilhan rashida elise marjorie lauren kirsten dianne liz nikki tulsi angela ursula
    theresa giorgia jacinda
    """.split()
)


@functools.cache
def census_given_names() -> dict[str, str]:
    """The 1990 US Census's given names (``en_given_names.txt`` beside this module, public
    domain), lower-cased, each with ``F``, ``M`` or ``FM``: the genders the census counts
    it among. Read once, on first use.

    >>> census_given_names()["nicola"], census_given_names()["jordan"]
    ('F', 'FM')
    """
    from importlib.resources import files

    text = files(__package__).joinpath("en_given_names.txt").read_text(encoding="utf-8")
    return dict(line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))


def is_given_name(word: str) -> bool:
    """Whether lower-case ``word`` is a given name: of the tables above or of the census
    (``Nicola``, ``Jacinda``): evidence that a person's name starts there."""
    return word in MALE_NAMES or word in FEMALE_NAMES or word in census_given_names()


def given_name_gender(word: str) -> str | None:
    """``female`` or ``male`` for a lower-case given name that says which (the tables
    above, then the census's names of one gender alone); None for ``Jordan``, counted
    among both, or a word that is no given name."""
    if word in FEMALE_NAMES:
        return "female"
    if word in MALE_NAMES:
        return "male"
    return {"F": "female", "M": "male"}.get(census_given_names().get(word, ""))


# Words that head a title or a role description of a person ("Defence Secretary James
# Mattis", "the Pentagon chief", "a State Department spokeswoman").
ROLE_NOUNS = frozenset(
    """
    secretary president minister general chairman chairwoman chair chief spokesman
    spokeswoman spokesperson senator sen. rep. representative congressman congresswoman
    governor gov. mayor host director official officer ambassador leader commander admiral
    colonel col. lieutenant lt. captain capt. sergeant judge justice speaker adviser
    advisor aide ceo founder head envoy diplomat analyst correspondent reporter editor
    anchor commissioner attorney lawyer prosecutor sheriff inspector deputy premier
    chancellor king queen prince pope bishop cardinal professor dr. dr economist
    strategist candidate nominee whip manager executive official spokesperson
    princess duke duchess emperor empress monarch publicist
    """.split()
)

# Role synonyms: words that name the same office, reduced to one concept so that "the
# Pentagon chief" and "the U.S. defence chief" meet "U.S. Defence Secretary" in a title.
ROLE_CONCEPTS = {
    "pentagon": "defense",
    "defence": "defense",
    "defense": "defense",
    "military": "defense",
    "chief": "head",
    "secretary": "head",
    "head": "head",
    "minister": "head",
    "chairman": "chair",
    "chairwoman": "chair",
    "chair": "chair",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
    "state": "state",
    "foreign": "state",
    "president": "president",
    "leader": "president",
    "general": "general",
    "commander": "general",
    "host": "host",
    "anchor": "host",
    "senator": "senator",
    "sen.": "senator",
    "attorney": "attorney",
    "prosecutor": "attorney",
    "treasury": "treasury",
    "finance": "treasury",
    "governor": "governor",
    "gov.": "governor",
}

# Concepts too common to tell two people apart on their own.
WEAK_ROLE_CONCEPTS = frozenset({"head", "us", "u.s."})

# Common nouns that head a definite description of an organisation ("the coalition
# said", "the ministry said"): taken as an organisation mention only in that form.
ORG_NOUNS = frozenset(
    """
    coalition government administration ministry department agency military army
    police company committee council commission court alliance militia
    newspaper network embassy union federation organization organisation
    """.split()
)

# ---------------------------------------------------------------- function words
# The prepositions and determiners rules test a word against, named for what they mark.

# A role placed by a preposition: "a spokesperson for the Justice Department", "the head
# of the investigators", "a professor at Yale" (the role's holder is found through it).
ROLE_PREPS = frozenset({"for", "of", "at"})
# Prepositions before the source of a statement: "a statement from the ministry", "a
# report by the UN", "the words of the minister".
SOURCE_PREPS = frozenset({"from", "by", "of"})
# The same after a document noun before a cue: "a letter from the minister said".
DOCUMENT_SOURCE_PREPS = frozenset({"from", "by"})
# Verbs of OBJECT_CONTROL_CUES that take the one called on through a preposition,
# CALL_ON_PREPS: "called on Congress to act", "appealed to residents to stay".
CALL_ON_CUES = frozenset({"call", "appeal"})
CALL_ON_PREPS = frozenset({"on", "to"})
# Prepositions that give an accusation its charge: "accused him of fraud", "blamed the
# ministry for the delays".
TOPIC_PREPS = frozenset({"of", "for"})
# Prepositions that give examples of what a finding covers: "showed gains, as ...",
# "found problems including ...".
EXAMPLE_PREPS = frozenset({"as", "including"})
# Demonstratives: "cited this report" points back to a source named before, no content.
DEMONSTRATIVES = frozenset({"this", "these", "that", "those"})
# Determiners that leave a role with no holder of its own ("the spokesman", "this
# official"), unlike other determiners, possessives and numbers ("a spokesman", "his
# spokesman", "two officials"): someone else's, not a person the article has named.
UNPLACING_DETERMINERS = frozenset({"the", "this"})
# Prepositions that make a role someone else's: "a spokesman for the mayor", "an adviser
# to the president".
BENEFICIARY_PREPS = frozenset({"for", "to"})
# Words of a role title that say nothing of the role: "the head of a group".
ROLE_FILLER_WORDS = frozenset({"the", "of", "a"})
# Determiners before a capitalised institution word the NER takes for a person's name:
# "the Commission canceled the debate", "This Court has concluded".
DEFINITE_DETERMINERS = frozenset({"the", "this", "that"})
# Prepositions that tie an institution to its place: "Ministry of Defence", "police in Lagos".
INSTITUTION_OF_PREPS = frozenset({"of", "in"})
# Words of a name left out of its initials: "Federal Bureau of Investigation" -> FBI.
NAME_FUNCTION_WORDS = frozenset({"of", "and", "the"})
# Words that join the words of one name, kept when a headline's span is cut to its names
# ("Bank Of America Sued": "Of" joins two name words; "Obama To Nominate" is cut at "To").
NAME_JOINING_WORDS = frozenset("of and & de da del der van von la le".split())


# ---------------------------------------------------------------- quotation marks
# What kg.nlp.quotes reads quotations by: the marks English copy uses, curly and straight,
# with the guillemets of wire copy translated from French or German.

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
STRAIGHT_DOUBLE = '"'
OPEN_SINGLE = "‘‹"
CLOSE_SINGLE = "’›"
STRAIGHT_SINGLE = "'"
# Characters after which a straight mark opens rather than closes: a space, an opening
# bracket, a dash, a colon or semicolon, a slash, or the start of the text.
OPENING_CONTEXT = frozenset(" \t\n([{—–-:;/") | {""}


# ---------------------------------------------------------------- speaker resolution

# Dependency labels of clauses whose subject is not the one a later "he" or "they" takes
# up: what someone reported (ccomp), a relative clause (relcl, acl), a clause used as a
# preposition's object (pcomp). "Mugabe agreed to a deal in which Tsvangirai became
# premier. '...,' he declared": he is Mugabe, the main clause's subject.
EMBEDDED_CLAUSE_DEPS = frozenset({"ccomp", "relcl", "acl", "pcomp", "csubj"})

# Common nouns for an unnamed person who may speak later as "he" or "she" ("one of their
# daughters escaped. She said ..."), with the gender the word itself carries.
PERSON_NOUNS = {
    **{
        w: "female"
        for w in "woman girl daughter mother wife sister grandmother aunt "
        "niece widow actress businesswoman policewoman".split()
    },
    **{
        w: "male"
        for w in "man boy son father husband brother grandfather uncle nephew "
        "widower actor businessman policeman".split()
    },
    **{
        w: None
        for w in "person victim witness survivor resident student teacher doctor "
        "nurse driver passenger pilot worker employee owner neighbour neighbor friend "
        "relative parent child teenager activist protester protestor farmer patient "
        "suspect defendant plaintiff voter customer fan player coach researcher scientist "
        "expert engineer journalist eyewitness bystander official interviewee attendee "
        "participant visitor".split()
    },
}

# Plural nouns for a group of people that may speak later as "they" ("The researchers
# used satellite images ... they concluded").
GROUP_NOUNS = frozenset(
    """
    researchers scientists officials authorities investigators police protesters
    protestors residents witnesses doctors experts analysts workers employees organizers
    organisers activists lawmakers legislators senators officers soldiers troops rescuers
    firefighters students teachers parents families villagers locals survivors victims
    relatives voters critics opponents supporters leaders ministers prosecutors lawyers
    attorneys judges representatives delegates members economists engineers doctors
    nurses volunteers campaigners demonstrators astronomers authors observers monitors
    """.split()
)

# Organisation nouns that do not appear in the names of what they describe ("The Boston
# Globe ... the newspaper said", "Tesco ... the company said"): the organisation in play.
# Other organisation nouns ("the army", "the ministry") join only a name that holds them
# ("Iranian Army", "Ministry of Health") and otherwise stand for themselves.
KIND_ORG_NOUNS = frozenset(
    """
    newspaper paper daily magazine outlet broadcaster network channel station website
    company firm corporation business chain retailer carrier airline manufacturer
    maker group agency publisher
    """.split()
)

# Nouns for a body known by the person who leads it ("the Trump administration", "the
# Biden campaign"): with a person's name before them, a speaker of its own, named so.
PERSON_LED_ORG_NOUNS = frozenset(
    "administration campaign government cabinet camp team family office presidency".split()
)

# Words that pick members out of a group ("a number of senators", "some of the
# protesters", "one of the children"): with "of", the phrase is a speaker of its own,
# named by the whole description, article included.
PARTITIVE_WORDS = frozenset(
    """
    number group some one two three many several most all majority minority handful
    couple few none each both half rest dozens hundreds thousands
    """.split()
)

# National institutions named by a nationality: "the Iraqi security forces" is an
# organisation even though the small model tags only "Iraqi" (NORP).
NATIONAL_INSTITUTIONS = (
    ("security", "forces"),
    ("armed", "forces"),
    ("special", "forces"),
    ("army",),
    ("navy",),
    ("air", "force"),
    ("police",),
    ("military",),
    ("government",),
)

# Compass words that make a region of a place its own place ("eastern Syria").
DIRECTIONAL = frozenset(
    "eastern western northern southern central northeastern northwestern southeastern "
    "southwestern east west north south".split()
)

# spaCy labels we keep, and the class each maps to.
NER_CLASSES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
}

# Labels the small model gives names it gets wrong: a NORP or GPE that is the subject of a
# cue verb and is a single capitalised token is a person ("Mattis said", tagged NORP).
MISLABELLED_SPEAKER_LABELS = frozenset({"NORP", "GPE", "ORG", "PRODUCT", "WORK_OF_ART"})


@functools.cache
def well_known() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The entities any article may name, with their other names: (name, class, aliases),
    from ``en_known.csv`` beside this module, where each row says why it is there. Found
    by their exact spelling even where the NER misses them, and one entity in every
    article. General knowledge only (the most-named countries in the forms the press
    writes them, international bodies); a corpus's own (a conflict's parties, a
    government's departments) belong in a gazetteer (``kg build --gazetteer``, see
    ``examples/gazetteer.csv``).

    >>> [row for row in well_known() if row[0] == "European Union"]
    [('European Union', 'Organization', ('EU', 'E.U.'))]
    """
    import csv
    from importlib.resources import files

    with files(__package__).joinpath("en_known.csv").open(encoding="utf-8", newline="") as f:
        return tuple(
            (row["name"], row["type"], tuple(a for a in row["aliases"].split("|") if a))
            for row in csv.DictReader(f)
        )


# Institutions that many countries, states and cities each have, so that the bare name
# ("Parliament", "the Supreme Court", "Congress") says which one only through the article:
# a qualified mention in it ("the U.S. Supreme Court", "Poland's Supreme Court",
# "the Supreme Court of India"), else it is that article's own, never merged across
# articles by the common name. Lowercase, compared with the name without "the" or dots.
GENERIC_INSTITUTIONS = frozenset(
    {
        "parliament",
        "congress",
        "senate",
        "house",
        "house of representatives",
        "house of commons",
        "national assembly",
        "legislature",
        "cabinet",
        "city council",
        "supreme court",
        "high court",
        "constitutional court",
        "federal court",
        "court of appeals",
        "appeals court",
        "government",
        "federal government",
        "central government",
        "state government",
        "police",
        "army",
        "navy",
        "air force",
        "military",
        "ministry of health",
        "health ministry",
        "foreign ministry",
        "interior ministry",
    }
)

# Political adjectives that the NER tags as nationalities (NORP): "the Republican Senate"
# names a majority, not the country whose Senate it is.
POLITICAL_ADJECTIVES = frozenset(
    "republican republicans democratic democrat democrats conservative conservatives liberal "
    "liberals labour socialist socialists communist communists green greens".split()
)

# Time zones: the small model tags them as organisations ("at 10:39 a.m. (1639 UTC)").
TIME_ZONES = frozenset(
    """
    utc gmt est edt cst cdt mst mdt pst pdt akst akdt hst ast adt nst ndt bst ist cet
    cest eet eest wet west msk aest aedt acst acdt awst nzst nzdt jst kst hkt sgt pht
    wib
    """.split()
)

# Names the small model takes for people or organisations that are not entities of
# either kind: diseases and pathogens ("COVID-19 has killed ..."), and events named like
# people ("Brexit will ...").
NOT_ENTITY_NAMES = frozenset(
    """
    covid-19 covid covid19 coronavirus sars-cov-2 sars mers ebola zika h1n1 h5n1 hiv aids
    brexit
    """.split()
)

# Social media platforms: companies whose names the small model often tags as people
# ("wrote on Twitter"); they are organisations.
PLATFORMS = frozenset(
    "twitter facebook instagram youtube tiktok snapchat reddit whatsapp telegram weibo "
    "wechat linkedin".split()
)

# What kind of attribution a claim is (model.ACTS), from its cue. A reader asking for
# denials or findings only needs the act the cue performs, not its exact verb. Lemmas not
# listed here are plain statements ("say", "tell", "add", "note", "explain").
CUE_ACTS = {
    # questions: the content is what was asked ("asked whether the plant would close")
    **dict.fromkeys("ask question wonder inquire enquire query".split(), "question"),
    # denials and rejections: the content is what the speaker says is not so
    **dict.fromkeys("deny dispute reject refute rebut contradict dismiss".split(), "denial"),
    # calls, requests and demands: what the speaker wants someone else to do
    **dict.fromkeys(
        "urge call demand request appeal implore plead press encourage instruct "
        "order direct invite beg".split(),
        "call",
    ),
    # accusations and blame: what the speaker holds someone responsible for
    **dict.fromkeys(
        "accuse blame allege charge condemn criticize criticise attack".split(), "accusation"
    ),
    # promises, pledges and threats: what the speaker commits to doing
    **dict.fromkeys("promise vow pledge guarantee swear threaten commit".split(), "promise"),
    # warnings: a danger the speaker points out
    **dict.fromkeys("warn caution alert".split(), "warning"),
    # announcements: news the speaker makes public
    **dict.fromkeys(
        "announce declare proclaim unveil disclose reveal publish release".split(), "announcement"
    ),
    # confirmations and admissions: the speaker grants that something is so
    **dict.fromkeys("confirm acknowledge admit concede verify".split(), "confirmation"),
    # beliefs, expectations, intentions: a position, not an utterance (GUIDELINE rule 5)
    **dict.fromkeys(
        "believe think expect hope fear worry feel suspect figure reckon plan intend want "
        "aim".split(),
        "belief",
    ),
    # findings: what evidence, a study or a count establishes
    **dict.fromkeys(
        "find show establish conclude estimate calculate measure demonstrate".split(), "finding"
    ),
}

# Documents that are evidence rather than someone's words: whatever verb reports them
# ("the study says", "polls show", "the records indicate"), their claim is a finding.
EVIDENCE_NOUNS = frozenset(
    """
    study survey poll polls report analysis audit review investigation assessment data
    research footage video records record census figures statistics model research paper
    findings evidence emails documents database tally count
    """.split()
)

# Punctuation that ends a clause inside a sentence: a claim set off by a parenthetical cue
# ("the fuel, officials said, spilled") runs no further than these.
CLAUSE_BREAKS = frozenset({";", ":", "—", "–"})

# Verbs that accuse someone of something ("accused the firm of fraud", "blamed the
# storm for the delay"): the claim is the one accused and the accusation.
ACCUSATION_CUES = frozenset("accuse blame charge".split())

# Verbs whose noun-phrase object is itself what was said ("announced a recall",
# "denied the allegations", "claimed victory", "the agency reported two deaths"). Only
# these: most cue verbs with a bare object report nothing ("told the court", "described
# the scene").
OBJECT_CUES = frozenset(
    "announce deny claim confirm admit acknowledge report recall predict estimate".split()
)

# Objects that make a cue verb an act rather than speech: "denied funding", "denied him
# entry" refuse something; "denied the allegations" says something is not so.
REFUSED_THINGS = {
    "deny": frozenset(
        "funding fund access entry permission request application bail visa asylum "
        "service benefit benefits care treatment license licence permit loan".split()
    ),
}

# Cue verbs that perform their act (CUE_ACTS) only with one of these prepositions:
# "called on the council to act" is a call, "called the plan reckless" a statement.
ACT_PREPS = {"call": frozenset({"on", "upon", "for"})}

# Objects that name what a report was about, not what it says: "reported the story",
# "confirmed the details" (the claim, if any, is elsewhere).
TOPIC_NOUNS = frozenset("story news incident matter issue details event case topic".split())

# Verbs by which one source reports another's words: "Politico quoted Manning as saying",
# "the paper cited officials as stating": the words are the object's, not the subject's.
QUOTING_VERBS = frozenset("quote cite describe".split())

# Cue verbs that report a clause even where the parser takes the clause's subject for
# their object ("maintained an inquiry is what ...", "said a law allowing X marked ...").
CLAUSE_CUES = frozenset("say report maintain claim argue insist state add note warn".split())

# Words a title leaves in lower case ("Day after Day", "Gone with the Wind"): a quoted
# fragment whose other words are all capitalised is a name or title, not someone's words.
# A case name ("Doe vs. Acme Holdings Limited") reads the same way.
TITLE_SMALL_WORDS = frozenset(
    "a an the and or but nor of in on at to for by with from after as into over vs v versus".split()
)

# Verbs that give something a name ("a site called 'Welcome To Video'", "dubbed the
# 'Iron Lady'"): a capitalised quotation after them is the name, not someone's words.
NAMING_CUES = frozenset("call name dub title label term nickname brand".split())

# Intentions that are acts, not words: they never attribute a quotation ('offered
# "vintage" toys', 'planned a "festival of light"'), nor make their infinitive a claim
# ("refused to give up power", "agreed to join the bloc": the guideline's "actions that
# are not communication"); vowing and promising do both.
UNSPOKEN_INTENTIONS = frozenset("plan intend refuse offer decline aim agree".split())

# How English nationality adjectives end ("Kenyan", "Chinese", "Scottish", "Iraqi",
# "French", "Hellenic"): a one-word qualifier of an institution that the NER kept inside
# the name ("Kenyan Supreme Court") names a country when it ends so ("White House" does not).
DEMONYM_SUFFIXES = ("an", "ese", "ish", "i", "ch", "ic")

# Entity types of the NER under which a capitalised plural ("the Colts", "the Sixers") is
# still a team, band or other body: none at all, or a type the small model gives such
# plurals by mistake (a work, a product, a place). A nationality or group ("the Democrats",
# "the Kurds": NORP), an event ("the Olympics") or a law is no organisation's name.
PLURAL_BODY_NER_TYPES = frozenset({"", "ORG", "WORK_OF_ART", "PRODUCT", "GPE", "LOC", "FAC"})

# Objects that say what was made public only with words of their own ("announced the
# decision to close schools"); bare ("announced the decision") they name a topic.
BARE_TOPIC_NOUNS = frozenset("decision result results claim measure measures plan move".split())

# A quotation of fewer words than this whose speaker is not found is more likely a term in
# quotes than someone's words ('showing "mild symptoms"'): it is not kept unresolved.
MIN_UNRESOLVED_WORDS = 4

# Verbs whose object is what evidence shows when their subject is a document or evidence
# ("polls showed support at one percent", "the records list three owners"); with a
# person as subject they report nothing ("she showed the letter").
EVIDENCE_OBJECT_CUES = frozenset("show find indicate reveal list record".split())

# Cue verbs that name their source as a passive agent ("was identified as Jo Lee by
# police", "were reported by local media to have left", "reported by the press as"):
# "identify" and "name" report who someone is, on the agent's word.
PASSIVE_CUES = frozenset(
    "report say describe identify name quote cite list claim allege estimate confirm".split()
)

# How a paper's authors are cited as a group after their lead author's name ("Smith et
# al", "Smith et al."): the group speaks as one ("Smith et al found", "they showed").
ET_AL = ("et", frozenset({"al", "al."}))
# Lower-case words inside surnames ("de Vera", "van der Berg"), kept in a group's label.
SURNAME_PARTICLES = _names.SURNAME_PARTICLES  # one table with kg.names

# Nouns for what someone asked or said ("the calls by officials asking ...", "demands
# from residents that ..."): as a speaker they stand for whoever made them, like a
# document stands for its author.
SPEECH_ACT_NOUNS = frozenset("call demand request appeal plea".split())

# Quantifiers that stand alone for members of a group named just before ("One witness
# said ... and several said ...": several witnesses), and plurals English does not make
# with -s for the nouns such a group is named by.
ELLIPTIC_QUANTIFIERS = frozenset("several many some few most".split())
IRREGULAR_PLURALS = {"person": "people", "man": "men", "woman": "women", "child": "children"}

# Cue verbs whose gerund complement is what was said ("admitted taking the money",
# "recalled hearing the alarm", "described seeing six bodies", "announced leaving the
# venture"): the gerund clause reports the speaker's own act or experience.
GERUND_CUES = frozenset(
    "admit deny recall describe announce report acknowledge mention confess remember".split()
)

# Verbs that report a judgement of someone with its reason after "for" ("commended the
# crews for their courage", "criticised the board for the delay"): the claim is the one
# judged and the reason. Without "for" they report nothing ("thanked the crowd").
PRAISE_CUES = frozenset("praise commend criticize criticise credit fault thank".split())

# Verbs whose noun-phrase object is the point made ("emphasized the need for calm",
# "cited improvements in safety", "stressed the risk of floods"), unless the object is a
# source or a pronoun ("cited a study", "stressed it"), which names no point.
EMPHASIS_CUES = frozenset("emphasize emphasise stress highlight underline underscore cite".split())

# Verbs of talking that report a point through a preposition: "spoke of a deep crisis",
# "talked about how the town had changed". With "about" only a clause or a gerund is a
# point ("talked about losing the farm"); a bare noun is a topic ("spoke about the war").
TOPIC_SPEECH = {"speak": frozenset({"of", "about"}), "talk": frozenset({"of", "about"})}

# Objects that name who or what gave the information, not a point made: "citing
# anonymous sources", "cited local groups", "citing the mayor's office".
SOURCE_NOUNS = frozenset(
    """
    source sources official officials group groups office offices media outlet outlets
    agency agencies people person spokesman spokeswoman spokesperson witness witnesses
    data datum expert experts
    """.split()
)

# A quotation inside a sentence, with no cue governing it, that closes the sentence and
# has at least this many words is someone's words (those of the speaker in play), not a
# scare quote ('the maker has developed "a way to fit a camera in the head."').
MIN_EMBEDDED_WORDS = 5


# ------------------------------------------------------------------ entity typing (2)


def country_names() -> frozenset[str]:
    """Lowercase names of the world's countries: ISO 3166's short, official and common
    names (``azerbaijan``, ``bolivia``, ``plurinational state of bolivia``), from the
    maintained ``pycountry`` data rather than a list typed here. The small NER tags many
    countries PERSON ("fighting between Armenia and Azerbaijan"); a name that is a
    country is a place unless the article names a person by it. Read once, then cached.
    """
    return _country_names()


def _load_country_names() -> frozenset[str]:
    import pycountry  # imported here: only the entity component needs its data

    names = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:  # "Korea, Republic of" is no way to write it
                names.add(value.lower())
    return frozenset(names)


_PLACE_NAMES: dict[str, frozenset[str]] = {}  # what pycountry gave, read once


def _country_names() -> frozenset[str]:
    if "countries" not in _PLACE_NAMES:
        _PLACE_NAMES["countries"] = _load_country_names()
    return _PLACE_NAMES["countries"]


# Words before a name that make it a person's ("Mr. Jordan", "Sen. Chad ..."): with one,
# a name that is also a country's stays the person's.
PERSON_HONORIFICS = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. sen sen. rep rep. gov gov. president senator "
    "representative governor judge justice sir dame".split()
)

# Nouns of an account that "by" turns into a source, like "according to": "By early
# reports, 30 were injured", "by some estimates, half the town left", "by all accounts".
ACCOUNT_NOUNS = frozenset("report reports account accounts estimate estimates count tally".split())

# The words other than verbs that an attribution outside quotation marks rests on:
# "according (to Reuters)" and "by (early reports)". Attribution tries a cue only at a
# verb, a past participle or one of these, so that it passes over the other words fast.
SOURCE_WORDS = frozenset({"according", "by"})


def region_names() -> frozenset[str]:
    """Lowercase names of the states, provinces and territories of the countries whose
    news the project reads most (the United States and Canada), from ``pycountry``'s ISO
    3166-2 data: with the countries, the places the NER glues to a person's name
    ("Senator from Vermont Bernie Sanders"). Read once, then cached."""
    if "regions" not in _PLACE_NAMES:
        import pycountry

        _PLACE_NAMES["regions"] = frozenset(
            s.name.lower()
            for code in REGION_COUNTRIES
            for s in pycountry.subdivisions.get(country_code=code) or ()
        )
    return _PLACE_NAMES["regions"]


# Countries whose regions region_names() knows (ISO 3166-1 alpha-2): ISO 3166-2 lists
# the United Kingdom's nations (Scotland, Wales) with its council areas.
REGION_COUNTRIES = ("US", "CA", "GB")

# Words that end the name of a country's political party ("Democratic Party"): written
# with the country before it ("the United States Democratic Party", "the US Republican
# Party") it is still the one party, known by the name without the country. A state or
# province before it ("Iowa Democratic Party") names a party of its own.
PARTY_WORDS = frozenset({"party"})

# Words that make a name a place's or an organisation's, never a person's ("Java Sea",
# "Fort Lee", "Florida Highway Patrol"): when the NER tags one name both ways in an
# article, a name holding one of these is not the person.
NOT_PERSON_NAME_WORDS = frozenset(
    "sea ocean river lake mount mountain island islands bay gulf fort county province "
    "state city port airport station street road avenue park valley patrol police "
    "department ministry agency office council committee commission court university "
    "college school hospital church bank company corporation group news network express "
    "party army navy force forces service institute center centre foundation".split()
)


# ---------------------------------------------------------------- titles and offices
# What kg.nlp.titles reads a person's title by ("U.S. Defence Secretary" is the office
# defense secretary of the US), at extraction, so that the graph says which office each
# title names and a person given two offices can be found.

# Spellings unified before titles are compared: British and American spelling, dotted and
# undotted abbreviations, and the short forms news copy uses for ranks.
TITLE_SPELLINGS = (
    (r"\bdefence\b", "defense"),
    (r"\bu\.?\s?s\.?(?=\s|$)|\bunited states\b|\bamerican\b", "us"),
    (r"\bu\.?\s?k\.?(?=\s|$)|\bunited kingdom\b|\bbritish\b", "uk"),
    (r"\blt\.?(?=\s)", "lieutenant"),
    (r"\bgen\.?(?=\s|$)", "general"),
    (r"\badm\.?(?=\s|$)", "admiral"),
    (r"\bcol\.?(?=\s|$)", "colonel"),
    (r"\bsec\.?(?=\s|$)", "secretary"),
    (r"\bpres\.?(?=\s|$)", "president"),
)

# Offices: (concept, phrasings, why). Two offices of one person conflict when their
# concepts differ. Longer phrasings are tried first, so "vice president" is not read as
# "president" and "secretary of state" not as a bare "secretary".
OFFICES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "defense secretary",
        (
            "secretary of defense",
            "defense secretary",
            "defense minister",
            "minister of defense",
            "pentagon chief",
            "defense chief",
        ),
        "heads a defence ministry; US and UK usage, and the press's 'Pentagon chief'",
    ),
    ("secretary of state", ("secretary of state", "state secretary"), "the US foreign minister"),
    (
        "foreign minister",
        ("foreign minister", "foreign secretary", "minister of foreign affairs"),
        "heads a foreign ministry outside the US",
    ),
    ("vice president", ("vice president",), "deputy head of state"),
    ("president", ("president",), "head of state"),
    ("prime minister", ("prime minister", "premier"), "head of government"),
    (
        "chairman of the joint chiefs",
        ("chairman of the joint chiefs", "joint chiefs chairman"),
        "the US's highest-ranking military officer",
    ),
    (
        "national security adviser",
        ("national security adviser", "national security advisor"),
        "a White House post",
    ),
    ("ambassador", ("ambassador", "envoy"), "a country's representative abroad"),
    ("spokesperson", ("spokesman", "spokeswoman", "spokesperson"), "speaks for an organisation"),
    ("king", ("king",), "a monarch"),
    ("attorney general", ("attorney general",), "an office, not the rank 'general'"),
    ("secretary general", ("secretary general",), "heads an international organisation"),
)
# Military ranks: (grade, phrasings, why). A rank is held alongside an office ("General
# ..., chairman of the Joint Chiefs"), so a rank and an office never conflict; two ranks
# conflict only across grades, since news copy shortens a rank within its grade
# ("Lt. Gen." to "Gen.", "Rear Adm." to "Adm.").
RANKS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "general",
        ("lieutenant general", "major general", "brigadier general", "general"),
        "general officers of armies and air forces",
    ),
    ("admiral", ("vice admiral", "rear admiral", "admiral"), "flag officers of navies"),
    ("colonel", ("lieutenant colonel", "colonel"), "field officers"),
    ("major", ("major",), "field officers"),
    ("captain", ("captain",), "company officers (army) or senior officers (navy)"),
    ("sergeant", ("staff sergeant", "sergeant"), "non-commissioned officers"),
)
# Words that put an office in the past: a former office does not conflict with a new one.
PAST_MARKERS = frozenset({"former", "ex", "then", "onetime", "retired", "late"})
# Country qualifiers: "Syrian President" and "Iraqi President" are different offices,
# "President" and "Syrian President" the same one, more or less precisely named. The
# one-word country names and demonyms come from countryinfo (see country_qualifiers());
# these are the forms it lacks: TITLE_SPELLINGS has already made "U.S."/"American" "us"
# and "U.K."/"British" "uk", and the press shortens "Saudi Arabian" to "Saudi".
SHORT_COUNTRY_QUALIFIERS = {"us": "us", "uk": "uk", "saudi": "saudi arabia"}


@functools.cache
def country_qualifiers() -> dict[str, str]:
    """One-word country names and demonyms, lowercase -> the country's name, lowercase
    (``syrian`` -> ``syria``), from ``countryinfo``'s maintained country data, with
    :data:`SHORT_COUNTRY_QUALIFIERS`. A demonym several countries share (``Indian``:
    India and the British Indian Ocean Territory) names the most populous. Read once.

    >>> country_qualifiers()["syrian"], country_qualifiers()["indian"]
    ('syria', 'india')
    """
    import countryinfo  # imported here: only titles need its data

    found: dict[str, tuple[int, str]] = {}
    for country in countryinfo.all_countries():
        name = (country.name() or "").lower()
        population = country.population() or 0
        for word in [name, *(country.demonym() or "").lower().split(",")]:
            word = word.strip()
            if word and " " not in word and population >= found.get(word, (-1, ""))[0]:
                found[word] = (population, name)
    return {w: name for w, (_, name) in found.items()} | SHORT_COUNTRY_QUALIFIERS


# ---------------------------------------------------------------- quantities
# What kg.nlp.quantities reads numbers, their bounds and what they count by.

# Number words, so that "four million" reads as 4000000.
UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}  # fmt: skip
# Multipliers: "hundred" multiplies what comes before it, the others close a group
# ("two hundred thousand" = (2 * 100) * 1000).
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}  # fmt: skip
# Denominators of fractions ("a third", "two-thirds", "three quarters").
FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "tenth": 10, "tenths": 10,
}  # fmt: skip
# Words that stand for a numerator of one before a fraction: "a third", "one half".
ONE_WORDS = frozenset({"a", "an", "one"})
# Ways of writing "per cent" (a single token or a two-token sequence).
PERCENT_WORDS = (("per", "cent"), ("percent",), ("%",), ("pct",), ("percentage", "points"))
# Currency symbols before a number, read as the unit of a MONEY amount.
CURRENCY_SYMBOLS = {"$": "dollars", "£": "pounds", "€": "euros"}

# Comparators before a number: (words, bound, why). The bound the words set:
# "max" (the figure is an upper bound), "min" (a lower bound), "approx" (no bound, only a
# figure) or "exact". Strict and inclusive bounds are not told apart: a Quantity has one
# min and one max, and "fewer than 1,000" and "up to 1,000" both cap the count at 1000.
COMPARATORS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("fewer", "than"), "max", "an upper bound"),
    (("less", "than"), "max", "an upper bound"),
    (("no", "more", "than"), "max", "an upper bound, negated lower bound"),
    (("not", "more", "than"), "max", "an upper bound, negated lower bound"),
    (("at", "most"), "max", "an upper bound"),
    (("up", "to"), "max", "an upper bound"),
    (("under",), "max", "an upper bound"),
    (("below",), "max", "an upper bound"),
    (("nearly",), "max", "close to the figure, from below"),
    (("almost",), "max", "close to the figure, from below"),
    (("just", "under"), "max", "close to the figure, from below"),
    (("more", "than"), "min", "a lower bound"),
    (("greater", "than"), "min", "a lower bound"),
    (("at", "least"), "min", "a lower bound"),
    (("no", "fewer", "than"), "min", "a lower bound, negated upper bound"),
    (("no", "less", "than"), "min", "a lower bound, negated upper bound"),
    (("over",), "min", "a lower bound"),
    (("above",), "min", "a lower bound"),
    (("upwards", "of"), "min", "a lower bound"),
    (("just", "over"), "min", "close to the figure, from above"),
    (("approximately",), "approx", "an estimate: the speaker commits to no bound"),
    (("about",), "approx", "an estimate"),
    (("around",), "approx", "an estimate"),
    (("roughly",), "approx", "an estimate"),
    (("some",), "approx", "an estimate ('some 4,000 troops')"),
    (("an", "estimated"), "approx", "an estimate"),
    (("estimated",), "approx", "an estimate"),
    (("circa",), "approx", "an estimate"),
    (("exactly",), "exact", "stated as exact"),
    (("precisely",), "exact", "stated as exact"),
)
# Comparators after a number: "1,000 or more", "20 or fewer".
POSTFIX_COMPARATORS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("or", "more"), "min", "a lower bound"),
    (("or", "over"), "min", "a lower bound"),
    (("plus",), "min", "a lower bound ('1,000 plus')"),
    (("or", "fewer"), "max", "an upper bound"),
    (("or", "less"), "max", "an upper bound"),
)
# Words that join the two ends of a range: "between 5 and 10", "5 to 10", "from 5 to 10".
RANGE_JOINERS = {"between": "and", "from": "to"}

# Entities whose numbers are not quantities: dates, times and ordinals say when or which,
# and names (products, organisations, works, laws ...) only contain numbers.
EXCLUDED_ENTS = frozenset(
    "DATE TIME ORDINAL PERSON ORG GPE LOC FAC PRODUCT WORK_OF_ART EVENT LAW NORP LANGUAGE".split()
)
TIME_ENTS = frozenset({"DATE", "TIME"})
# Entities whose spelt-out numbers are quantities ("four million", "a third").
NUMERIC_ENTS = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY"})
# Years counted as such when a bare four-digit number stands alone in this range.
YEAR_RANGE = range(1800, 2100)
# Dependents of the counted noun kept in the unit: they name the kind of thing counted.
UNIT_MODIFIER_DEPS = frozenset({"compound", "nmod"})


# ---------------------------------------------------------------- dates
# The words and patterns kg.nlp.dates reads dates by.

# Month names and the abbreviations newspapers print (AP style: "Dec. 27", "Sept. 3").
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

# Weekday names, Monday = 0 as in datetime.date.weekday(). Abbreviations are left out:
# "sun", "sat" and "wed" are ordinary words far more often than dates in running text.
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip

# Counts spelt out in relative expressions ("two weeks ago", "a month ago").
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

# Words before a date that keep its meaning ("on Friday", "in May", "earlier this year");
# "since" is read separately (the start of a span). "by" and "until" are left out on
# purpose: they name a deadline, not when something happened.
PREPOSITIONS = ("on", "in", "during", "earlier", "late", "early", "since")


# Date expressions: (pattern, resolver, relative, why). Tried in order; the first full
# match wins, so longer forms come before the shorter forms they contain. {month},
# {weekday}, {day}, {year} and {count} stand for the named groups kg.nlp.dates makes of
# MONTHS, WEEKDAYS, day numbers, years and NUMBER_WORDS; the resolver names the function
# of kg.nlp.dates.RESOLVERS that turns a match into a date; a relative one needs the
# publication date. Every pattern begins with a word (a letter or a digit): the search
# for them tries the start of each word only.
DATE_PATTERNS: tuple[tuple[str, str, bool, str], ...] = (
    (r"(?P<year>\d{4})-(?P<m>[01]\d)-(?P<day>[0-3]\d)", "absolute_day", False,
     "ISO dates, as feeds and datelines print them"),
    (r"{month} {day},? {year}", "absolute_day", False,
     "US order, the news default: December 27, 2017 / Dec. 27 2017"),
    (r"{day} {month},? {year}", "absolute_day", False,
     "day-first order of British and wire copy: 27 December 2017"),
    (r"{month},? (?:of )?{year}", "month_year", False,
     "a month of a named year: December 2017, May of 2016"),
    (r"{month} of (?P<which>this|last) year", "month_of", True,
     "a month of the year of publication or the one before"),
    (r"{month} {day}", "month_day", True,
     "a day without a year: Dec. 27 is the most recent December 27"),
    (r"{day} {month}", "month_day", True, "the same, day first: 27 December"),
    (r"{year}", "year_only", False, "a bare year: in 2014"),
    (r"{month}", "month_only", True, "a bare month: the most recent that has begun"),
    (r"(?:(?P<last>last|past) )?{weekday}", "weekday", True,
     "a weekday: the most recent one, the publication day itself included"),
    (r"today|tonight|this (?:morning|afternoon|evening)", "today", True,
     "the publication day"),
    (r"yesterday(?: (?:morning|afternoon|evening))?|last night", "yesterday", True,
     "the day before publication"),
    (r"{count} (?P<unit>day|week|month|year)s? ago", "ago", True,
     "a count of units back from publication"),
    (r"(?:earlier |later )?(?P<which>this|last|past) (?P<unit>week|month|year)",
     "this_or_last", True, "the calendar unit of publication, or the one before"),
)  # fmt: skip


# ---------------------------------------------------------------- claim records
# What kg.nlp.convert reads when it turns a claim into a record.

# Prepositions that tie a counted thing to what it is about: "1,000 fighters from the
# Islamic State group", "55 per cent of Syria", "4,000 troops in Mali".
ABOUT_PREPS = frozenset({"from", "of", "in"})

# Dependencies by which a time expression hangs off the verb it dates ("said on Friday":
# pobj -> prep; "two weeks ago": npadvmod -> advmod).
DATE_PATH_DEPS = frozenset(
    {
        "prep",
        "pobj",
        "npadvmod",
        "advmod",
        "nummod",
        "det",
        "amod",
        "compound",
        "nmod",
        "quantmod",
        "tmod",
        "appos",
    }
)


# ---------------------------------------------------------------- words of entity mentions

# Words that open a description without qualifying it, and words that show a mention is
# more than a head noun and its modifiers (a clause or a prepositional phrase).
ARTICLES = frozenset({"the", "a", "an"})
NOT_MODIFIERS = frozenset(
    "by of from for to in at on with and or who which that said says told".split()
)
# Lowercase words a title before a name may hold besides its role nouns: "Secretary of
# State", "Defence Secretary" ("state" and "defence" are not roles but name the office).
TITLE_WORDS = frozenset({"of", "defence", "defense", "state"})
# Pronouns that stand for the last person or group named before them.
THIRD_PERSON = frozenset({"he", "she", "they", "it"})


# ---------------------------------------------------------------- places and people for bodies
# A team is named after its city or school and a plural (``Indianapolis Colts``, ``Creighton
# Bluejays``), and sports news calls it by the place alone when it acts: ``Indianapolis
# beat Kansas City``, ``Creighton's lead``. A clinic is named after a person or place and a
# word of its kind (``Betty Ford Center``, ``Morningside Recovery``), and news calls it by
# that name alone where it is a destination: ``checked into Betty Ford``. Read by
# ``kg.nlp.entities._named_after``.

# Plurals that end the names of bodies that are not teams: "Philadelphia Daily News" is
# no team, and "Philadelphia's mayor" no mention of it.
NOT_TEAM_PLURALS = frozenset(
    """news times services affairs industries systems airlines communications holdings
    partners resources forces records games sciences arts studies laboratories labs
    pictures studios stores works brothers sisters associates nations states islands
    friends veterans workers teachers nurses police commons lords
    islands isles mountains lakes heights highlands lowlands midlands hills falls springs
    rapids plains keys woods glades everglades flats sands narrows gardens fields estates
    emirates territories provinces colonies alps rockies""".split()
)


def is_team_plural(word: str) -> bool:
    """A plural that ends a team's name (``colts``, ``76ers``), not another body's
    (:data:`NOT_TEAM_PLURALS`), as :func:`kg.names.name_key` writes it."""
    return (
        word.endswith("s") and not word.endswith("ss") or word[:1].isdigit()
    ) and word not in NOT_TEAM_PLURALS


# Words that end a facility's name: a person or place it is named after, written alone
# as a destination, is the facility.
# (one table with resolution's: kg.names.FACILITY_WORDS)
FACILITY_WORDS = _names.FACILITY_WORDS
# Prepositions whose object is a destination or a location (``into Betty Ford``, ``at
# Morningside``); and the verbs whose direct object is one (``left Betty Ford``).
DESTINATION_PREPS = frozenset("into in at to from inside outside through".split())
DESTINATION_VERBS = frozenset("enter leave exit quit check".split())
# Prepositions whose object, a place's name, acts as a team does (``a win for
# Indianapolis``, ``65-53 over Drake``); ``to`` does after a noun (``losses to
# Indianapolis``) but not after a verb (``coming back to Philadelphia``).
OPPONENT_PREPS = frozenset("for against over by with versus vs vs. beat than".split())
# Dependencies of a place's name that make it an actor (subject, possessor, object).
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "dobj", "dative", "agent"})
