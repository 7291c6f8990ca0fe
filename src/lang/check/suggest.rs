//! "Did you mean ...?": the closest known spelling of a mistyped name, field or function.

/// The candidate closest to `wrong` by edit distance, when it is close enough to be a
/// likely typo (at most one edit per three characters, at least one).
pub(crate) fn closest<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = edit_distance(&wrong.to_lowercase(), &candidate.to_lowercase());
        if distance <= limit && best.is_none_or(|(found, _)| distance < found) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// ` Did you mean `x`?` for a close candidate, or nothing.
pub(super) fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    closest(wrong, candidates).map_or(String::new(), |found| format!(": did you mean `{found}`?"))
}

/// Edit distance over characters: insertions, deletions, substitutions and swaps of two
/// neighbours (`nmae` is one edit from `name`), each counting one.
fn edit_distance(left: &str, right: &str) -> usize {
    let left: Vec<char> = left.chars().collect();
    let right: Vec<char> = right.chars().collect();
    let width = right.len() + 1;
    // Rows i-1 and i-2 of the distance table, and the row being built.
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current = vec![0; width];
    for (i, l) in left.iter().enumerate() {
        current[0] = i + 1;
        for (j, r) in right.iter().enumerate() {
            let substitution = previous[j] + usize::from(l != r);
            let mut best = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            let swapped =
                i > 0 && j > 0 && left.get(i - 1) == Some(r) && right.get(j - 1) == Some(l);
            if swapped {
                best = best.min(before[j - 1] + 1);
            }
            current[j + 1] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[right.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("name", "name"), 0);
        assert_eq!(edit_distance("nmae", "name"), 1);
        assert_eq!(edit_distance("abc", "ca"), 3);
        assert_eq!(edit_distance("rols", "roles"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn close_names_are_suggested_and_far_ones_are_not() {
        let names = ["roles", "users", "groups"];
        assert_eq!(closest("rols", names), Some("roles"));
        assert_eq!(closest("Roles", names), Some("roles"));
        assert_eq!(closest("buckets", names), None);
        assert_eq!(did_you_mean("grups", names), ": did you mean `groups`?");
        assert_eq!(did_you_mean("xyz", names), "");
    }
}
