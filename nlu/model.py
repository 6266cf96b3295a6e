"""Learned parts of the NLU: intent classifier, element matcher, criterion classifiers.

Each is a scikit-learn logistic regression over rule features (and, where cross-validation
on the train split says it helps, TF-IDF n-grams), with probabilities calibrated by Platt
scaling inside cross-validation (the corpus is a few hundred exchanges: isotonic
regression would overfit). A `Bundle` is what `nlu/models/<version>/model.joblib` holds.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

import numpy as np

CV_FOLDS = 5
# Per fitted "char_wb" vectorizer: its vocabulary and each word's n-gram columns in it
# (`term_counts`).
_WORD_COLUMNS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_WORD_CACHE_SIZE = 200_000


def _char_wb_ngrams(word: str, low: int, high: int) -> list[str]:
    """The n-grams scikit-learn's "char_wb" analyser takes from one word (same order)."""
    padded = f" {word} "
    grams = []
    for n in range(low, high + 1):
        offset = 0
        grams.append(padded[offset : offset + n])
        while offset + n < len(padded):
            offset += 1
            grams.append(padded[offset : offset + n])
        if offset == 0:  # a short word counts once
            break
    return grams


def term_counts(vectorizer, texts: list[str]):
    """`CountVectorizer.transform(vectorizer, texts)` for a fitted "char_wb" vectorizer: the
    same sparse counts, three times as fast. The analyser cuts the (preprocessed) text into
    words and each word into n-grams: each word's columns are looked up once and kept, and
    scipy sums the columns of each text (words repeat; texts rarely do)."""
    from scipy.sparse import coo_matrix

    if not hasattr(vectorizer, "vocabulary_"):
        vectorizer._validate_vocabulary()  # a vocabulary given, not fitted: as `transform`
    preprocess, vocabulary = vectorizer.build_preprocessor(), vectorizer.vocabulary_
    known = _WORD_COLUMNS.get(vectorizer)
    if known is None or known[0] is not vocabulary or len(known[1]) > _WORD_CACHE_SIZE:
        known = _WORD_COLUMNS[vectorizer] = (vocabulary, {})  # new, refitted or full
    words = known[1]
    low, high = vectorizer.ngram_range
    columns: list[int] = []
    ends: list[int] = []
    for text in texts:
        for word in vectorizer._white_spaces.sub(" ", preprocess(vectorizer.decode(text))).split():
            found = words.get(word)
            if found is None:
                found = words[word] = tuple(
                    vocabulary[g] for g in _char_wb_ngrams(word, low, high) if g in vocabulary
                )
            columns.extend(found)
        ends.append(len(columns))
    rows = np.repeat(np.arange(len(texts)), np.diff(ends, prepend=0))
    counts = coo_matrix(
        (
            np.ones(len(columns), dtype=vectorizer.dtype),
            (rows, np.asarray(columns, dtype=np.int64)),
        ),
        shape=(len(texts), len(vocabulary)),
    ).tocsr()
    counts.sum_duplicates()
    counts.sort_indices()
    if vectorizer.binary:
        counts.data.fill(1)
    return counts


