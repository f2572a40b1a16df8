//! The search query language, parsed once and written out for either database.
//!
//! `kuat rusia` (both), `kuat OR rusia`, `NOT nato` or `-nato`, `"kerja sama"` (a phrase),
//! parentheses; `AND` may be written. Operators are uppercase; a lowercase `or` is a
//! word. Each word and phrase is analyzed like the text it is matched against, by every
//! analyzer in play (the `lang` filter's, or all of them): `menguatkan` looks for the
//! Indonesian stem `kuat` or the English term `menguatkan`. A stop word in any of
//! those languages is dropped from the query.

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

fn lex(q: &str) -> Result<Vec<Token>, QueryError> {
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
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some(c) => phrase.push(c),
                        None => {
                            return error("a quoted phrase is not closed: add the closing `\"`");
                        }
                    }
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
    Ok(tokens)
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
    depth: usize,
    terms: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn or(&mut self) -> Result<Node, QueryError> {
        let mut alternatives = vec![self.and()?];
        while self.peek() == Some(&Token::Or) {
            self.at += 1;
            alternatives.push(self.and()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.remove(0)
        } else {
            Node::Or(alternatives)
        })
    }

    fn and(&mut self) -> Result<Node, QueryError> {
        let mut all = vec![self.unary()?];
        loop {
            match self.peek() {
                Some(Token::And) => {
                    self.at += 1;
                    all.push(self.unary()?);
                }
                None | Some(Token::Or | Token::Close) => break,
                Some(_) => all.push(self.unary()?),
            }
        }
        Ok(if all.len() == 1 {
            all.remove(0)
        } else {
            Node::And(all)
        })
    }

    fn unary(&mut self) -> Result<Node, QueryError> {
        let token = self.peek().cloned();
        self.at += 1;
        match token {
            Some(Token::Not) => Ok(Node::Not(Box::new(self.unary()?))),
            Some(Token::Word(text) | Token::Phrase(text)) => {
                self.terms += 1;
                if self.terms > MAX_TERMS {
                    return error(format!(
                        "a query may have at most {MAX_TERMS} words and phrases"
                    ));
                }
                Ok(Node::Text(text))
            }
            Some(Token::Open) => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return error(format!("parentheses may nest at most {MAX_DEPTH} deep"));
                }
                if self.peek() == Some(&Token::Close) {
                    return error("`()` is empty: put words between the parentheses");
                }
                let inner = self.or()?;
                if self.peek() != Some(&Token::Close) {
                    return error("a `(` is not closed: add the closing `)`");
                }
                self.at += 1;
                self.depth -= 1;
                Ok(inner)
            }
            Some(Token::Close) => error("a `)` closes nothing: remove it or add the `(`"),
            Some(Token::And) => error("`AND` needs a word on each side"),
            Some(Token::Or) => error("`OR` needs a word on each side"),
            None => {
                if self.at > 1 {
                    let last = &self.tokens[self.at - 2];
                    let name = match last {
                        Token::Not => "`NOT` (or `-`)",
                        Token::And => "`AND`",
                        _ => "`OR`",
                    };
                    return error(format!("{name} at the end needs a word after it"));
                }
                error("the query is empty")
            }
        }
    }
}

