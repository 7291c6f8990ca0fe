//! Three-valued answers over every possible deployment, and the evidence behind them.
//!
//! An input does not describe one account: a CloudFormation `Fn::If`, a conditional
//! resource or attachment, or an IAM `Condition` block each make a question true in some
//! possibilities and false in others, and a value known only after apply leaves it open.
//! An [`Answer`] therefore carries two readings, each [`Truth`]: whether the statement
//! holds in *every* possibility (`must`, what a "must exist" question needs to be sure)
//! and whether it holds in *some* possibility (`may`, what a "must not be" question fires
//! on). docs/rules.md asks "must not be" rules to fire pessimistically and "must exist" rules
//! to be satisfied optimistically: both read `may`, and the difference between `may` and
//! `must` is what makes a message say "conditional".

use std::ops::Not;

use crate::graph::{NodeId, Via};
use crate::source::Span;

/// Yes, no, or not evaluable with the reason (taken from the unknown value met).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Truth {
    /// Holds.
    Yes,
    /// Does not hold.
    No,
    /// Cannot be told before deployment; the reason is in the user's terms.
    Unknown(Box<str>),
}

impl Truth {
    /// `Yes` or `No`.
    pub fn from_bool(value: bool) -> Truth {
        if value { Truth::Yes } else { Truth::No }
    }

    /// Whether this is certainly `Yes`.
    pub fn is_yes(&self) -> bool {
        *self == Truth::Yes
    }

    /// Whether this is certainly `No`.
    pub fn is_no(&self) -> bool {
        *self == Truth::No
    }

    /// Kleene conjunction: `No` wins over unknown, unknown over `Yes`.
    pub fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::No, _) | (_, Truth::No) => Truth::No,
            (Truth::Unknown(reason), _) | (_, Truth::Unknown(reason)) => Truth::Unknown(reason),
            (Truth::Yes, Truth::Yes) => Truth::Yes,
        }
    }

    /// Kleene disjunction: `Yes` wins over unknown, unknown over `No`.
    pub fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::Yes, _) | (_, Truth::Yes) => Truth::Yes,
            (Truth::Unknown(reason), _) | (_, Truth::Unknown(reason)) => Truth::Unknown(reason),
            (Truth::No, Truth::No) => Truth::No,
        }
    }
}

impl Not for Truth {
    type Output = Truth;

    /// Negation; unknown stays unknown.
    fn not(self) -> Truth {
        match self {
            Truth::Yes => Truth::No,
            Truth::No => Truth::Yes,
            unknown => unknown,
        }
    }
}

/// A question answered over every possible deployment of the inputs.
///
/// `must` never claims more than `may`. Combining answers treats the possibilities of
/// different parts as independent, so a combined `must` may be `No` where correlated
/// branches would make it `Yes`, and a combined `may` `Yes` where they would make it `No`:
/// both err towards "conditional", never towards a certain answer that is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// Holds in every possibility.
    pub must: Truth,
    /// Holds in at least one possibility.
    pub may: Truth,
}

impl Answer {
    /// Holds in every possibility.
    pub const YES: Answer = Answer {
        must: Truth::Yes,
        may: Truth::Yes,
    };
    /// Holds in none.
    pub const NO: Answer = Answer {
        must: Truth::No,
        may: Truth::No,
    };
    /// Holds in some possibilities and not in others.
    pub const SOMETIMES: Answer = Answer {
        must: Truth::No,
        may: Truth::Yes,
    };

    /// Not evaluable in either reading.
    pub fn unknown(reason: impl Into<Box<str>>) -> Answer {
        let reason = reason.into();
        Answer {
            must: Truth::Unknown(reason.clone()),
            may: Truth::Unknown(reason),
        }
    }

    /// `YES` or `NO`.
    pub fn from_bool(value: bool) -> Answer {
        if value { Answer::YES } else { Answer::NO }
    }

    /// Both parts hold.
    pub fn and(self, other: Answer) -> Answer {
        Answer {
            must: self.must.and(other.must),
            may: self.may.and(other.may),
        }
    }

    /// Either part holds.
    pub fn or(self, other: Answer) -> Answer {
        Answer {
            must: self.must.or(other.must),
            may: self.may.or(other.may),
        }
    }

    /// The answer when the thing asked about exists only in some possibilities: never
    /// certain, possible as before.
    pub fn in_some_possibility(self) -> Answer {
        Answer {
            must: self.must.and(Truth::No),
            may: self.may,
        }
    }

    /// One alternative among several (the branches of a condition): true in every
    /// possibility only when every branch is, in some when some branch is.
    pub fn branch(self, other: Answer) -> Answer {
        Answer {
            must: self.must.and(other.must),
            may: self.may.or(other.may),
        }
    }