def transform_texts(vectorizer, texts: list[str]):
    """`vectorizer.transform(texts)`, by `term_counts` for the "char_wb" analyser."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if (
        vectorizer.analyzer != "char_wb"
        or vectorizer.input != "content"
        or not texts
        or isinstance(texts, str)  # scikit-learn's error
    ):
        return vectorizer.transform(texts)
    counts = term_counts(vectorizer, texts)
    if isinstance(vectorizer, TfidfVectorizer):
        return vectorizer._tfidf.transform(counts, copy=False)
    return counts


def _logistic(c: float = 1.0, balanced: bool = False):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced" if balanced else None)


def _linear_svm(c: float = 0.5):
    # lbfgs logistic regression needs seconds per fit on 20,000 sparse n-gram columns here;
    # a linear SVM fits in milliseconds and Platt scaling turns its margins into probabilities.
    from sklearn.svm import LinearSVC

    return LinearSVC(C=c)


def _calibration_folds(labels: np.ndarray) -> int:
    counts = np.unique(labels, return_counts=True)[1]
    return int(min(CV_FOLDS, counts.min())) if len(counts) > 1 else 0


def calibrated(estimator, y, always: int = 0) -> object:
    """Platt-calibrated estimator when every class has enough examples, else the bare one.

    The last `always` labels are extra examples (invented probes): they are learnt in every
    calibration fold and never calibrate, so the probabilities keep the corpus's own
    proportions (scikit-learn's folds, unshuffled, would put them all in the last folds)."""
    from sklearn.calibration import CalibratedClassifierCV

    y = np.asarray(y)
    own = y[: len(y) - always]
    if always and set(own.tolist()) == set(y.tolist()) and (folds := _calibration_folds(own)) >= 2:
        from sklearn.model_selection import StratifiedKFold

        extra = np.arange(len(own), len(y))
        splits = [
            (np.concatenate([train, extra]), test)
            for train, test in StratifiedKFold(folds).split(np.zeros(len(own)), own)
        ]
        return CalibratedClassifierCV(estimator, method="sigmoid", cv=splits)
    folds = _calibration_folds(y)
    if folds >= 2:
        return CalibratedClassifierCV(estimator, method="sigmoid", cv=folds)
    return estimator


def _label(value) -> str:
    return (
        {True: "true", False: "false", None: "null"}.get(value, value)
        if not isinstance(value, str)
        else value
    )


def _unlabel(value):
    return (
        {"true": True, "false": False, "null": None}.get(value, value)
        if isinstance(value, str)
        else value
    )


class Constant:
    """Stands in for a classifier when training saw a single class."""

    def __init__(self, label) -> None:
        self.classes_ = np.array([label], dtype=object)

    def fit(self, x, y):
        return self

    def predict_proba(self, x):
        return np.ones((x.shape[0], 1))


# Feature values `transform_dicts` takes as numbers: those scikit-learn takes as numbers
# (`numbers.Number`, so not `np.bool_`), and only those; others go to scikit-learn.
_NUMBERS = frozenset({float, int, bool, np.float64, np.float32, np.int64})


def transform_dicts(vectorizer, rows: list[dict]):
    """`DictVectorizer.transform(rows)` for a fitted vectorizer and rows of numbers only
    (every feature dict here): the same sparse matrix, explicit zeros kept and indices
    sorted, of the type scikit-learn's `sparse_interface` setting asks for, without its
    type checks on every value. A string, a list or None anywhere, no row at all or an
    unfitted vectorizer leave the work (or the error) to scikit-learn."""
    from collections.abc import Mapping

    from scipy.sparse import csr_array, csr_matrix
    from sklearn import get_config

    rows = [rows] if isinstance(rows, Mapping) else list(rows)
    vocabulary = getattr(vectorizer, "vocabulary_", None)
    if not rows or vocabulary is None:
        return vectorizer.transform(rows)
    indices: list[int] = []
    values: list = []
    indptr = [0]
    for row in rows:
        for name, value in row.items():
            if type(value) not in _NUMBERS:
                return vectorizer.transform(rows)
            column = vocabulary.get(name)
            if column is not None:
                indices.append(column)
                values.append(value)
        indptr.append(len(indices))
    # Built as scikit-learn builds it (an array, then the interface asked for), with the
    # same index types.
    matrix = csr_array(
        (values, np.array(indices, dtype=np.intc), indptr),
        shape=(len(rows), len(vocabulary)),
        dtype=vectorizer.dtype,
    )
    matrix.sort_indices()
    if get_config().get("sparse_interface", "spmatrix") == "spmatrix":
        matrix = csr_matrix(matrix)
    return matrix


@dataclass
class TabularModel:
    """DictVectorizer (+ optional TF-IDF over texts) then a calibrated logistic regression."""

    use_text: bool = False
    c: float = 1.0
    balanced: bool = False
    vectorizer: object = None
    text_vectorizer: object = None
    classifier: object = None

    def _matrix(self, rows: list[dict], texts: list[str] | None, fit: bool):
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.feature_extraction.text import TfidfVectorizer

        if fit:
            self.vectorizer = DictVectorizer(sparse=True)
            x = self.vectorizer.fit_transform(rows)
        else:
            x = transform_dicts(self.vectorizer, rows)
        x = csr_matrix(x)
        if self.use_text:
            if fit:
                self.text_vectorizer = TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    min_df=2,
                    sublinear_tf=True,
                    max_features=20000,
                )
                t = self.text_vectorizer.fit_transform(texts)
            else:
                t = transform_texts(self.text_vectorizer, texts)
            x = hstack([x, t]).tocsr()
        return x

    def fit(
        self, rows: list[dict], y: list, texts: list[str] | None = None, always: int = 0
    ) -> TabularModel:
        """Fit on `rows`; the last `always` rows are extra examples, never calibrating
        (`calibrated`)."""
        x = self._matrix(rows, texts, fit=True)
        labels = np.asarray(y, dtype=object)
        if len(set(labels.tolist())) < 2:
            self.classifier = Constant(_label(labels[0]))
            return self
        labels = np.asarray([_label(v) for v in labels.tolist()], dtype=object)
        base = _linear_svm(0.1 * self.c) if self.use_text else _logistic(self.c, self.balanced)
        self.classifier = calibrated(base, labels, always)
        self.classifier.fit(x, labels)
        return self

    @property
    def classes(self) -> list:
        """Class labels as plain values (True, False, None or strings)."""
        return [_unlabel(c) for c in self.classifier.classes_]

    def predict_proba(self, rows: list[dict], texts: list[str] | None = None) -> np.ndarray:
        if not rows:
            return np.zeros((0, len(self.classes)))
        return self.classifier.predict_proba(self._matrix(rows, texts, fit=False))


