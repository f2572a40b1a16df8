//! The search query language, parsed once and written out for either database.
//!
//! `kuat rusia` (both), `kuat OR rusia`, `NOT nato` or `-nato`, `"kerja sama"` (a phrase),
//! parentheses; `AND` may be written. Operators are uppercase; a lowercase `or` is a
//! word. Each word and phrase is analyzed like the text it is matched against, by every
//! analyzer in play (the `lang` filter's, or all of them): `menguatkan` looks for the
//! Indonesian stem `kuat` or the English term `menguatkan`. A stop word in any of
//! those languages is dropped from the query.
//!
//! Like a search box, the language forgives what readers type: an unclosed quote
//! or parenthesis closes at the end, a stray `)`, an empty `()` and an operator with
//! nothing beside it are ignored, words past the 32nd and parentheses deeper than 8
//! are not used, and an exclusion offered as an `OR` alternative is dropped. A query
//! with nothing left to look for — only common words, punctuation or exclusions —
//! finds nothing. Only an empty query or one over 500 characters is refused.

use std::collections::BTreeSet;

use super::Analyzer;

/// Longest accepted query, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
const MAX_DEPTH: usize = 8;
const MAX_TERMS: usize = 32;

/// A query reduced to terms the index holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Any one of these term sequences (one per analyzer), each as a phrase.
    Match(Vec<Vec<String>>),
    /// All of `all`, none of `none`.
    And {
        all: Vec<Expr>,
        none: Vec<Expr>,
    },
    Or(Vec<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    pub expr: Expr,
}

/// Why a query cannot be run; the text is for the problem's `detail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError(pub String);

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn error<T>(detail: impl Into<String>) -> Result<T, QueryError> {
    Err(QueryError(detail.into()))
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    And,
    Or,
    Not,
    Word(String),
    Phrase(String),
}

fn lex(q: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = q.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                tokens.push(Token::Open);
            }
            ')' => {
                chars.next();
                tokens.push(Token::Close);
            }
            '"' => {
                chars.next();
                let mut phrase = String::new();
                // An unclosed quote runs to the end.
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    phrase.push(c);
                }
                tokens.push(Token::Phrase(phrase));
            }
            '-' => {
                chars.next();
                // `-word` or `-"phrase"` excludes; a lone `-` is punctuation.
                if chars
                    .peek()
                    .is_some_and(|c| !c.is_whitespace() && *c != ')')
                {
                    tokens.push(Token::Not);
                }
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"') {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                tokens.push(match word.as_str() {
                    "AND" => Token::And,
                    "OR" => Token::Or,
                    "NOT" => Token::Not,
                    _ => Token::Word(word),
                });
            }
        }
    }
    balance(tokens)
}

/// Pairs the parentheses: a stray `)` goes, an unclosed `(` closes at the end, and
/// parentheses deeper than `MAX_DEPTH` no longer group.
fn balance(tokens: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(tokens.len());
    // For each open `(`: whether it was kept.
    let mut open: Vec<bool> = Vec::new();
    for token in tokens {
        match token {
            Token::Open => {
                let keep = open.iter().filter(|kept| **kept).count() < MAX_DEPTH;
                open.push(keep);
                if keep {
                    out.push(Token::Open);
                }
            }
            Token::Close => {
                if open.pop() == Some(true) {
                    out.push(Token::Close);
                }
            }
            other => out.push(other),
        }
    }
    out.extend(open.into_iter().filter(|kept| *kept).map(|_| Token::Close));
    out
}

/// The query as written, before analysis.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Not(Box<Node>),
    And(Vec<Node>),
    Or(Vec<Node>),
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    terms: usize,
}

/// Each level returns `None` when it found nothing to use.
impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn or(&mut self) -> Option<Node> {
        let mut alternatives: Vec<Node> = self.and().into_iter().collect();
        while self.peek() == Some(&Token::Or) {
            self.at += 1;
            alternatives.extend(self.and());
        }
        match alternatives.len() {
            0 => None,
            1 => alternatives.pop(),
            _ => Some(Node::Or(alternatives)),
        }
    }

    fn and(&mut self) -> Option<Node> {
        let mut all = Vec::new();
        loop {
            match self.peek() {
                None | Some(Token::Or | Token::Close) => break,
                Some(Token::And) => self.at += 1,
                Some(_) => all.extend(self.unary()),
            }
        }
        match all.len() {
            0 => None,
            1 => all.pop(),
            _ => Some(Node::And(all)),
        }
    }

    fn unary(&mut self) -> Option<Node> {
        let token = self.peek().cloned();
        self.at += 1;
        match token? {
            Token::Not => match self.peek() {
                None | Some(Token::Or | Token::And | Token::Close) => None,
                Some(_) => self.unary().map(|node| Node::Not(Box::new(node))),
            },
            Token::Word(text) | Token::Phrase(text) => {
                self.terms += 1;
                (self.terms <= MAX_TERMS).then_some(Node::Text(text))
            }
            Token::Open => {
                let inner = self.or();
                // Balanced by `balance`: the `)` is there.
                if self.peek() == Some(&Token::Close) {
                    self.at += 1;
                }
                inner
            }
            Token::Close | Token::And | Token::Or => None,
        }
    }
}

