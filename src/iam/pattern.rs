//! IAM action patterns: how `Action`/`NotAction` items match an action.
//!
//! IAM compares an action (`support:CreateCase`) with a pattern written in a policy
//! (`support:*`, `Support:Describe*`, `s*:Get?bject`) case-insensitively, over the whole
//! text, service prefix included: `*` stands for any run of characters (none included)
//! and `?` for exactly one; there is no other special character and no escape. The IAM
//! User Guide's reference on policy elements (`Action`, "Wildcards") describes it.

/// The services whose actions stay inside AWS Support: the support API, its console
/// actions, the Support App's own API and Service Quotas. APP002 grades an action beyond
/// the App action set as a warning when it stays here and as an error when it reaches
/// any other service. `support-console` is here because docs/rules.md grades
/// AWSSupportAccess (`support:*`, `support-console:*`) as staying inside; `supportapp`
/// because it is the Support App's own configuration API, not another service's data.
pub const SUPPORT_SERVICES: [&str; 4] =
    ["support", "support-console", "supportapp", "servicequotas"];

/// Whether `action` is matched by `pattern` under IAM's rules (case-insensitive, `*` any
/// run of characters, `?` one character, over the whole text).
pub fn action_matches(pattern: &str, action: &str) -> bool {
    // Most comparisons are of a pattern and an action of different services: when both
    // start with an ASCII character and the pattern's is no wildcard, the first byte
    // decides, before either text is read to its end. (Only ASCII lowers to ASCII from
    // an ASCII first byte, so this agrees with the character-wise comparison below.)
    if let (Some(&first), Some(&other)) = (pattern.as_bytes().first(), action.as_bytes().first())
        && first.is_ascii_alphanumeric()
        && other.is_ascii()
        && !first.eq_ignore_ascii_case(&other)
    {
        return false;
    }
    // Nearly every action and pattern is ASCII: compared byte by byte with no allocation.
    // Other text is lowered character by character first.
    if pattern.is_ascii() && action.is_ascii() {
        return glob_matches(pattern.as_bytes(), action.as_bytes(), |p, a| {
            p.eq_ignore_ascii_case(a)
        });
    }
    let pattern: Vec<char> = pattern.chars().flat_map(char::to_lowercase).collect();
    let action: Vec<char> = action.chars().flat_map(char::to_lowercase).collect();
    glob_matches(&pattern, &action, |p, a| p == a)
}