class SharedMatrices:
    """Vectorises a batch once for every criterion model: one pass over the feature dicts
    and one character n-gram count over the texts, on the union of the models'
    vocabularies; each model then takes its own columns (and its own IDF and norm), which
    gives exactly what its vectorizers would, without thirteen passes over the rows."""

    def __init__(self, models) -> None:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.feature_extraction.text import CountVectorizer

        models = [m for m in models if isinstance(m, TabularModel) and m.vectorizer]
        names = sorted({n for m in models for n in m.vectorizer.feature_names_})
        self.rows = DictVectorizer(sparse=True)
        self.rows.feature_names_ = names
        self.rows.vocabulary_ = {n: i for i, n in enumerate(names)}
        self.columns = {
            id(m): np.array([self.rows.vocabulary_[n] for n in m.vectorizer.feature_names_])
            for m in models
        }
        texted = [m for m in models if m.use_text and m.text_vectorizer is not None]
        settings = {
            (v.analyzer, v.ngram_range, v.lowercase, v.strip_accents)
            for v in (m.text_vectorizer for m in texted)
        }
        self.texts = None
        self.text_columns: dict[int, np.ndarray] = {}
        if len(settings) == 1:  # one analysis serves every text model
            (analyzer, ngrams, lowercase, accents) = settings.pop()
            terms = sorted({t for m in texted for t in m.text_vectorizer.vocabulary_})
            self.texts = CountVectorizer(
                analyzer=analyzer, ngram_range=ngrams, lowercase=lowercase,
                strip_accents=accents, vocabulary={t: i for i, t in enumerate(terms)},
            )  # fmt: skip
            for m in texted:
                order = sorted(m.text_vectorizer.vocabulary_.items(), key=lambda kv: kv[1])
                self.text_columns[id(m)] = np.array(
                    [self.texts.vocabulary[t] for t, _ in order], dtype=int
                )

    def transform(self, rows: list[dict], texts: list[str]) -> tuple:
        """The batch's shared matrices, to slice with `predict_proba`."""
        counts = transform_texts(self.texts, texts).tocsc() if self.texts is not None else None
        return transform_dicts(self.rows, rows).tocsc(), counts

    def covers(self, model) -> bool:
        """Whether `predict_proba` can serve this model (else call its own)."""
        return id(model) in self.columns and (not model.use_text or id(model) in self.text_columns)

    def predict_proba(self, model: TabularModel, shared: tuple, which: list[int]) -> np.ndarray:
        """`model.predict_proba` on rows `which` of the batch (a model it `covers`)."""
        from scipy.sparse import csr_matrix, hstack

        rows, counts = shared
        x = csr_matrix(rows[:, self.columns[id(model)]])[which]
        if model.use_text:
            c = csr_matrix(counts[:, self.text_columns[id(model)]])[which]
            x = hstack([x, model.text_vectorizer._tfidf.transform(c.astype(np.float64))]).tocsr()
        return model.classifier.predict_proba(x)