impl SearchQuery {
    /// Parses `q`; words and phrases are analyzed by each of `analyzers`. `None`: there
    /// is nothing to look for (only common words, punctuation or exclusions).
    pub fn parse(q: &str, analyzers: &[Analyzer]) -> Result<Option<Self>, QueryError> {
        if q.chars().count() > MAX_QUERY_CHARS {
            return error(format!(
                "a query may be at most {MAX_QUERY_CHARS} characters long"
            ));
        }
        if q.trim().is_empty() {
            return error("the query is empty: give at least one word to search for");
        }
        let mut parser = Parser {
            tokens: lex(q),
            at: 0,
            terms: 0,
        };
        let node = parser.or();
        Ok(match node.and_then(|node| reduce(&node, analyzers)) {
            Some(Reduced::Positive(expr)) => Some(Self { expr }),
            Some(Reduced::Negative(_)) | None => None,
        })
    }

    /// Every term a matching article may contain, for highlighting.
    pub fn highlight_terms(&self) -> BTreeSet<String> {
        fn walk(expr: &Expr, into: &mut BTreeSet<String>) {
            match expr {
                Expr::Match(alternatives) => into.extend(alternatives.iter().flatten().cloned()),
                Expr::And { all, .. } => all.iter().for_each(|e| walk(e, into)),
                Expr::Or(any) => any.iter().for_each(|e| walk(e, into)),
            }
        }
        let mut terms = BTreeSet::new();
        walk(&self.expr, &mut terms);
        terms
    }
}

enum Reduced {
    Positive(Expr),
    Negative(Expr),
}

