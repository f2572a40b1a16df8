//! A union of queries for ranking, found clause by clause: a match is a document any
//! clause matches, scored by the scores of the clauses that match it, summed in the
//! clauses' order.
//!
//! Tantivy's own union (`BufferedUnionScorer`) reads every clause's postings a window of
//! 4,096 documents at a time, scoring each: quick to walk, dear to seek. The ranking's
//! walks mostly seek — block-max WAND over the query's parts yields a match, and the
//! query's scorer is sought to it to check and score it (`engine::Walk::Checked`, and
//! MaxScore's candidates) —, and a word common to most articles filled that window at
//! every check. Here a seek moves each clause's postings (their skip lists) and nothing
//! is scored until asked. Its sum is one order whatever the clauses' postings do (the
//! buffered union's changes its order as clauses run out), so the score of a match is
//! the same wherever it is read.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// Matches what any clause matches; scores a match by its clauses' scores summed.
#[derive(Debug)]
pub struct SumUnion {
    clauses: Vec<Box<dyn Query>>,
}

impl SumUnion {
    /// The union of `clauses`; one clause is itself.
    pub fn of(mut clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
        match clauses.len() {
            1 => clauses.remove(0),
            _ => Box::new(Self { clauses }),
        }
    }
}

impl Clone for SumUnion {
    fn clone(&self) -> Self {
        Self {
            clauses: self
                .clauses
                .iter()
                .map(|clause| clause.box_clone())
                .collect(),
        }
    }
}

impl Query for SumUnion {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|clause| clause.weight(scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(SumUnionWeight { weights }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for clause in &self.clauses {
            clause.query_terms(visitor);
        }
    }
}

struct SumUnionWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for SumUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut clauses = Vec::with_capacity(self.weights.len());
        for weight in &self.weights {
            let clause = weight.scorer(reader, boost)?;
            // A clause with nothing in this segment never adds.
            if clause.doc() != TERMINATED {
                clauses.push(clause);
            }
        }
        let doc = first(&clauses);
        Ok(Box::new(SumUnionScorer { clauses, doc }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document #({doc}) does not match"
            )));
        }
        let mut explanation = Explanation::new("the matching clauses' sum", scorer.score());
        for weight in &self.weights {
            if let Ok(clause) = weight.explain(reader, doc) {
                explanation.add_detail(clause);
            }
        }
        Ok(explanation)
    }
}

struct SumUnionScorer {
    /// In the query's order, each on its next match at or after `doc`.
    clauses: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

/// The first document any clause is on.
fn first(clauses: &[Box<dyn Scorer>]) -> DocId {
    clauses
        .iter()
        .map(|clause| clause.doc())
        .min()
        .unwrap_or(TERMINATED)
}

impl DocSet for SumUnionScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        for clause in &mut self.clauses {
            if clause.doc() == self.doc {
                clause.advance();
            }
        }
        self.doc = first(&self.clauses);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for clause in &mut self.clauses {
            if clause.doc() < target {
                clause.seek(target);
            }
        }
        self.doc = first(&self.clauses);
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    /// At most every clause's matches (what orders an intersection's clauses).
    fn size_hint(&self) -> u32 {
        self.clauses
            .iter()
            .fold(0u32, |sum, clause| sum.saturating_add(clause.size_hint()))
    }

    fn cost(&self) -> u64 {
        self.clauses.iter().map(|clause| clause.cost()).sum()
    }
}

impl Scorer for SumUnionScorer {
    fn score(&mut self) -> Score {
        let mut sum: Score = 0.0;
        for clause in &mut self.clauses {
            if clause.doc() == self.doc {
                sum += clause.score();
            }
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, STORED, Schema, TEXT};
    use tantivy::{Index, IndexWriter, doc};

    use super::*;

    /// The union finds what any clause finds, each once, scored by the clauses it has:
    /// the same documents, in the same order, as Tantivy's own union, and each score the
    /// sum of the matching clauses' own (seeking or walking alike).
    #[test]
    fn finds_and_scores_what_its_clauses_do() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT | STORED);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let texts = [
            "kuat",
            "rusia",
            "kuat rusia",
            "lain",
            "rusia rusia kuat",
            "lain lagi",
            "kuat kuat",
        ];
        for text_ in texts {
            writer.add_document(doc!(text => text_)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |word: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(text, word),
                IndexRecordOption::WithFreqs,
            ))
        };
        let words = ["kuat", "rusia", "absen"];
        let ours = SumUnion::of(words.iter().map(|w| term(w)).collect());
        let theirs = BooleanQuery::new(words.iter().map(|w| (Occur::Should, term(w))).collect());
        let top = |query: &dyn Query| -> Vec<(DocId, Score)> {
            let mut found: Vec<(DocId, Score)> = searcher
                .search(query, &TopDocs::with_limit(10).order_by_score())
                .unwrap()
                .into_iter()
                .map(|(score, address)| (address.doc_id, score))
                .collect();
            found.sort_by_key(|(doc, _)| *doc);
            found
        };
        let found = top(ours.as_ref());
        assert_eq!(
            found.iter().map(|(doc, _)| *doc).collect::<Vec<_>>(),
            vec![0, 1, 2, 4, 6]
        );
        for ((doc, score), (their_doc, their_score)) in found.iter().zip(top(&theirs)) {
            assert_eq!(*doc, their_doc);
            assert!((score - their_score).abs() < 1e-5, "{score} {their_score}");
        }
        // Each match's score is its clauses' own, summed in order, sought or walked.
        let segment = &searcher.segment_readers()[0];
        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        let own = |word: &str, doc: DocId| -> Score {
            let mut scorer = term(word)
                .weight(scoring)
                .unwrap()
                .scorer(segment, 1.0)
                .unwrap();
            if scorer.seek(doc) == doc {
                scorer.score()
            } else {
                0.0
            }
        };
        let weight = ours.weight(scoring).unwrap();
        let mut walked = weight.scorer(segment, 1.0).unwrap();
        for (doc, _) in &found {
            let expected = own("kuat", *doc) + own("rusia", *doc);
            let mut sought = weight.scorer(segment, 1.0).unwrap();
            assert_eq!(sought.seek(*doc), *doc);
            assert_eq!(sought.score(), expected);
            assert_eq!(walked.doc(), *doc);
            assert_eq!(walked.score(), expected);
            walked.advance();
        }
        assert_eq!(walked.doc(), TERMINATED);
        // Seeking between matches lands on the next one.
        let mut scorer = weight.scorer(segment, 1.0).unwrap();
        assert_eq!(scorer.seek(3), 4);
        assert_eq!(scorer.seek(5), 6);
        assert_eq!(scorer.seek(7), TERMINATED);
        assert!(weight.explain(segment, 3).is_err());
        assert_eq!(
            weight.explain(segment, 4).unwrap().value(),
            own("kuat", 4) + own("rusia", 4)
        );
    }
}
