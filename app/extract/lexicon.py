"""Word lists the extractor's rules rest on: reporting verbs, titles, kinds of speakers.

Every entry is ordinary English vocabulary; nothing here names a person, place or outlet
from any particular article.
"""

from __future__ import annotations


def _forms(base: str, third: str, past: str, part: str, ing: str) -> dict[str, str]:
    return {form: base for form in (base, third, past, part, ing)}


def _regular(base: str) -> dict[str, str]:
    """Inflect a regular verb: claim -> claims, claimed, claiming."""
    if base.endswith("e"):
        return _forms(base, base + "s", base + "d", base + "d", base[:-1] + "ing")
    if base.endswith("y") and base[-2] not in "aeiou":
        stem = base[:-1]
        return _forms(base, stem + "ies", stem + "ied", stem + "ied", base + "ing")
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return _forms(base, base + "es", base + "ed", base + "ed", base + "ing")
    return _forms(base, base + "s", base + "ed", base + "ed", base + "ing")


_IRREGULAR: dict[str, str] = {
    **_forms("say", "says", "said", "said", "saying"),
    **_forms("tell", "tells", "told", "told", "telling"),
    **_forms("write", "writes", "wrote", "written", "writing"),
    **_forms("find", "finds", "found", "found", "finding"),
    **_forms("show", "shows", "showed", "shown", "showing"),
    **_forms("think", "thinks", "thought", "thought", "thinking"),
    **_forms("add", "adds", "added", "added", "adding"),
    **_forms("admit", "admits", "admitted", "admitted", "admitting"),
    **_forms("predict", "predicts", "predicted", "predicted", "predicting"),
    **_forms("repeat", "repeats", "repeated", "repeated", "repeating"),
    **_forms("testify", "testifies", "testified", "testified", "testifying"),
    **_forms("reply", "replies", "replied", "replied", "replying"),
    **_forms("deny", "denies", "denied", "denied", "denying"),
}

_IRREGULAR_OBJECT: dict[str, dict[str, str]] = {
    "beg": _forms("beg", "begs", "begged", "begged", "begging"),
    "tell": _forms("tell", "tells", "told", "told", "telling"),
    "seek": _forms("seek", "seeks", "sought", "sought", "seeking"),
    "plan": _forms("plan", "plans", "planned", "planned", "planning"),
    "label": {**_forms("label", "labels", "labelled", "labeled", "labelling"),
              "labeling": "label"},
    "dub": _forms("dub", "dubs", "dubbed", "dubbed", "dubbing"),
    "question": _forms("question", "questions", "questioned", "questioned", "questioning"),
    "push": _forms("push", "pushes", "pushed", "pushed", "pushing"),
}

_REGULAR_SPEECH = (
    "claim", "insist", "warn", "announce", "accuse", "state", "report", "argue", "explain",
    "estimate", "suggest", "note", "acknowledge", "confirm", "assert", "allege", "contend",
    "maintain", "recall", "remark", "respond", "declare", "stress", "emphasize", "emphasise",
    "indicate", "reveal", "disclose", "concede", "complain", "comment", "observe", "conclude",
    "determine", "point", "reiterate", "boast", "counter", "caution", "charge", "tweet",
    "post", "announce", "assure", "promise", "pledge", "vow", "concur", "agree", "predict",
    "speculate", "acknowledge", "signal", "hint", "stipulate", "specify", "mention",
    "explain", "inform", "notify", "advise", "urge", "demand", "propose", "recommend",
    "believe", "fear", "hope", "expect", "worry", "doubt",
)

REPORTING_VERBS: dict[str, str] = {**_IRREGULAR}
for _verb in _REGULAR_SPEECH:
    REPORTING_VERBS.update(_regular(_verb))

# Verbs whose complement is a proposition the subject stands behind but which are weak
# evidence of speech; kept apart so the extractor can treat them more cautiously.
COGNITIVE_LEMMAS = frozenset({"believe", "think", "fear", "hope", "expect", "worry", "doubt"})
# Verbs of evidence: "the poll shows ...", but "it shows ..." is rarely a source speaking.
EVIDENCE_LEMMAS = frozenset({"show", "suggest", "indicate", "find", "reveal", "confirm",
                             "mean", "prove"})