/// Analyzes the words. `None`: nothing left (stop words).
fn reduce(node: &Node, analyzers: &[Analyzer]) -> Option<Reduced> {
    match node {
        Node::Text(text) => {
            let mut alternatives: Vec<Vec<String>> = Vec::new();
            for analyzer in analyzers {
                let terms = analyzer.terms(text);
                if terms.is_empty() {
                    // A stop word (or punctuation) in one of the languages.
                    return None;
                }
                if !alternatives.contains(&terms) {
                    alternatives.push(terms);
                }
            }
            Some(Reduced::Positive(Expr::Match(alternatives)))
        }
        Node::Not(inner) => match reduce(inner, analyzers)? {
            Reduced::Positive(e) => Some(Reduced::Negative(e)),
            Reduced::Negative(e) => Some(Reduced::Positive(e)),
        },
        Node::And(children) => {
            let (mut all, mut none) = (Vec::new(), Vec::new());
            for child in children {
                match reduce(child, analyzers) {
                    Some(Reduced::Positive(e)) => all.push(e),
                    Some(Reduced::Negative(e)) => none.push(e),
                    None => {}
                }
            }
            match (all.len(), none.len()) {
                (0, 0) => None,
                // Only exclusions: they exclude in the enclosing group.
                (0, 1) => none.pop().map(Reduced::Negative),
                (0, _) => Some(Reduced::Negative(Expr::Or(none))),
                (1, 0) => all.pop().map(Reduced::Positive),
                _ => Some(Reduced::Positive(Expr::And { all, none })),
            }
        }
        Node::Or(children) => {
            // An exclusion is no alternative: it is dropped.
            let mut any: Vec<Expr> = children
                .iter()
                .filter_map(|child| match reduce(child, analyzers) {
                    Some(Reduced::Positive(e)) => Some(e),
                    _ => None,
                })
                .collect();
            match any.len() {
                0 => None,
                1 => any.pop().map(Reduced::Positive),
                _ => Some(Reduced::Positive(Expr::Or(any))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(q: &str) -> Result<SearchQuery, QueryError> {
        SearchQuery::parse(q, &[Analyzer::Indonesian]).map(|q| q.expect("something to look for"))
    }

    /// The query written out: each alternative quoted, `AND`, `OR`, `NOT`.
    fn render(query: &SearchQuery) -> String {
        fn write(expr: &Expr) -> String {
            match expr {
                Expr::Match(alternatives) => {
                    let phrases: Vec<String> = alternatives
                        .iter()
                        .map(|seq| format!("\"{}\"", seq.join(" ")))
                        .collect();
                    group(phrases, " OR ")
                }
                Expr::And { all, none } => {
                    let mut out = group(all.iter().map(write).collect(), " AND ");
                    if none.is_empty() {
                        return out;
                    }
                    for excluded in none {
                        out = format!("{out} NOT ({})", write(excluded));
                    }
                    format!("({out})")
                }
                Expr::Or(any) => group(any.iter().map(write).collect(), " OR "),
            }
        }
        write(&query.expr)
    }

    fn group(parts: Vec<String>, separator: &str) -> String {
        if parts.len() == 1 {
            parts.into_iter().next().unwrap_or_default()
        } else {
            format!("({})", parts.join(separator))
        }
    }

    fn rendered(q: &str) -> Option<String> {
        SearchQuery::parse(q, &[Analyzer::Indonesian])
            .expect("not refused")
            .map(|q| render(&q))
    }

    #[test]
    fn words_phrases_and_operators() {
        let q = id("menguatkan \"kerja sama\" OR rusia -nato").expect("parses");
        assert_eq!(
            render(&q),
            "((\"kuat\" AND \"kerja sama\") OR (\"rusia\" NOT (\"nato\")))"
        );
        assert_eq!(
            render(&id("kuat AND (rusia OR ukraina) NOT nato").expect("parses")),
            "((\"kuat\" AND (\"rusia\" OR \"ukraina\")) NOT (\"nato\"))"
        );
        assert_eq!(
            id("\"kerja sama\"").expect("parses").expr,
            Expr::Match(vec![vec!["kerja".to_owned(), "sama".to_owned()]])
        );
    }

    #[test]
    fn every_analyzer_offers_its_terms() {
        let q = SearchQuery::parse("menguatkan", &Analyzer::ALL)
            .expect("parses")
            .expect("terms");
        assert_eq!(render(&q), "(\"kuat\" OR \"menguatkan\")");
    }

    #[test]
    fn only_empty_and_overlong_queries_are_refused() {
        for q in ["", "   ", &"a".repeat(MAX_QUERY_CHARS + 1)] {
            assert!(
                SearchQuery::parse(q, &[Analyzer::Indonesian]).is_err(),
                "{q:?}"
            );
        }
    }

    #[test]
    fn what_readers_type_is_forgiven() {
        for (q, expected) in [
            ("\"kerja sama", Some("\"kerja sama\"")),
            ("(rusia", Some("\"rusia\"")),
            ("rusia)", Some("\"rusia\"")),
            ("() rusia", Some("\"rusia\"")),
            ("rusia OR", Some("\"rusia\"")),
            ("OR rusia AND", Some("\"rusia\"")),
            ("rusia NOT", Some("\"rusia\"")),
            ("rusia OR -nato", Some("\"rusia\"")),
            (
                "rusia (-nato -kuat)",
                Some("(\"rusia\" NOT ((\"nato\" OR \"kuat\")))"),
            ),
            ("rusia (-nato)", Some("(\"rusia\" NOT (\"nato\"))")),
            // Nothing to look for: finds nothing.
            ("AND", None),
            ("()", None),
            ("NOT rusia", None),
            ("-rusia -nato", None),
            ("yang dan", None),
            ("!!! ???", None),
        ] {
            assert_eq!(rendered(q).as_deref(), expected, "{q:?}");
        }
        // Parentheses deeper than 8 no longer group; words past the 32nd are not used.
        let deep = format!("{}rusia OR kuat{} nato", "(".repeat(9), ")".repeat(9));
        assert_eq!(
            rendered(&deep).as_deref(),
            Some("((\"rusia\" OR \"kuat\") AND \"nato\")")
        );
        let many = format!("{} nato", "rusia ".repeat(32));
        assert!(!rendered(&many).expect("terms").contains("nato"));
    }

    #[test]
    fn stop_words_drop_out_of_larger_queries() {
        assert_eq!(
            render(&id("rusia yang kuat").expect("parses")),
            "(\"rusia\" AND \"kuat\")"
        );
        assert_eq!(render(&id("rusia OR yang").expect("parses")), "\"rusia\"");
    }
}
