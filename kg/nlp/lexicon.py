"""Rules as data: the word lists the extraction rules read, each with why it is there.

Every table is a plain module constant so that a rule reads as English
(``if tok.lemma_ in CUE_VERBS``) and a change to the rules is a change to data.
"""

from __future__ import annotations

# Verbs that report speech, writing or belief when they govern a clause or a quotation
# ("Mattis said ...", "the coalition estimated that ...", "he was known to tell").
# A cue only yields a claim when it has content: a clause, a quotation beside it, or an
# "according to" phrase, so broad verbs such as "discuss" cost nothing elsewhere.
CUE_VERBS = frozenset(
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
CLAUSE_ONLY_CUES = frozenset(
    "believe think expect hope fear worry figure reckon calculate project forecast".split()
)

# Verbs whose subject is a document, not a person: "an emailed statement ... read".
# They report speech only when their subject is one of DOCUMENT_NOUNS.
DOCUMENT_CUES = frozenset("read say state note add show indicate find conclude suggest".split())

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

# Well-known entities and the other names they go by: the small model splits or misses
# these ("Islamic" NORP + "State" ORG), and no article spells out that ISIL is ISIS.
# (canonical name, class, aliases); aliases match case-sensitively, token by token.
WELL_KNOWN = (
    (
        "ISIS",
        "Organization",
        ("Islamic State", "Islamic State group", "ISIL", "Daesh", "IS group",
         "Islamic State of Iraq and Syria", "Islamic State of Iraq and the Levant"),
    ),
    (
        "US-led coalition",
        "Organization",
        ("U.S.-led coalition", "US-led international coalition",
         "U.S.-led international coalition", "Global Coalition to Defeat ISIS",
         "Global Coalition against Daesh"),
    ),
    ("United States", "Place", ("U.S.", "US", "USA", "U.S.A.", "America",
                                "United States of America")),
    ("United Kingdom", "Place", ("UK", "U.K.", "Britain", "Great Britain")),
    ("United Nations", "Organization", ("UN", "U.N.")),
    ("European Union", "Organization", ("EU", "E.U.")),
    ("NATO", "Organization", ("North Atlantic Treaty Organization", "Nato")),
    ("Pentagon", "Organization", ("Defense Department", "Department of Defense",
                                  "US Department of Defense")),
    ("State Department", "Organization", ("Department of State", "US State Department")),
    ("White House", "Organization", ()),
    ("Federal Bureau of Investigation", "Organization", ("FBI",)),
    ("Central Intelligence Agency", "Organization", ("CIA",)),
)

# Institutions that many countries, states and cities each have, so that the bare name
# ("Parliament", "the Supreme Court", "Congress") says which one only through the article:
# a qualified mention in it ("the U.S. Supreme Court", "Poland's Supreme Court",
# "the Supreme Court of India"), else it is that article's own, never merged across
# articles by the common name. Lowercase, compared with the name without "the" or dots.
GENERIC_INSTITUTIONS = frozenset({
    "parliament", "congress", "senate", "house", "house of representatives", "house of commons",
    "national assembly", "legislature", "cabinet", "city council",
    "supreme court", "high court", "constitutional court", "federal court",
    "court of appeals", "appeals court",
    "government", "federal government", "central government", "state government",
    "police", "army", "navy", "air force", "military",
    "ministry of health", "health ministry", "foreign ministry", "interior ministry",
})

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

# How English nationality adjectives end ("Kenyan", "Chinese", "Scottish", "Iraqi",
# "French", "Hellenic"): a one-word qualifier of an institution that the NER kept inside
# the name ("Kenyan Supreme Court") names a country when it ends so ("White House" does not).
DEMONYM_SUFFIXES = ("an", "ese", "ish", "i", "ch", "ic")
