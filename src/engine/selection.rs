//! Naming rules on the command line (`--only`, `--skip`, `rules explain`): a rule ID in any
//! case (`sup002`), a rule name (`support-role-open-trust`) or a glob over either (`APP*`,
//! `sup00?`, `support-app-*`), as checkov's `--check` takes them. A name that matches no
//! rule is a mistake, never an empty selection: it is refused with the valid IDs.

use globset::GlobBuilder;

use super::ruleset::{RULE_LOAD, Rule, RuleSet};
use crate::problem::Problem;

impl RuleSet {
    /// The rules `pattern` names, case-insensitively, as a glob over the IDs or, when it
    /// matches no ID, over the names; a pattern that is not a valid glob, or matches no
    /// rule, is refused with a message listing the valid IDs.
    pub fn matching(&self, pattern: &str) -> Result<Vec<&Rule>, String> {
        let glob = GlobBuilder::new(pattern)
            .case_insensitive(true)
            .build()
            .map_err(|error| format!("`{pattern}` is not a valid rule pattern: {error}"))?
            .compile_matcher();
        // IDs first: every built-in name starts with `support-`, so `SUP*` read against
        // names too would select the whole pack.
        let by = |key: fn(&Rule) -> &str| -> Vec<&Rule> {
            self.rules
                .iter()
                .filter(|rule| glob.is_match(key(rule)))
                .collect()
        };
        let mut matched = by(|rule| &rule.id);
        if matched.is_empty() {
            matched = by(|rule| &rule.name);
        }
        if matched.is_empty() {
            let known: Vec<&str> = self.rules.iter().map(|rule| rule.id.as_str()).collect();
            return Err(format!(
                "`{pattern}` matches no rule ID or name (the rules: {})",
                known.join(", ")
            ));
        }
        Ok(matched)
    }

    /// Keeps only the rules `only` names (all when it is empty) and drops those `skip`
    /// names, each entry matched as [`RuleSet::matching`] does; an entry that names no
    /// rule is a problem.
    pub fn select(&mut self, only: &[String], skip: &[String]) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut named = |flag: &str, patterns: &[String]| -> Vec<String> {
            let mut ids = Vec::new();
            for pattern in patterns {
                match self.matching(pattern) {
                    Ok(rules) => ids.extend(rules.iter().map(|rule| rule.id.clone())),
                    Err(message) => problems.push(Problem::error_without_place(
                        RULE_LOAD,
                        format!("{flag} {message}"),
                    )),
                }
            }
            ids
        };
        let kept = named("--only", only);
        let dropped = named("--skip", skip);
        self.rules.retain(|rule| {
            (only.is_empty() || kept.contains(&rule.id)) && !dropped.contains(&rule.id)
        });
        problems
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{RuleSet, load_rules};

    fn built_in() -> RuleSet {
        load_rules(true, &[]).set
    }

    fn ids(set: &RuleSet, pattern: &str) -> Result<Vec<String>, String> {
        set.matching(pattern)
            .map(|rules| rules.iter().map(|rule| rule.id.clone()).collect())
    }

    #[test]
    fn ids_match_in_any_case() {
        let set = built_in();
        assert_eq!(ids(&set, "SUP002").unwrap(), ["SUP002"]);
        assert_eq!(ids(&set, "sup002").unwrap(), ["SUP002"]);
    }

    #[test]
    fn names_match_as_ids_do() {
        let set = built_in();
        assert_eq!(ids(&set, "support-role-open-trust").unwrap(), ["SUP002"]);
        assert_eq!(ids(&set, "Support-Role-Open-Trust").unwrap(), ["SUP002"]);
    }

    #[test]
    fn globs_match_ids_and_names() {
        let set = built_in();
        assert_eq!(ids(&set, "APP*").unwrap().len(), 6);
        assert_eq!(
            ids(&set, "sup00?").unwrap(),
            ["SUP001", "SUP002", "SUP003", "SUP004", "SUP005"]
        );
        assert_eq!(ids(&set, "support-slr-*").unwrap(), ["SLR001", "SLR002"]);
        // Every name starts with `support-`: a glob matching IDs is not read against names.
        assert_eq!(ids(&set, "SUP*").unwrap().len(), 5);
    }

    #[test]
    fn a_pattern_matching_nothing_lists_the_valid_ids() {
        let set = built_in();
        let message = ids(&set, "SUP9*").unwrap_err();
        assert!(message.contains("`SUP9*` matches no rule"), "{message}");
        assert!(message.contains("APP001, APP002"), "{message}");
        assert!(
            ids(&set, "SUP[")
                .unwrap_err()
                .contains("not a valid rule pattern")
        );
    }

    #[test]
    fn select_keeps_only_and_drops_skip() {
        let mut set = built_in();
        let problems = set.select(&["app*".to_owned()], &["APP00[2-6]".to_owned()]);
        assert!(problems.is_empty(), "{problems:?}");
        let kept: Vec<&str> = set.rules.iter().map(|rule| rule.id.as_str()).collect();
        assert_eq!(kept, ["APP001"]);
    }

    #[test]
    fn select_refuses_a_pattern_matching_nothing() {
        let mut set = built_in();
        let problems = set.select(&[], &["NOPE9".to_owned()]);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .starts_with("--skip `NOPE9` matches no rule"),
            "{}",
            problems[0].message
        );
        assert_eq!(set.rules.len(), 14);
    }
}
