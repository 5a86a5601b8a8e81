"""Build pipeline/data/ner_word_clusters.npz: word -> two cluster numbers, from GiNZA's word vectors.

The named-entity model learns what a word it has seen means from its own training data; a
word it has never seen (most names in a new text) says nothing to it.  Word clusters carry
what a large corpus says instead: words used alike get the same number (シュナイダー and
フォード; 工業会 and 協議会).  The vectors are chiVe's (Works Applications, Apache-2.0) as
shipped, pruned to 20,000 rows, in the ja-ginza package (MIT); ja-ginza is a peer library of
`make eval` (requirements-eval.lock), never a dependency of the pipeline: this script is run
by hand when the clusters are rebuilt, and the pipeline reads only the arrays it writes.

The file holds, sorted, a 64-bit hash of every word (:func:`pipeline.entities.ner.features.word_hash`)
and the two cluster numbers: 460,000 words in 5 MB, read in milliseconds and looked up by
binary search, where a dictionary of the words would cost each worker 100 MB and a second.

Spherical k-means, fixed seed, over the 20,000 rows, twice (coarse and fine); every word is
given the clusters of its row.  Only words that could be (part of) a name are kept: those
holding kanji, katakana or Latin letters, 1 to 16 characters.

    .venv/bin/python tools/build_word_clusters.py
"""

from __future__ import annotations

import pathlib
import re
import sys

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "pipeline" / "data" / "ner_word_clusters.npz"
SIZES = (64, 512)
_NAME_LIKE = re.compile(r"[\u4e00-\u9fff\u30a1-\u30faA-Za-z\uff21-\uff3a\uff41-\uff5a]")


def kmeans(x: np.ndarray, k: int, seed: int = 0, iterations: int = 25) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = x[rng.choice(len(x), k, replace=False)]
    for _ in range(iterations):
        assign = (x @ centres.T).argmax(axis=1)
        for c in range(k):
            members = x[assign == c]
            if len(members):
                m = members.sum(axis=0)
                centres[c] = m / (np.linalg.norm(m) or 1.0)
    return (x @ centres.T).argmax(axis=1)


def main() -> int:
    import srsly
    from spacy.vectors import Vectors

    sys.path.insert(0, str(OUT.parents[2]))

    import ja_ginza

    vocab = pathlib.Path(ja_ginza.__file__).parent
    vocab = next(vocab.glob("ja_ginza-*")) / "vocab"
    vec = Vectors().from_disk(vocab)
    strings = srsly.read_json(vocab / "strings.json")
    from spacy.strings import hash_string

    x = np.asarray(vec.data, dtype=np.float64)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    clusters = [kmeans(x, k) for k in SIZES]
    from pipeline.entities.ner.features import word_hash

    rows: dict[int, tuple[int, int]] = {}
    for word in strings:
        if not (1 <= len(word) <= 16) or not _NAME_LIKE.search(word):
            continue
        row = vec.key2row.get(hash_string(word))
        if row is None or row < 0:
            continue
        rows[word_hash(word)] = (int(clusters[0][row]), int(clusters[1][row]))
    hashes = np.array(sorted(rows), dtype=np.uint64)
    coarse = np.array([rows[h][0] for h in hashes.tolist()], dtype=np.uint8)
    fine = np.array([rows[h][1] for h in hashes.tolist()], dtype=np.uint16)
    # Fixed dates in the zip keep the bytes the same for the same vectors.
    import io
    import zipfile

    with zipfile.ZipFile(OUT, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in (("hashes", hashes), ("coarse", coarse), ("fine", fine)):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, allow_pickle=False)
            zf.writestr(
                zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)),
                buf.getvalue(),
                compress_type=zipfile.ZIP_DEFLATED,
            )
    print(f"{len(hashes)} words -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
