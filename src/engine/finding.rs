//! Findings (a rule failed for a resource) and not-evaluable results (a rule could not
//! decide because a value is not known before deployment), as every reporter reads them.

use serde::Serialize;

use crate::lang::Level;
use crate::source::{FileId, Span};

/// One failed `require`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The rule ID.
    pub rule: String,
    /// Its level (the rule's, or the `require`'s own).
    #[serde(serialize_with = "level_name")]
    pub level: Level,
    /// What is wrong and what to do, in the user's terms.
    pub message: String,
    /// The input it points into.
    #[serde(skip)]
    pub file: Option<FileId>,
    /// The text to change.
    #[serde(skip)]
    pub span: Option<Span>,
    /// The resource: Terraform address or CloudFormation logical ID (none for
    /// account-scope rules).
    pub address: Option<String>,
    /// Whether it holds only under some of the inputs' conditions.
    pub conditional: bool,
    /// A stable identity: the same finding has the same fingerprint across runs and
    /// unrelated edits (rule, file from the repository root, resource, and the name of
    /// what it points at, never a line).
    pub fingerprint: String,
    /// The fingerprint from the path as the user named it (as supportscan wrote them before
    /// paths came from the repository root), when the two differ: a `--baseline` written
    /// then still matches.
    #[serde(skip)]
    pub fingerprint_as_named: Option<String>,
    /// The suppression that accepts it, when one does.
    pub suppressed: Option<crate::suppress::Suppressed>,
    /// Whether `--baseline` already has it (it does not fail the gate).
    pub unchanged: bool,
    /// The evidence its message names (a statement, a policy, an attachment), each where
    /// it is written: the places besides the primary one a user must look at.
    #[serde(skip)]
    pub evidence: Vec<Evidence>,
}

/// A part of a finding's message that stands for something written in an input.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    /// The bytes of the message that name it (in message order, never overlapping).
    pub range: std::ops::Range<usize>,
    /// The input it is written in.
    pub file: FileId,
    /// Where.
    pub span: Span,
}

/// The most evidence kept for one finding.
pub const MAX_EVIDENCE: usize = 10;

impl Finding {
    /// Whether it counts for the gate: neither suppressed nor in the baseline.
    pub fn is_active(&self) -> bool {
        self.suppressed.is_none() && !self.unchanged
    }
}

/// A `require` that could not be decided.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NotEvaluable {
    /// The rule ID.
    pub rule: String,
    /// The resource, when there is one.
    pub address: Option<String>,
    /// Its input.
    #[serde(skip)]
    pub file: Option<FileId>,
    /// Why, in the user's terms.
    pub reason: String,
}

fn level_name<S: serde::Serializer>(level: &Level, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(level.name())
}

/// A fingerprint of `parts`: 128 bits of two FNV-1a passes, as hex. Not a security
/// hash: it only has to be stable and spread well.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut high: u64 = 0xcbf2_9ce4_8422_2325;
    let mut low: u64 = 0x8422_2325_cbf2_9ce4;
    for part in parts {
        // A separator that text cannot contain keeps ("ab", "c") apart from ("a", "bc").
        for byte in part.bytes().chain([0xff]) {
            high = (high ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
            low = (low ^ u64::from(byte.rotate_left(3))).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{high:016x}{low:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_separate_parts() {
        assert_eq!(fingerprint(&["SUP002", "a"]), fingerprint(&["SUP002", "a"]));
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        assert_eq!(fingerprint(&["x"]).len(), 32);
        // Pinned: a changed algorithm would reopen every alert on GitHub.
        assert_eq!(
            fingerprint(&["SUP002", "stack.yaml", "SupportRole"]),
            "aaa30574ac41d38e0e2e5147a2cfa8d7"
        );
    }
}
