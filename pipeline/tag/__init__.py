"""Tag a document's text with the codes of the codebook, each grounded in its evidence.

The document's language is its majority language; each passage (a block between blank
lines) that is clearly in the other language (an English abstract of an Indonesian
article) is tagged with that language's cues, as a page of its own
(:func:`pipeline.language.passage_languages`). One page (or passage) at a time, so that
no span crosses a page boundary, the tagger

1. splits the page into words and punctuation marks, each with its offsets into the
   original text. Dashes separate words and are not tokens ("non-fisik" reads as
   "non fisik"); a word broken at a line end ("kemi-\\ntraan") is joined, and a
   reduplicated word ("event — event", "mitra-mitra") becomes one token of the base
   word. The rules are the project's own regular expressions: spaCy's Indonesian
   tokenizer takes 4.5 s to build and loses its cache on any special case;
2. normalises each word (cached per word form): lower case, soft hyphens out, spaCy's
   own norms (spacy-lookups-data: "yg" -> "yang", "gak" -> "tidak", British ->
   American spelling), the codebook's abbreviations ("utk", "dgn"), and OCR repair. A
   word that is neither in the language's lexicon nor a cue word, and lies one edit
   from a word some cue, context rule or the relation grammar looks for, is replaced by
   the one known word one OCR confusion (``rn``/``m``, ``1``/``l``/``i``, ``l``/``t``,
   ``0``/``o``, ``v``/``y`` ...), one dropped, lost or swapped letter away from it
   ("vyang" -> "yang", "swatsa" -> "swasta", "pe1atihan" -> "pelatihan", "goverment"
   -> "government"), when there is exactly one and the word is no derivation of a
   known root ("dibalas" stays);
3. lemmatises the normalised word. Indonesian: spaCy's lookup table (spacy-lookups-
   data), else the word itself when it is a root in Sastrawi's dictionary, else its
   root by affix stripping ("dimitrakan", "keberlanjutan", "lahannya", colloquial
   "ngawasin", which the table lacks) — Sastrawi's stemmer while the cues are
   compiled, then a fast stripper aimed at the lemmas the cues look for. English:
   spaCy's English lookup table. The codebook's synonyms are folded into one lemma
   (``ontology/lemmas.jsonl``: "selaku" reads as "sebagai", "dukungan" as "bantuan");
   then masks the tokens that are no evidence (:mod:`pipeline.tag.masks`): the words of
   names after their head ("PT Karya *Sejahtera*"), titles ("Kepala Seksi
   *Pelatihan*"), streets, link lines to other articles, quoted slogans, idioms;
4. weighs the whole document for the context rules that look at it (``topic_min``,
   ``doc_min``, ``topic``): a partnership study speaks of "masyarakat" as an actor
   anywhere, a festival notice that says "sumbangan" once does not;
5. matches the cue patterns: phrase patterns on ``NORM`` or ``LEMMA`` (set from 2 and
   3) by dictionary lookups, finding what spaCy's ``PhraseMatcher`` would without a
   ``Doc`` per page; token patterns with spaCy's ``Matcher`` in windows around their
   anchor words that hold all the words a pattern requires (token patterns see the
   normalised form as their text, so ``LOWER`` means the normalised word);
6. keeps a match only where it starts on no masked token and its pattern's context
   rule holds (see ``ontology/contexts.jsonl``), drops role and form matches that a
   negation in their clause denies ("swasta *tidak* memberikan bantuan uang") and
   proposals addressed to another sector than their rule's ("proposal *kepada
   perusahaan*" is no proposal to government), and merges overlapping matches of one
   code into one;
7. joins sectors to the roles they play and the forms they provide
   (:mod:`pipeline.tag.relations`), the clause that states it as evidence.

Evidence of a code is the matched cue phrase: ``Evidence.exact == text.text[start:end]``.

The package, a file a job, in the order a page meets them:

* ``tokens.py`` — step 1: tokens with their offsets (and :func:`indices_of`, the
  one-scan lookup every step uses);
* ``lexicon.py`` — steps 2 and 3: norms, OCR repair, lemmas, synonym folding, with
  ``affixes.py`` (Indonesian affix stripping towards the lemmas looked for);
* ``masks.py`` — the tokens that are no evidence (names, titles, link lines, idioms);
* ``pages.py`` — the tokenised page all later steps read;
* ``context.py`` — step 4 and the context rules of step 6;
* ``cues.py`` — step 5: phrase and token cue matching, and merging overlaps;
* ``sentences.py``, ``grammar.py``, ``agents.py``, ``relations.py``, ``continued.py`` —
  step 6's denials and step 7: sentences, the closed-class words read, what the words
  around a sector say of it, the clauses that join sectors to roles and forms, and the
  subjectless sentence that names who gave the forms of the one before;
* ``tagger.py`` — the steps run per language (:class:`LanguageTagger`) and per
  document (:class:`Tagger`, :func:`tag_document`).

The package imports no RDF: the graph stage turns what it returns into triples.
"""

from __future__ import annotations

from pipeline.tag.relations import Mention, PageStructure, Statement
from pipeline.tag.sentences import Sentence, split_sentences
from pipeline.tag.tagger import Tagger, default_tagger, tag_document
from pipeline.tag.tokens import indices_of

__all__ = [
    "Mention",
    "PageStructure",
    "Sentence",
    "Statement",
    "Tagger",
    "default_tagger",
    "indices_of",
    "split_sentences",
    "tag_document",
]