# Verbs that only attribute a quotation next to them: "“...,” the letter reads".
FRAME_ONLY_CUES = frozenset({"reads", "read", "continued", "continues", "recalled",
                             "explained", "asked", "asks", "replied", "answered", "quipped",
                             "joked", "shouted", "yelled", "wrote", "tweeted", "posted"})
# Verbs that take a "that"-clause but mostly report a request, not a claim.
REQUEST_LEMMAS = frozenset({"urge", "demand", "propose", "recommend", "advise"})
# Verbs that introduce a quoted label: "called it a 'disgrace'".
LABEL_VERBS = frozenset({
    "call", "calls", "called", "calling", "describe", "describes", "described", "describing",
    "term", "termed", "terming", "dub", "dubbed", "label", "labelled", "labeled", "brand",
    "branded",
})
# Nouns that carry a claim in a "that"-clause after a possessive: "the firm's denial that ...".
CLAIM_NOUNS = frozenset({
    "claim", "claims", "assertion", "reassurance", "reassurances", "insistence", "denial",
    "allegation", "allegations", "warning", "argument", "contention", "assurance",
    "assurances", "statement", "admission", "suggestion", "belief", "view",
})

PERSON_TITLES = frozenset({
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "sir", "dame",
    "lord", "lady", "president", "secretary", "minister", "governor", "senator", "sen.",
    "rep.", "gov.", "judge", "justice", "general", "gen.", "col.", "colonel", "captain",
    "capt.", "prime", "chancellor", "king", "queen", "prince", "princess", "pope", "rev.",
    "reverend", "ambassador", "director", "chairman", "chairwoman", "chief", "mayor",
    "commissioner", "deputy", "vice", "premier", "sheikh", "father", "sister", "brother",
    "officer", "sergeant", "sgt.", "lt.", "lieutenant", "admiral", "inspector", "detective",
    "coach", "state", "attorney", "district", "foreign", "defence", "defense", "interior",
    "health", "finance", "labour", "labor", "home", "former", "acting", "executive",
    "spokesman", "spokeswoman", "spokesperson", "juror", "prosecutor", "lawyer",
})
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "miss", "prof",
                        "prof."})
NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "del", "la",
                            "le", "bin", "al", "el", "ibn", "ben", "dos", "das", "ter"})

