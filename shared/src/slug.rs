//! URL slugs from headlines and names: lowercase ASCII letters, digits and hyphens.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest slug we derive; longer headlines are cut at a word boundary.
pub const MAX_SLUG_LEN: usize = 80;

/// `Kim Jong Un: “Kami Berdiri”` → `kim-jong-un-kami-berdiri`. Accents are folded
/// (`Genève` → `geneve`); anything else that is not a letter or digit separates words.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_ascii_alphanumeric() {
            if slug.len() >= MAX_SLUG_LEN {
                break;
            }
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    if slug.len() >= MAX_SLUG_LEN {
        // Cut the word the limit fell in, not half of it.
        if let Some(cut) = slug.rfind('-') {
            slug.truncate(cut);
        }
    }
    slug.trim_matches('-').to_owned()
}

/// True when `s` could have come out of [`slugify`]: what the API accepts as a slug.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SLUG_LEN
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(
            slugify("Kim Jong Un: “Kami Berdiri di Pihak Kebenaran”"),
            "kim-jong-un-kami-berdiri-di-pihak-kebenaran"
        );
        assert_eq!(slugify("  Genève — São Paulo!  "), "geneve-sao-paulo");
        assert_eq!(slugify("Redaksi Global Insight"), "redaksi-global-insight");
        assert!(is_slug(&slugify(
            "Penutup: Persekutuan yang Tak Terbendung?"
        )));
    }

    #[test]
    fn long_text_is_cut_at_a_word_boundary() {
        let slug = slugify(&"peningkatan signifikan ".repeat(10));
        assert!(slug.len() <= MAX_SLUG_LEN, "{slug}");
        assert!(
            slug.ends_with("signifikan") || slug.ends_with("peningkatan"),
            "{slug}"
        );
    }

    #[test]
    fn rejects_what_slugify_cannot_produce() {
        for bad in ["", "-a", "a-", "a--b", "A", "a b", "ä", &"a".repeat(81)] {
            assert!(!is_slug(bad), "{bad:?}");
        }
    }
}
