//! Counts written for people: "1 rule", "2 rules", "no findings" is the caller's choice.

/// `count` and `word`, plural unless the count is one: "1 case", "3 cases".
pub fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn one_is_singular_and_the_rest_plural() {
        assert_eq!(plural(0, "rule"), "0 rules");
        assert_eq!(plural(1, "case"), "1 case");
        assert_eq!(plural(2, "broken file"), "2 broken files");
    }
}