    /// The reason this answer is not evaluable in the `may` reading, else in `must`.
    pub fn unknown_reason(&self) -> Option<&str> {
        match (&self.may, &self.must) {
            (Truth::Unknown(reason), _) | (_, Truth::Unknown(reason)) => Some(reason),
            _ => None,
        }
    }

    /// Whether this holds in every possibility.
    pub fn is_certain(&self) -> bool {
        self.must.is_yes()
    }

    /// Whether this holds in no possibility.
    pub fn is_never(&self) -> bool {
        self.may.is_no()
    }

    /// Whether this holds in some possibilities but not certainly in all (a finding
    /// built on it says "conditional").
    pub fn is_conditional(&self) -> bool {
        self.may.is_yes() && !self.must.is_yes()
    }
}

impl Not for Answer {
    type Output = Answer;

    /// The opposite question: true in every possibility exactly when this one is true in
    /// none.
    fn not(self) -> Answer {
        Answer {
            must: !self.may,
            may: !self.must,
        }
    }
}

/// A statement of a policy, as a finding names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementRef {
    /// Its position in the document, from 0.
    pub index: usize,
    /// Its `Sid`, when known.
    pub sid: Option<String>,
    /// Where it is written, in the file of the policy's node (empty for AWS managed
    /// policies, which are not inputs).
    pub span: Span,
}

/// Why an answer is what it is: one statement (or one piece of documented knowledge) of
/// one policy, reached through one attachment.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    /// The policy node; `None` when the attachment names something outside the graph.
    pub policy: Option<NodeId>,
    /// The attachment (or boundary) that brings the policy to the principal; for a
    /// user's group policy, the group's attachment. `None` for a trust policy.
    pub via: Option<Via>,
    /// The statement; `None` when the evidence is the policy as a whole (an unknown
    /// boundary) or documented knowledge about an AWS managed policy.
    pub statement: Option<StatementRef>,
    /// The matching `Action` item as written, or for `NotAction` the listed items joined
    /// with `, `, prefixed by `NotAction `.
    pub pattern: Option<String>,
    /// Whether the statement has an IAM `Condition` block: it applies only to requests
    /// that satisfy it.
    pub iam_condition: bool,
    /// Whether the statement or attachment exists only in some branches of a template
    /// condition.
    pub conditional: bool,
    /// Whether the statement names resources other than `*` (or uses `NotResource`):
    /// the answer treats it as applying, a message may say it is limited.
    pub resource_scoped: bool,
    /// Whether the statement's IAM condition block holds for a support responder's
    /// request when the responder meets what it asks of their session (see
    /// [`super::responder`]): what makes a `Deny` block case work. Yes without a block,
    /// and for evidence that is not a statement.
    pub holds_for_responder: Answer,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown() -> Truth {
        Truth::Unknown("known after apply".into())
    }

    #[test]
    fn kleene_logic_decides_when_one_side_is_enough() {
        assert_eq!(Truth::No.and(unknown()), Truth::No);
        assert_eq!(Truth::Yes.and(unknown()), unknown());
        assert_eq!(Truth::Yes.or(unknown()), Truth::Yes);
        assert_eq!(Truth::No.or(unknown()), unknown());
        assert_eq!(unknown().not(), unknown());
        assert_eq!(Truth::Yes.not(), Truth::No);
    }

    #[test]
    fn negation_swaps_the_readings() {
        assert_eq!(Answer::SOMETIMES.not(), Answer::SOMETIMES);
        assert_eq!(Answer::YES.not(), Answer::NO);
        let at_least_sometimes = Answer {
            must: unknown(),
            may: Truth::Yes,
        };
        assert_eq!(
            at_least_sometimes.not(),
            Answer {
                must: Truth::No,
                may: unknown()
            }
        );
    }

    #[test]
    fn branches_are_certain_only_when_all_are() {
        assert_eq!(Answer::YES.branch(Answer::NO), Answer::SOMETIMES);
        assert_eq!(Answer::YES.branch(Answer::YES), Answer::YES);
        assert_eq!(Answer::NO.branch(Answer::NO), Answer::NO);
        assert!(Answer::YES.in_some_possibility().is_conditional());
        assert!(Answer::NO.in_some_possibility().is_never());
    }

    #[test]
    fn unknown_answers_say_why() {
        let answer = Answer::unknown("parameter `X` has no default");
        assert_eq!(
            answer.unknown_reason(),
            Some("parameter `X` has no default")
        );
        assert!(!answer.is_certain() && !answer.is_never() && !answer.is_conditional());
        assert_eq!(Answer::YES.unknown_reason(), None);
        assert_eq!(Answer::NO.and(answer.clone()), Answer::NO);
        assert_eq!(Answer::YES.or(answer), Answer::YES);
    }
}
