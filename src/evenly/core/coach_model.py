"""The coach's learned reading: how likely a sentence is to land as blame or contempt, and why.

The rules in `evenly.core.coach` catch wordings someone thought of; people find endless others
("Lift a bloody finger.", "Want a medal for making toast?"). This is a logistic regression over
the sentence's words, word pairs and four-letter pieces of words (which carry typos and word
forms: "lazy", "laziest", "lazzy"), and over the sentence's meaning as a whole: its frozen
all-MiniLM-L6-v2 embedding (`evenly.core.embed`, the one the stereotype lens uses), which
carries wordings no training sentence had ("Whose turn did you think it was, the cat's?").
It is trained on the labelled coach sentences with GEST's first-person sentences as fine
examples (`make coach-model`; see `data/coach_model.md`).

It stays explainable: a linear model's score is a sum, so each word of the sentence gets its
share and a reading names the phrases that carried it; when the sentence as a whole carried
more than its words, the reading says so and names the kind of harshness by the sentence's
shape (an order, a question that is not a question, sarcasm, an insult, "for once"). Nothing
here looks at who wrote the sentence or to whom. The weights are loaded once; a call costs a
few dozen dictionary look-ups and one embedding (about 5 ms on one CPU thread).
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt

MODEL_FILE = "coach_model.csv"
FORMAT = "evenly-coach-model-2"
# The weights of the sentence embedding (`evenly.core.embed`) are rows "e:0" … "e:383".
EMBEDDING_PREFIX = "e:"
# The embedding is multiplied by this before it meets its weights: it has length 1 while a
# sentence has dozens of word features, and stochastic gradient descent with one rate for both
# would leave the embedding's weights too small to matter (cross-validated: 4, 8 and 16 catch
# 0.917, 0.921 and 0.902 of the harsh sentences at threshold 0.5; 0 catches 0.893). With dev5's
# more varied sentences, `l2` 0.003 and the threshold each may use (GEST within 1.5 %), 5 and 6
# catch 0.916 and 0.906 (on a first part of dev5, 4, 5, 6 and 12 caught 0.917, 0.920, 0.921 and
# 0.897; 8 with the earlier `l2` 0.001 caught 0.895).
EMBEDDING_SCALE = 5.0

Vector = npt.NDArray[np.float32]
# Weights are written with this many decimals, so the file is the same bytes on every rebuild.
DECIMALS = 4

# A word (letters or digits, with an apostrophe inside: "you're", "don’t"), or a mark that
# carries tone: a question or exclamation mark, an asterisk (*sigh*), an eye-roll.
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[?!*]|🙄")
START, END = "<s>", "</s>"
# How many phrases a reading names at most, and how strong (against the strongest) one must be.
MAX_NAMED = 3
NAMED_SHARE = 0.25


@dataclass(frozen=True)
class Token:
    """A word or mark of the text: its normalised form and where it stands."""

    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        """Whether this is a word (not a mark such as "?")."""
        return self.text[0].isalnum()


def tokens(text: str) -> list[Token]:
    """The words and marks of `text`, lower-cased, curly apostrophes made straight."""
    return [
        Token(m.group().lower().replace("’", "'"), m.start(), m.end())
        for m in _TOKEN.finditer(text)
    ]


def features(toks: Sequence[Token]) -> dict[str, tuple[int, ...]]:
    """The features present in a sentence, each with the indices of the tokens it covers.

    `w:` a word or mark, `b:` two neighbours (with the start and end of the sentence, so "stop
    being" at the start differs from the middle), `c:` four letters of a word padded with "_".
    """
    found: dict[str, tuple[int, ...]] = {}
    names = [START, *(t.text for t in toks), END]
    for i, tok in enumerate(toks):
        found.setdefault("w:" + tok.text, (i,))
        if tok.is_word and len(tok.text) > 2:
            padded = f"_{tok.text}_"
            for j in range(len(padded) - 3):
                found.setdefault("c:" + padded[j : j + 4], (i,))
    for k in range(len(names) - 1):
        covered = tuple(i for i in (k - 1, k) if 0 <= i < len(toks))
        found.setdefault(f"b:{names[k]} {names[k + 1]}", covered)
    # Kinds of words ("k:"), so that an insult or a warm word never seen in training still
    # counts, and the same kind close after "you" ("you … slob") counts again.
    words = [t for t in toks if t.is_word]
    if words and KINDS.get(words[0].text) == "order":
        found.setdefault("k:starts~order", (toks.index(words[0]),))
    if sum(1 for t in toks if t.text in _YOU) >= 2:
        found.setdefault("k:you~you", tuple(i for i, t in enumerate(toks) if t.text in _YOU))
    # "We" with no "you": the sentence is about the two together ("For once we did the bins
    # early."), which the embedding alone reads much like "Do the bins for once."
    if not any(t.text in _YOU for t in toks):
        ours = tuple(i for i, t in enumerate(toks) if t.text in _WE)
        if ours:
            found.setdefault("k:we~no-you", ours)
    last_you = -10
    for i, tok in enumerate(toks):
        if tok.text in _YOU:
            last_you = i
        kind = KINDS.get(tok.text)
        if kind is None:
            continue
        found.setdefault("k:" + kind, (i,))
        if 0 < i - last_you <= 3:
            found.setdefault("k:you~" + kind, (last_you, i))
    return found


def _kind(name: str, words: str) -> dict[str, str]:
    return dict.fromkeys(words.split(), name)


# General vocabularies, not sentences: words that name a person's worth, warm words, soft words
# of a request, words of everything and nothing, and words that often carry mockery.
KINDS: dict[str, str] = {
    **_kind(
        "insult",
        "idiot idiots moron morons slob slobs pig pigs loser losers muppet numpty git cow prat "
        "twit twat clown fool jerk brat lump oaf imbecile cretin dumbass dummy dimwit halfwit "
        "nitwit parasite leech pathetic useless hopeless lazy lazier laziest selfish stupid "
        "thick dumb incompetent worthless disgusting childish immature spoilt spoiled "
        "inconsiderate thoughtless irresponsible unreliable careless ungrateful slacker "
        "layabout freeloader sponger liability disgrace embarrassment martyr nag lazybones "
        "useles stupidest dumbest bum scrounger waster pillock plonker wally div dope dolt "
        "buffoon numbskull nincompoop doormat cheapskate tightwad weirdo psycho mental crazy "
        "insane ridiculous absurd clueless witless spineless gutless feckless helpless "
        "pitiful sad rubbish terrible awful horrible hopeless worst bastard bitch arse ass "
        "arsehole asshole prick dick cunt shit crap bloody damn hell fucking fuck piss",
    ),
    **_kind(
        "warm",
        "love loved lovely thank thanks thankyou grateful appreciate appreciated kind proud "
        "wonderful star sweet happy glad brilliant amazing great beautiful fab fabulous "
        "gorgeous thoughtful generous patient caring darling sweetheart hun babe xx x "
        "enjoyed enjoy fun lucky",
    ),
    **_kind(
        "soft",
        "please could would willing mind maybe perhaps shall let's might possibly wondering "
        "fancy okay ok if",
    ),
    **_kind(
        "feel",
        "feel feeling felt feels hurt sad worried anxious overwhelmed exhausted tired lonely "
        "frustrated stressed upset scared need needs",
    ),
    **_kind(
        "total",
        "always never everything nothing every ever anything all once constantly forever "
        "everyone nobody",
    ),
    **_kind(
        "mess",
        "mess messy tip pigsty state filth filthy dump disaster chaos bombsite sty crap junk "
        "rubbish",
    ),
    **_kind(
        "servant",
        "maid servant slave skivvy cleaner butler chauffeur secretary housekeeper mother mum "
        "mom mummy mommy nanny babysitter doormat",
    ),
    **_kind(
        "excuse",
        "excuses excuse moaning moan whinging whining whine sulking sulk nagging lying lie "
        "pretending pretend ignoring ignore slacking skiving hiding dodging",
    ),
    **_kind(
        "idle",
        "finger backside arse bum butt sofa couch settee phone weight share bit effort "
        "lifting lift sitting sit scrolling",
    ),
    **_kind(
        "again",
        "again still yet anymore usual typical same forever",
    ),
    **_kind(
        "order",
        "stop quit get put take do make clean pick tidy wash try grow act use think deal shut "
        "knock go start sort empty hang wake open help clear cook move",
    ),
    **_kind(
        "mock",
        "finally actually medal miracle miracles wow shock surprise congratulations congrats "
        "bravo genius hero parade trophy award applause clap oh aww sure right obviously "
        "clearly supposed lol haha diddums",
    ),
}


@dataclass(frozen=True)
class Model:
    """Weights per feature, a bias, and the probability at which a sentence is flagged."""

    weights: dict[str, float]
    bias: float
    threshold: float
    # Weights of the sentence embedding (empty: the model reads words only).
    embedding: tuple[float, ...] = ()

    def score(self, feats: dict[str, tuple[int, ...]]) -> float:
        """The log-odds from the words alone (with the bias)."""
        w = self.weights
        return self.bias + sum(w.get(f, 0.0) for f in feats)

    def sentence_score(self, vector: Vector | None) -> float:
        """The log-odds the sentence as a whole adds (its embedding against its weights)."""
        if not self.embedding or vector is None:
            return 0.0
        weights = np.asarray(self.embedding, dtype=np.float64)
        return float(weights @ vector.astype(np.float64)) * EMBEDDING_SCALE

    def probability(self, text: str, vector: Vector | None = None) -> float:
        """How likely `text` is to land as blame or contempt, from 0 to 1 (`vector`: its
        embedding, computed here when the model uses one and none is given)."""
        if self.embedding and vector is None:
            vector = _embed_one(text)
        return _sigmoid(self.score(features(tokens(text))) + self.sentence_score(vector))

    def to_csv(self) -> str:
        """The model as CSV text: a header, the format, bias and threshold, then each feature
        with a non-zero weight in sorted order, so one model is always the same bytes."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["feature", "weight"])
        writer.writerow(["@format", FORMAT])
        writer.writerow(["@bias", _fixed(self.bias)])
        writer.writerow(["@threshold", _fixed(self.threshold)])
        for i, value in enumerate(self.embedding):
            writer.writerow([f"{EMBEDDING_PREFIX}{i}", _fixed(value)])
        for name in sorted(self.weights):
            if round(self.weights[name], DECIMALS) != 0:
                writer.writerow([name, _fixed(self.weights[name])])
        return out.getvalue()

    @classmethod
    def from_csv(cls, text: str) -> Model:
        """The model written by `to_csv`; ValueError naming the line for anything else."""
        rows = list(csv.reader(io.StringIO(text)))
        if not rows or rows[0] != ["feature", "weight"]:
            raise ValueError("a coach model starts with the header feature,weight")
        meta: dict[str, str] = {}
        weights: dict[str, float] = {}
        embedding: dict[int, float] = {}
        for line, row in enumerate(rows[1:], 2):
            if len(row) != 2:
                raise ValueError(f"coach model line {line}: expected 2 columns")
            name, value = row
            if name.startswith("@"):
                meta[name] = value
                continue
            try:
                number = float(value)
            except ValueError:
                raise ValueError(f"coach model line {line}: {value!r} is not a number") from None
            if name.startswith(EMBEDDING_PREFIX):
                embedding[int(name.removeprefix(EMBEDDING_PREFIX))] = number
            else:
                weights[name] = number
        if meta.get("@format") != FORMAT:
            raise ValueError(f"not a coach model of format {FORMAT}")
        if sorted(embedding) != list(range(len(embedding))):
            raise ValueError("coach model: the embedding weights e:0 … must have no gaps")
        vector = tuple(embedding[i] for i in range(len(embedding)))
        return cls(weights, float(meta["@bias"]), float(meta["@threshold"]), vector)


def _embed_one(text: str) -> Vector:
    # Imported here: the embedder loads onnxruntime, which a model of words alone never needs.
    from evenly.core.embed import embed

    vector: Vector = embed([text])[0]
    return vector


def _fixed(value: float) -> str:
    text = f"{round(value, DECIMALS):.{DECIMALS}f}"
    return "0.0000" if text == "-0.0000" else text


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@cache
def shipped() -> Model:
    """The model shipped in `evenly/core/data`, read once."""
    text = resources.files("evenly.core").joinpath("data", MODEL_FILE).read_text("utf-8")
    return Model.from_csv(text)


# -- why: the words that carried a reading ---------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """The model's reading of one sentence: how likely it lands as blame or contempt, whether
    that passes the threshold, the phrases that carried it (strongest first), and the kind of
    gentler wording that fits its shape."""

    probability: float
    flagged: bool
    phrases: tuple[tuple[int, int], ...]
    words: tuple[str, ...]
    shape: str
    # Whether the sentence as a whole (its embedding) pushed towards blame more than its
    # words did: then the reading is explained by its kind (`shape`) more than by its phrases.
    whole: bool = False


def read(text: str, model: Model | None = None, vector: Vector | None = None) -> Reading:
    """The model's reading of `text` (the shipped model unless one is given; `vector` is the
    text's embedding, computed when the model uses one and none is given)."""
    model = model or shipped()
    toks = tokens(text)
    feats = features(toks)
    if model.embedding and vector is None and toks:
        vector = _embed_one(text)
    sentence = model.sentence_score(vector)
    p = _sigmoid(model.score(feats) + sentence)
    flagged = p >= model.threshold
    share = [0.0] * len(toks)
    for name, covered in feats.items():
        weight = model.weights.get(name, 0.0)
        for i in covered:
            share[i] += weight / len(covered)
    phrases = _phrases(toks, share)
    return Reading(
        probability=p,
        flagged=flagged,
        phrases=tuple((toks[a].start, toks[b].end) for a, b, _ in phrases),
        words=tuple(text[toks[a].start : toks[b].end] for a, b, _ in phrases),
        shape=_shape(toks),
        whole=sentence > sum(s for s in share if s > 0),
    )


def _phrases(toks: Sequence[Token], share: Sequence[float]) -> list[tuple[int, int, float]]:
    """Runs of neighbouring tokens that each push towards blame, as (first, last, weight),
    strongest first; only runs with a word in them, at most `MAX_NAMED`."""
    runs: list[tuple[int, int, float]] = []
    small: list[tuple[int, int, float]] = []
    i = 0
    while i < len(toks):
        if share[i] <= 0:
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and share[j + 1] > 0:
            j += 1
        # A run is named by its telling words: marks ("?") and small words ("you", "the") at
        # its edges count towards it but are not quoted, unless nothing else is left.
        a, b = _trim(toks, i, j, _telling)
        if a <= b:
            runs.append((a, b, sum(share[i : j + 1])))
        else:
            a, b = _trim(toks, i, j, lambda t: t.is_word)
            if a <= b:
                small.append((a, b, sum(share[i : j + 1])))
        i = j + 1
    # Runs of small words only ("… like you.") are named only when there is nothing else.
    runs = runs or small
    runs.sort(key=lambda r: (-r[2], r[0]))
    if not runs:
        return []
    strongest = runs[0][2]
    return [r for r in runs[:MAX_NAMED] if r[2] >= NAMED_SHARE * strongest]


_SMALL = frozenset(
    {"you", "your", "you're", "u", "ur", "youre", "the", "a", "an", "i", "i'm", "to", "and",
     "of", "it", "it's", "is", "are", "be", "me", "my", "we", "just", "really", "like", "with",
     "in", "on", "at", "this", "that", "so", "was", "were"}
)  # fmt: skip


def _telling(tok: Token) -> bool:
    return tok.is_word and tok.text not in _SMALL


def _trim(toks: Sequence[Token], a: int, b: int, keep: Callable[[Token], bool]) -> tuple[int, int]:
    """The run a..b without the tokens at its edges that `keep` rejects (a > b: none left)."""
    while a <= b and not keep(toks[a]):
        a += 1
    while b >= a and not keep(toks[b]):
        b -= 1
    return a, b


# Words an order may start with before its verb: "Just stop …", "Oh, get …".
_LEAD_INS = frozenset({"just", "now", "oh", "so", "come", "seriously", "honestly", "please"})
_QUESTION_WORDS = frozenset(
    {"why", "how", "who", "what", "when", "is", "are", "am", "do", "does", "did", "can", "could",
     "would", "will", "have", "has", "was", "were", "should", "must", "want"}
)  # fmt: skip
_SARCASM = frozenset(
    {"thanks", "thank", "cheers", "great", "wow", "brilliant", "fantastic", "lovely", "amazing",
     "nice", "congratulations", "congrats", "medal", "bravo", "sure", "oh", "poor", "perfect",
     "marvellous", "marvelous", "wonderful", "super", "charming", "terrific", "splendid",
     "lucky", "fab", "gee", "ta"}
)  # fmt: skip
_YOU = frozenset({"you", "you're", "your", "u", "ur", "youre", "you've", "you'd", "you'll"})
_WE = frozenset({"we", "we're", "we've", "we'll", "we'd", "let's", "us", "our"})


def shape(text: str) -> str:
    """The kind of sentence `text` is (see `_shape`)."""
    return _shape(tokens(text))


_FOR_ONCE = re.compile(r"\b(?:for once|for a change|just this once|once in a while)\b")


def _shape(toks: Sequence[Token]) -> str:
    """What kind of sentence it is, for the explanation and the gentler wording: sarcasm, "for
    once", a question, an insult, words about the partner, an order, or something else."""
    words = [t.text for t in toks if t.is_word]
    if not words:
        return "plain"
    if words[0] in _SARCASM or any(t.text == "🙄" for t in toks):
        return "sarcasm"
    if _FOR_ONCE.search(" ".join(words)):
        return "once"
    if toks[-1].text == "?" or words[0] in _QUESTION_WORDS:
        return "question"
    if any(KINDS.get(w) == "insult" for w in words) and any(w in _YOU for w in words):
        return "insult"
    if words[0] in _YOU:
        return "person"
    first = words[1] if words[0] in _LEAD_INS and len(words) > 1 else words[0]
    if KINDS.get(first) == "order":
        return "order"
    return "plain"


# -- training ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """A sentence and whether it lands as blame or contempt."""

    text: str
    harsh: bool


def _order(key: str, texts: Sequence[str]) -> list[int]:
    """The indices of `texts` in an order fixed by a hash: the same on every run and machine."""
    return sorted(
        range(len(texts)),
        key=lambda i: (hashlib.sha256(f"{key}\n{texts[i]}".encode()).hexdigest(), i),
    )


def train(
    examples: Sequence[Example],
    *,
    vectors: Vector | None = None,
    threshold: float = 0.5,
    epochs: int = 30,
    rate: float = 0.05,
    l2: float = 3e-3,
    positive_weight: float = 2.0,
    min_count: int = 2,
) -> Model:
    """A logistic regression fitted by stochastic gradient descent, deterministically.

    The examples are visited in an order fixed by a hash of each sentence and the epoch (no
    random generator), features seen in fewer than `min_count` sentences are left out, and a
    blaming example counts `positive_weight` times (there are fewer of them). `l2` 0.003 rather
    than 0.001 caught 0.01 more in cross-validation with dev5 (0.01 did no better). With `vectors`
    (one embedding a row, in the order of `examples`) the sentence embedding gets weights too,
    learned in the same steps. The same examples always give the same weights.
    """
    texts = [e.text for e in examples]
    feats = [list(features(tokens(t))) for t in texts]
    counts: dict[str, int] = {}
    for fs in feats:
        for f in fs:
            counts[f] = counts.get(f, 0) + 1
    kept = [[f for f in fs if counts[f] >= min_count] for fs in feats]
    weights: dict[str, float] = {}
    bias = 0.0
    dense = None if vectors is None else vectors.astype(np.float64) * EMBEDDING_SCALE
    v = np.zeros(0 if dense is None else dense.shape[1], dtype=np.float64)
    step = 0
    for epoch in range(epochs):
        for i in _order(f"epoch {epoch}", texts):
            step += 1
            lr = rate / (1.0 + 0.05 * step / max(1, len(texts)) * 10)
            fs = kept[i]
            z = bias + sum(weights.get(f, 0.0) for f in fs)
            if dense is not None:
                z += float(v @ dense[i])
            y = 1.0 if examples[i].harsh else 0.0
            g = (_sigmoid(z) - y) * (positive_weight if y else 1.0)
            bias -= lr * g
            for f in fs:
                w = weights.get(f, 0.0)
                weights[f] = w - lr * (g + l2 * w)
            if dense is not None:
                v -= lr * (g * dense[i] + l2 * v)
    rounded = {f: round(w, DECIMALS) for f, w in weights.items()}
    return Model(
        {f: w for f, w in rounded.items() if w != 0},
        round(bias, DECIMALS),
        threshold,
        tuple(round(float(x), DECIMALS) for x in v),
    )


def stratified_folds(examples: Sequence[Example], k: int) -> list[int]:
    """A fold (0 to k-1) for each example: blaming and fine ones dealt out in turn, in an order
    fixed by a hash, so each fold holds the same share of both."""
    fold = [0] * len(examples)
    for harsh in (True, False):
        chosen = [i for i, e in enumerate(examples) if e.harsh is harsh]
        ordered = _order("folds", [examples[i].text for i in chosen])
        for n, j in enumerate(ordered):
            fold[chosen[j]] = n % k
    return fold


def cross_validated(
    examples: Sequence[Example], k: int = 5, vectors: Vector | None = None
) -> list[float]:
    """Each example's probability from a model trained without its fold (stratified, k folds):
    an honest view of how the model does on sentences it has not seen. `vectors`: the
    examples' embeddings (one a row), for a model that reads them too."""
    fold = stratified_folds(examples, k)
    out = [0.0] * len(examples)
    for f in range(k):
        train_at = [i for i, g in enumerate(fold) if g != f]
        model = train(
            [examples[i] for i in train_at],
            vectors=None if vectors is None else vectors[train_at],
        )
        for i, e in enumerate(examples):
            if fold[i] == f:
                out[i] = model.probability(e.text, None if vectors is None else vectors[i])
    return out


HARSH_RULES = frozenset({"blame", "contempt"})
# The threshold is the lowest of these at which, in cross-validation, rules and model together
# flag at most `MAX_GEST_RATE` of GEST's fine first-person sentences (the goal is 2 %; the
# rest is room for other writers' sentences) and at most `MAX_LOOKALIKE_RATE` of the labelled
# fine sentences, which were written to look like blame ("Stop by the shop", "Have you ever
# been to Lisbon?", "Thanks ever so much for helping with the move") and so are far harder
# than everyday text; a note the writer may ignore on one in five of those costs less than
# blame let through. Rounds before issue 18's fourth kept GEST at 1 %; 1.5 % buys recall on
# new wordings (cross-validated in `benchmarks/results/coach.md`).
THRESHOLDS = tuple(t / 100 for t in range(30, 100, 5))
MAX_GEST_RATE = 0.015
MAX_LOOKALIKE_RATE = 0.20


def training_examples(
    labelled: Sequence[tuple[str, frozenset[str]]], fine: Sequence[str]
) -> tuple[list[Example], list[str]]:
    """The examples to learn from, each with where it came from ("harsh", "lookalike", "gest").

    A labelled sentence is harsh when blame or contempt is among its rules, and fine when it
    has no rule at all; one with only other rules (always/never, "you should" …) is neither,
    and is left out. `fine` are sentences known to be fine (GEST's first-person sentences).
    """
    examples: list[Example] = []
    origin: list[str] = []
    for text, rules in labelled:
        if rules & HARSH_RULES:
            examples.append(Example(text, True))
            origin.append("harsh")
        elif not rules:
            examples.append(Example(text, False))
            origin.append("lookalike")
    for text in fine:
        examples.append(Example(text, False))
        origin.append("gest")
    return examples, origin


def rates(flagged: Sequence[bool], origin: Sequence[str]) -> dict[str, float]:
    """The share flagged of each origin ("harsh": recall; the others: false flags)."""
    out: dict[str, float] = {}
    for name in sorted(set(origin)):
        mine = [f for f, o in zip(flagged, origin, strict=True) if o == name]
        out[name] = sum(mine) / len(mine)
    return out


def choose_threshold(
    probabilities: Sequence[float], by_rule: Sequence[bool], origin: Sequence[str]
) -> float:
    """The lowest of `THRESHOLDS` whose false flags (rules or model) stay within the limits."""
    for t in THRESHOLDS:
        flagged = [p >= t or r for p, r in zip(probabilities, by_rule, strict=True)]
        r = rates(flagged, origin)
        if r.get("gest", 0.0) <= MAX_GEST_RATE and r.get("lookalike", 0.0) <= MAX_LOOKALIKE_RATE:
            return t
    return THRESHOLDS[-1]
