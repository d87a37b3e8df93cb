"""General-English word lists behind the disagreement signals.

Nothing here names a particular event: these are antonymic predicates, stance
verbs, loaded labels and what casualty figures count.
"""

from __future__ import annotations

# Pairs of predicate families whose members contradict each other when said of one thing.
ANTONYM_FAMILIES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (
        frozenset({"destroy", "eliminate", "annihilate", "defeat", "repel", "repulse", "expel",
                   "rout", "crush", "neutralise", "neutralize", "wipe", "block", "retreat",
                   "withdraw", "flee", "surrender"}),
        frozenset({"continue", "advance", "liberate", "hold", "control", "remain", "present",
                   "push", "progress", "gain", "seize", "take", "capture", "occupy"}),
    ),
    (
        frozenset({"capture", "take", "seize", "fall", "conquer", "occupy", "overrun"}),
        frozenset({"present", "remain", "hold", "defend", "advance", "resist", "control",
                   "repel", "retake", "recapture"}),
    ),
    (frozenset({"win", "victory", "succeed", "success"}),
     frozenset({"lose", "loss", "fail", "failure", "defeat"})),
    (frozenset({"guilty", "culpable", "responsible"}), frozenset({"innocent", "blameless"})),
    (frozenset({"legal", "lawful", "legitimate", "permissible"}),
     frozenset({"illegal", "unlawful", "illegitimate", "criminal", "illicit"})),
    (frozenset({"increase", "rise", "grow", "soar", "climb", "surge", "double", "jump"}),
     frozenset({"decrease", "fall", "drop", "decline", "shrink", "plunge", "halve", "slump"})),
    (frozenset({"accept", "approve", "agree", "endorse", "support", "welcome", "back"}),
     frozenset({"reject", "refuse", "oppose", "deny", "veto", "condemn", "decline"})),
    (frozenset({"confirm", "acknowledge", "admit", "verify", "concede"}),
     frozenset({"deny", "dispute", "refute", "contradict", "dismiss", "rebut"})),
    (frozenset({"resign", "leave", "quit", "depart", "go", "retire", "step", "fire", "oust"}),
     frozenset({"stay", "remain", "continue", "serve"})),
    (frozenset({"true", "accurate", "correct", "real", "genuine"}),
     frozenset({"false", "inaccurate", "wrong", "fake", "untrue", "baseless", "fabricated"})),
    (frozenset({"safe", "harmless", "secure"}), frozenset({"dangerous", "harmful", "unsafe"})),
    (frozenset({"allow", "permit", "authorise", "authorize", "legalise", "legalize"}),
     frozenset({"ban", "forbid", "prohibit", "outlaw", "block"})),
    (frozenset({"alive", "survive", "living"}), frozenset({"dead", "die", "kill", "killed"})),
    (frozenset({"effective", "work", "useful", "help"}),
     frozenset({"ineffective", "useless", "futile", "stupid", "lame", "backfire"})),
    (frozenset({"open", "reopen"}), frozenset({"close", "shut"})),
    (frozenset({"start", "begin", "launch", "resume"}),
     frozenset({"stop", "end", "halt", "suspend", "cancel"})),
    (frozenset({"possible", "likely", "able"}), frozenset({"impossible", "unlikely", "unable"})),
)

# Cue and content verbs that take a side for or against something said before.
STANCE_AGAINST = frozenset({
    "deny", "reject", "dismiss", "refute", "dispute", "contradict", "rebut", "counter",
    "challenge", "disagree", "question", "doubt", "criticise", "criticize", "condemn",
    "deride", "ridicule", "contest", "repudiate", "disavow", "protest", "object",
})
STANCE_FOR = frozenset({
    "confirm", "acknowledge", "admit", "agree", "accept", "concede", "verify",
    "endorse", "corroborate", "back", "support", "affirm",
})
STANCE_INSIST = frozenset({"insist", "maintain", "claim", "assert", "allege", "argue", "contend"})

# Words in the sentence around a claim that set it against another account.
CONTRAST_MARKERS = frozenset({
    "but", "however", "despite", "although", "though", "whereas", "yet", "nevertheless",
    "contrary", "instead", "while", "rejecting", "denying", "countering", "disputing",
})

# Loaded names for one group of people: a hostile and a sympathetic family.
HOSTILE_LABELS = frozenset({
    "militant", "terrorist", "extremist", "insurgent", "saboteur", "mercenary", "bandit",
    "radical", "thug", "criminal", "infiltrator", "invader", "nationalist", "separatist",
    "jihadist", "gunman", "rioter", "looter", "illegal", "occupier", "aggressor", "murderer",
})
SYMPATHETIC_LABELS = frozenset({
    "volunteer", "partisan", "patriot", "liberator", "resistance", "activist", "fighter",
    "defender", "protester", "demonstrator", "refugee", "civilian", "hero", "martyr",
    "dissident", "freedom", "rebel", "asylum",
})

# What a casualty or count figure counts, folded onto one name.
COUNTED_SYNONYMS: dict[str, str] = {
    "dead": "killed", "died": "killed", "die": "killed", "kill": "killed", "killed": "killed",
    "death": "killed", "deaths": "killed", "fatalities": "killed", "fatality": "killed",
    "toll": "killed", "bodies": "killed", "body": "killed", "lives": "killed",
    "injured": "injured", "injure": "injured", "wounded": "injured", "wound": "injured",
    "hurt": "injured", "injuries": "injured", "injury": "injured", "casualties": "casualties",
    "evacuated": "evacuated", "evacuate": "evacuated", "evacuees": "evacuated",
    "displaced": "displaced", "homeless": "displaced",
    "missing": "missing", "arrested": "detained", "detained": "detained",
    "arrests": "detained", "captured": "detained", "prisoners": "detained",
    "downloaded": "downloads", "downloads": "downloads", "download": "downloads",
}

# Counted nouns too generic to decide what a number is about on their own.
GENERIC_COUNTED = frozenset({"people", "person", "percent", "%", "time", "times", "year",
                             "years", "day", "days", "month", "months", "week", "weeks"})

# Verbs of saying and other predicates that carry no topic.
LIGHT_PREDICATES = frozenset({
    "say", "tell", "be", "have", "do", "make", "get", "go", "come", "add", "state", "note",
    "believe", "think", "know", "want", "need", "seem", "appear", "become", "let", "put",
    "give", "take", "see", "mean", "report", "claim", "accord", "call", "use", "try",
    "also", "would", "could", "should", "will", "may", "might", "can", "must", "there",
})

NEGATION_WORDS = frozenset({"not", "n't", "never", "no", "nobody", "nothing", "none",
                            "neither", "nor", "without", "nowhere"})
