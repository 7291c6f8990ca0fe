//! IAM semantics over the graph, implemented once: the built-in functions the rule
//! language calls to decide docs/rules.md (does a principal's policy set allow an action,
//! which actions reach beyond a set, who a trust policy admits, is
//! `iam:CreateServiceLinkedRole` scoped, is a policy the support access policy).
//!
//! Every answer is three-valued and carries its evidence: yes, no, or not evaluable with
//! the reason taken from the unknown value met, over every possibility of the inputs
//! (template conditions, IAM conditions), and the policy, attachment and statement that
//! decided it, so that a finding can say "from policy `AppPolicy`, statement `Admin`".
//! [`answer`] explains the two readings (`must`/`may`) that "must exist" and "must not
//! be" rules use.

pub mod answer;
pub mod beyond;
pub mod catalog;
pub mod condition;
pub mod evaluate;
pub mod pattern;
pub mod policies;
pub mod readings;
pub mod responder;
pub mod slr;
pub mod statement;
pub mod support;
#[cfg(test)]
mod test_graph;
pub mod trust;

pub use answer::{Answer, Evidence, StatementRef, Truth};
pub use evaluate::{Verdict, allowed_actions, allowed_actions_with, allows};
pub use pattern::action_matches;
pub use readings::DocumentReadings;