/// A glob over units (bytes or characters): `*` any run, `?` one unit, `same` compares
/// the rest. Greedy matching that backtracks only to the last `*`: enough for globs,
/// linear in practice and at worst quadratic, never exponential.
fn glob_matches<T: Copy + From<u8> + PartialEq>(
    pattern: &[T],
    action: &[T],
    same: impl Fn(&T, &T) -> bool,
) -> bool {
    let (star, question) = (T::from(b'*'), T::from(b'?'));
    let (mut p, mut a) = (0, 0);
    let mut last_star: Option<(usize, usize)> = None;
    while a < action.len() {
        match pattern.get(p) {
            Some(&c) if c == star => {
                last_star = Some((p, a));
                p += 1;
            }
            Some(c) if *c == question || same(c, &action[a]) => {
                p += 1;
                a += 1;
            }
            _ => match last_star {
                Some((star_at, matched)) => {
                    p = star_at + 1;
                    a = matched + 1;
                    last_star = Some((star_at, matched + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == star)
}

/// Whether `text` contains a wildcard (`*` or `?`).
pub fn has_wildcard(text: &str) -> bool {
    text.contains(['*', '?'])
}

/// The service prefix of an action or pattern (`support` in `support:CreateCase`);
/// `None` without a colon (`*`).
pub fn service_of(text: &str) -> Option<&str> {
    text.split_once(':').map(|(service, _)| service)
}

/// Whether an action (without wildcards) belongs to one of [`SUPPORT_SERVICES`].
pub fn is_support_service_action(action: &str) -> bool {
    service_of(action).is_some_and(|service| {
        SUPPORT_SERVICES
            .iter()
            .any(|known| known.eq_ignore_ascii_case(service))
    })
}

/// Whether `candidate` is one of `set`, compared as IAM compares action names.
pub fn contains_action(set: &[&str], candidate: &str) -> bool {
    set.iter().any(|item| item.eq_ignore_ascii_case(candidate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_patterns_match_case_insensitively_and_whole() {
        assert!(action_matches("support:CreateCase", "support:CreateCase"));
        assert!(action_matches("SUPPORT:createcase", "support:CreateCase"));
        assert!(!action_matches("support:CreateCase", "support:CreateCases"));
        assert!(!action_matches("support:CreateCases", "support:CreateCase"));
        assert!(!action_matches("upport:CreateCase", "support:CreateCase"));
        assert!(!action_matches("", "support:CreateCase"));
    }

    #[test]
    fn text_beyond_ascii_is_compared_by_lowered_characters() {
        assert!(action_matches("SUPPORT:É*", "support:éCase"));
        assert!(
            !action_matches("support:?ase", "support:ÉCase"),
            "? is one character"
        );
        assert!(action_matches("support:?Case", "support:ÉCase"));
        assert!(!action_matches("support:É", "support:E"));
    }

    #[test]
    fn star_matches_any_run_including_none() {
        assert!(action_matches("*", "iam:PassRole"));
        assert!(action_matches("support:*", "support:DescribeCases"));
        assert!(action_matches("support:Describe*", "support:Describe"));
        assert!(action_matches("support:*Cases", "support:DescribeCases"));
        assert!(action_matches("*:*", "s3:GetObject"));
        assert!(action_matches("s*:Get*", "s3:GetObject"));
        assert!(
            action_matches("*Object", "s3:GetObject"),
            "stars cross the colon"
        );
        assert!(
            action_matches("a*b*c", "aXbYbZc"),
            "backtracking over repeated parts"
        );
        assert!(!action_matches(
            "support:*",
            "supportapp:ListSlackChannelConfigurations"
        ));
        assert!(!action_matches("support:Describe*", "support:CreateCase"));
        assert!(!action_matches("s*:Get*", "iam:GetRole"));
        assert!(!action_matches("a*b*c", "aXbYbZ"));
    }

    #[test]
    fn question_mark_matches_exactly_one_character() {
        assert!(action_matches("s?:GetObject", "s3:GetObject"));
        assert!(action_matches(
            "support:Describe?ases",
            "support:DescribeCases"
        ));
        assert!(!action_matches("s?:GetObject", "sq:GetObjectX"));
        assert!(
            !action_matches("s?:GetObject", "s:GetObject"),
            "not zero characters"
        );
        assert!(!action_matches("s?:GetObject", "s33:GetObject"), "not two");
    }

    #[test]
    fn every_action_matches_itself_and_star_in_any_case() {
        for action in [
            "support:CreateCase",
            "iam:CreateServiceLinkedRole",
            "a:b",
            "x:",
        ] {
            assert!(action_matches(action, action));
            assert!(action_matches(&action.to_uppercase(), action));
            assert!(action_matches("*", action));
            let service = service_of(action).unwrap();
            assert!(action_matches(&format!("{service}:*"), action));
            assert!(!action_matches(&format!("{action}?"), action));
        }
    }

    #[test]
    fn services_are_read_and_classified() {
        assert_eq!(service_of("support:CreateCase"), Some("support"));
        assert_eq!(service_of("*"), None);
        assert!(is_support_service_action("Support-Console:GetCase"));
        assert!(is_support_service_action("servicequotas:GetServiceQuota"));
        assert!(!is_support_service_action("supportplans:GetSupportPlan"));
        assert!(!is_support_service_action("iam:PassRole"));
        assert!(!is_support_service_action("CreateCase"));
        assert!(has_wildcard("s?:x") && has_wildcard("*") && !has_wildcard("a:b"));
        assert!(contains_action(
            &["support:CreateCase"],
            "SUPPORT:createcase"
        ));
        assert!(!contains_action(
            &["support:CreateCase"],
            "support:ResolveCase"
        ));
    }
}