PERSON_NOUNS = frozenset({
    "official", "spokesman", "spokeswoman", "spokesperson", "minister", "president", "lawyer",
    "attorney", "juror", "witness", "source", "analyst", "expert", "director", "chief",
    "secretary", "adviser", "advisor", "governor", "mayor", "leader", "man", "woman",
    "officer", "judge", "prosecutor", "resident", "doctor", "diplomat", "aide", "spokesmen",
    "candidate", "senator", "representative", "executive", "commander", "researcher",
    "scientist", "economist", "professor", "member", "activist", "worker", "volunteer",
    "survivor", "victim", "father", "mother", "son", "daughter", "wife", "husband", "friend",
    "neighbour", "neighbor", "colleague", "manager", "chairman", "founder", "partner",
    "foreman", "clerk", "coordinator", "head", "negotiator", "strategist", "pollster",
    "author", "historian", "campaigner", "voter", "one", "someone", "teacher",
    "student", "soldier", "farmer", "owner", "customer", "employee", "engineer", "nurse",
    "counsel", "defendant", "plaintiff", "inspector", "envoy", "ambassador",
})
GOVERNMENT_WORDS = frozenset({
    "government", "ministry", "department", "administration", "police", "army", "military",
    "navy", "cabinet", "parliament", "congress", "senate", "authorities", "authority",
    "kremlin", "white", "state", "council", "commission", "court", "prosecutors",
    "prosecutor's", "office", "regime", "embassy", "forces", "agency", "committee",
    "pentagon", "treasury", "municipality", "city", "county", "province", "federal",
})
ORGANISATION_WORDS = frozenset({
    "group", "company", "firm", "corporation", "corp", "corp.", "inc", "inc.", "ltd", "plc",
    "organisation", "organization", "association", "party", "coalition", "institute",
    "foundation", "union", "federation", "society", "network", "corps", "legion", "bank",
    "fund", "university", "college", "center", "centre", "alliance", "league", "club",
    "team", "campaign", "movement", "charity", "agency", "board", "times", "post", "news",
    "journal", "herald", "tribune", "telegraph", "gazette", "guardian", "chronicle",
    "press", "reuters", "service", "channel", "radio", "television", "newspaper", "outlet",
    "website", "magazine", "broadcaster", "portal", "provider", "operator", "maker",
    "manufacturer", "airline", "industry", "hospital", "school", "church",
    "force", "brigade", "battalion", "militia", "rebels",
})
DOCUMENT_WORDS = frozenset({
    "letter", "report", "statement", "study", "survey", "poll", "polls", "document",
    "documents", "memo", "release", "analysis", "filing", "complaint", "lawsuit", "ruling",
    "verdict", "indictment", "affidavit", "transcript", "data", "figures", "records",
    "review", "audit", "assessment", "paper", "bill", "order", "notice", "email", "e-mail",
    "tweet", "post", "message", "decree", "resolution", "findings", "results", "research",
    "evidence", "estimate", "estimates", "census", "index", "forecast", "budget", "note",
})
GROUP_NOUNS = frozenset({
    "officials", "experts", "jurors", "sources", "residents", "witnesses", "analysts",
    "critics", "supporters", "opponents", "lawyers", "prosecutors", "investigators",
    "researchers", "scientists", "doctors", "activists", "protesters", "rebels", "militants",
    "guerrillas", "insurgents", "villagers", "leaders", "members", "authorities", "people",
    "voters", "advocates", "campaigners", "diplomats", "aides", "democrats", "republicans",
    "groups", "organisers", "organizers", "workers", "police", "troops", "soldiers",
    "observers", "economists", "parents", "families", "students", "teachers", "others",
    "panel", "jury", "defense", "defence", "prosecution", "team", "family", "staff",
})
# Words that end organisation names more often than people's ("Acme Europe").
PLACE_WORDS = frozenset({
    "europe", "america", "asia", "africa", "international", "global", "national", "world",
    "united", "states", "kingdom", "online", "digital", "labs", "systems", "technologies",
    "media", "holdings", "north", "south", "east", "west", "day", "week", "street",
})

# Verbs whose object (not a clause) is what the subject asserts, demands or judges,
# grouped by the shape of that object.
def _inflect_all(bases: tuple[str, ...]) -> dict[str, str]:
    forms: dict[str, str] = {}
    for base in bases:
        forms.update(_IRREGULAR_OBJECT.get(base) or _regular(base))
    return forms


# "called for talks", "pushed for a vote", "insisted on a recount", "warned of delays"
PREPOSITION_OBJECT_VERBS = _inflect_all(("call", "push", "insist", "warn", "argue", "appeal"))
# "told aides to wait", "urged voters to stay home": addressee plus infinitive
ADDRESSEE_VERBS = _inflect_all(("tell", "ask", "urge", "warn", "encourage", "order",
                                "instruct", "implore", "beg", "challenge", "invite"))
# "called the plan a failure", "described it as a mistake"
LABELLING_VERBS = _inflect_all(("call", "describe", "label", "dub", "term", "brand"))
# "cited rising costs", "criticised the ruling"
DIRECT_OBJECT_VERBS = _inflect_all((
    "cite", "criticize", "criticise", "condemn", "attack", "blast", "slam", "praise",
    "question", "reject", "dismiss", "blame", "defend", "mention", "discuss", "highlight",
    "emphasize", "emphasise", "stress", "predict", "reiterate", "dispute", "challenge",
    "welcome", "oppose", "support", "endorse", "hail", "applaud", "acknowledge", "note",
    "decry", "denounce", "lament", "tout", "champion", "accuse",
))
# "vowed to fight", "refused to resign", "plans to appeal"
INFINITIVE_VERBS = _inflect_all((
    "promise", "pledge", "vow", "refuse", "decline", "want", "plan", "threaten", "seek",
    "propose", "demand", "intend", "hope", "offer", "agree",
))
OBJECT_VERBS = {**PREPOSITION_OBJECT_VERBS, **ADDRESSEE_VERBS, **LABELLING_VERBS,
                **DIRECT_OBJECT_VERBS, **INFINITIVE_VERBS}