impl SearchQuery {
    /// Parses `q`; words and phrases are analyzed by each of `analyzers`.
    pub fn parse(q: &str, analyzers: &[Analyzer]) -> Result<Self, QueryError> {
        if q.chars().count() > MAX_QUERY_CHARS {
            return error(format!(
                "a query may be at most {MAX_QUERY_CHARS} characters long"
            ));
        }
        let tokens = lex(q)?;
        if tokens.is_empty() {
            return error("the query is empty: give at least one word to search for");
        }
        let mut parser = Parser {
            tokens,
            at: 0,
            depth: 0,
            terms: 0,
        };
        let node = parser.or()?;
        if parser.at < parser.tokens.len() {
            return error("a `)` closes nothing: remove it or add the `(`");
        }
        match reduce(&node, analyzers)? {
            Some(Reduced::Positive(expr)) => Ok(Self { expr }),
            Some(Reduced::Negative(_)) => {
                error("the query only excludes: add a word to search for beside `NOT` or `-`")
            }
            None => error(
                "nothing to search for: the query has only stop words (such as `yang`, `dan`, `the`) or punctuation",
            ),
        }
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

    /// The query in SQLite FTS5's syntax; every term is a quoted string, so nothing a
    /// reader types can become FTS5 syntax.
    pub fn fts5(&self) -> String {
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
        write(&self.expr)
    }

    /// The query as PostgreSQL `to_tsquery('simple', …)` text.
    pub fn tsquery(&self) -> String {
        fn write(expr: &Expr) -> String {
            match expr {
                Expr::Match(alternatives) => {
                    let phrases: Vec<String> = alternatives
                        .iter()
                        .map(|seq| {
                            let lexemes: Vec<String> = seq
                                .iter()
                                .map(|t| format!("'{}'", t.replace('\'', "''")))
                                .collect();
                            group(lexemes, " <-> ")
                        })
                        .collect();
                    group(phrases, " | ")
                }
                Expr::And { all, none } => {
                    let mut parts: Vec<String> = all.iter().map(write).collect();
                    parts.extend(none.iter().map(|e| format!("!({})", write(e))));
                    group(parts, " & ")
                }
                Expr::Or(any) => group(any.iter().map(write).collect(), " | "),
            }
        }
        write(&self.expr)
    }
}

fn group(parts: Vec<String>, separator: &str) -> String {
    if parts.len() == 1 {
        parts.into_iter().next().unwrap_or_default()
    } else {
        format!("({})", parts.join(separator))
    }
}

enum Reduced {
    Positive(Expr),
    Negative(Expr),
}

/// Analyzes the words and checks the structure. `None`: nothing left (stop words).
fn reduce(node: &Node, analyzers: &[Analyzer]) -> Result<Option<Reduced>, QueryError> {
    Ok(match node {
        Node::Text(text) => {
            let mut alternatives: Vec<Vec<String>> = Vec::new();
            for analyzer in analyzers {
                let terms = analyzer.terms(text);
                if terms.is_empty() {
                    // A stop word (or punctuation) in one of the languages.
                    return Ok(None);
                }
                if !alternatives.contains(&terms) {
                    alternatives.push(terms);
                }
            }
            Some(Reduced::Positive(Expr::Match(alternatives)))
        }
        Node::Not(inner) => match reduce(inner, analyzers)? {
            Some(Reduced::Positive(e)) => Some(Reduced::Negative(e)),
            Some(Reduced::Negative(e)) => Some(Reduced::Positive(e)),
            None => None,
        },
        Node::And(children) => {
            let (mut all, mut none) = (Vec::new(), Vec::new());
            for child in children {
                match reduce(child, analyzers)? {
                    Some(Reduced::Positive(e)) => all.push(e),
                    Some(Reduced::Negative(e)) => none.push(e),
                    None => {}
                }
            }
            match (all.len(), none.len()) {
                (0, 0) => None,
                (0, _) => {
                    return error(
                        "`NOT` (or `-`) needs a word to search for in the same group beside it",
                    );
                }
                (1, 0) => all.pop().map(Reduced::Positive),
                _ => Some(Reduced::Positive(Expr::And { all, none })),
            }
        }
        Node::Or(children) => {
            let mut any = Vec::new();
            for child in children {
                match reduce(child, analyzers)? {
                    Some(Reduced::Positive(e)) => any.push(e),
                    Some(Reduced::Negative(_)) => {
                        return error(
                            "`OR` cannot offer an exclusion as an alternative: write `a OR b NOT c` as `(a OR b) NOT c`",
                        );
                    }
                    None => {}
                }
            }
            match any.len() {
                0 => None,
                1 => any.pop().map(Reduced::Positive),
                _ => Some(Reduced::Positive(Expr::Or(any))),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(q: &str) -> Result<SearchQuery, QueryError> {
        SearchQuery::parse(q, &[Analyzer::Indonesian])
    }

    #[test]
    fn words_phrases_and_operators() {
        let q = id("menguatkan \"kerja sama\" OR rusia -nato").expect("parses");
        assert_eq!(
            q.fts5(),
            "((\"kuat\" AND \"kerja sama\") OR (\"rusia\" NOT (\"nato\")))"
        );
        assert_eq!(
            id("kuat AND (rusia OR ukraina) NOT nato")
                .expect("parses")
                .tsquery(),
            "('kuat' & ('rusia' | 'ukraina') & !('nato'))"
        );
        assert_eq!(
            id("kuat AND (rusia OR ukraina) NOT nato")
                .expect("parses")
                .fts5(),
            "((\"kuat\" AND (\"rusia\" OR \"ukraina\")) NOT (\"nato\"))"
        );
        assert_eq!(
            id("\"kerja sama\"").expect("parses").tsquery(),
            "('kerja' <-> 'sama')"
        );
    }

    #[test]
    fn every_analyzer_offers_its_terms() {
        let q = SearchQuery::parse("menguatkan", &Analyzer::ALL).expect("parses");
        assert_eq!(q.fts5(), "(\"kuat\" OR \"menguatkan\")");
    }

    #[test]
    fn malformed_queries_are_explained() {
        for q in [
            "\"kerja sama",
            "(rusia",
            "rusia)",
            "()",
            "rusia OR",
            "OR rusia",
            "AND",
            "NOT rusia",
            "-rusia -nato",
            "yang dan",
            "rusia OR -nato",
            "",
            "   ",
        ] {
            assert!(id(q).is_err(), "{q:?} should be refused");
        }
        let deep = format!("{}rusia{}", "(".repeat(9), ")".repeat(9));
        assert!(id(&deep).is_err());
        assert!(id(&"rusia ".repeat(33)).is_err());
    }

    #[test]
    fn stop_words_drop_out_of_larger_queries() {
        assert_eq!(
            id("rusia yang kuat").expect("parses").fts5(),
            "(\"rusia\" AND \"kuat\")"
        );
        assert_eq!(id("rusia OR yang").expect("parses").fts5(), "\"rusia\"");
    }
}