@dataclass
class IntentModel:
    """Reply intent: char and word TF-IDF of the normalised text plus span counts."""

    vectorizers: list = field(default_factory=list)
    features: object = None
    classifier: object = None

    def _matrix(self, texts: list[str], rows: list[dict], fit: bool):
        from scipy.sparse import hstack
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.feature_extraction.text import TfidfVectorizer

        if fit:
            self.vectorizers = [
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    min_df=1,
                    sublinear_tf=True,
                    max_features=40000,
                ),
                TfidfVectorizer(
                    analyzer="word", ngram_range=(1, 2), min_df=1, sublinear_tf=True, lowercase=True
                ),
            ]
            self.features = DictVectorizer()
            blocks = [v.fit_transform(texts) for v in self.vectorizers] + [
                self.features.fit_transform(rows)
            ]
        else:
            blocks = [transform_texts(v, texts) for v in self.vectorizers] + [
                transform_dicts(self.features, rows)
            ]
        return hstack(blocks).tocsr()

    def fit(self, texts: list[str], rows: list[dict], labels: list[str]) -> IntentModel:
        x = self._matrix(texts, rows, fit=True)
        self.classifier = calibrated(_linear_svm(0.5), labels)
        self.classifier.fit(x, np.asarray(labels, dtype=object))
        return self

    @property
    def classes(self) -> list[str]:
        return list(self.classifier.classes_)

    def predict_proba(self, texts: list[str], rows: list[dict]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.classes)))
        return self.classifier.predict_proba(self._matrix(texts, rows, fit=False))


@dataclass
class CriterionModel:
    """How one criterion is decided: by its rule or by a learned model (chosen on train CV)."""

    mode: str  # "rule" or "learned"
    model: TabularModel | None = None
    # Precision of the rule per decided value on train: the rule's calibrated confidence.
    rule_precision: dict = field(default_factory=dict)
    cv: dict = field(default_factory=dict)


@dataclass
class Bundle:
    """Everything `Grader` needs besides spaCy; saved with joblib."""

    version: str
    intent: IntentModel
    element: TabularModel
    criteria: dict[str, CriterionModel]
    known_words: frozenset[str]
    metadata: dict = field(default_factory=dict)
    idf: dict = field(default_factory=dict)  # lemma -> IDF over train reply sentences
    memory: dict = field(default_factory=dict)  # scenario:element -> labelled neighbours


def expected_calibration_error(confidences, correct, bins: int = 10) -> float:
    """ECE: mean |accuracy - confidence| over equal-width confidence bins, weighted."""
    conf = np.asarray(confidences, dtype=float)
    ok = np.asarray(correct, dtype=float)
    if conf.size == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        mask = (conf > low) & (conf <= high) if low > 0 else (conf >= low) & (conf <= high)
        if mask.any():
            total += mask.sum() * abs(ok[mask].mean() - conf[mask].mean())
    return float(total / conf.size)
