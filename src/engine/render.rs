//! How values appear to users: in messages (a node as its address, a statement as its
//! `Sid`, a list as its items), as places (where a finding points), and as identities
//! (what a fingerprint keeps of the place, so that it survives moved lines).

use super::context::Context;
use super::value::{Loc, Obj, Val};
use crate::graph::{NodeKind, PolicyKind};

/// How many items of a list a message names: an AWS managed policy such as
/// ReadOnlyAccess lists thousands of patterns, and a message names the first ones and
/// counts the rest.
const LISTED_AT_MOST: usize = 10;

impl<'g> Context<'g> {
    /// `value` as a message shows it.
    pub fn render(&self, value: &Val<'g>) -> String {
        match value {
            Val::Absent => "(none)".to_owned(),
            Val::Null => "null".to_owned(),
            Val::Bool(answer) => {
                if answer.must.is_yes() {
                    "yes".to_owned()
                } else if answer.may.is_no() {
                    "no".to_owned()
                } else if answer.may.is_yes() {
                    "in some cases".to_owned()
                } else {
                    "(unknown)".to_owned()
                }
            }
            Val::Number(number) => {
                if number.fract() == 0.0 && number.abs() < 1e15 {
                    format!("{number:.0}")
                } else {
                    number.to_string()
                }
            }
            Val::Text(text, _) => text.to_string(),
            Val::Regex(regex) => format!("/{}/", regex.as_str()),
            Val::Unknown(unknown) => unknown
                .shown
                .clone()
                .unwrap_or_else(|| "(unknown)".to_owned()),
            Val::OneOf(branches) => distinct(branches.iter().map(|b| self.render(b))).join(" or "),
            Val::List(members) => {
                // Items that cannot be told are left out of messages: a message names
                // what is known to be there.
                let shown = distinct(
                    members
                        .iter()
                        .filter(|member| member.held.may.is_yes())
                        .filter(
                            |member| !matches!(&member.value, Val::Unknown(u) if u.shown.is_none()),
                        )
                        .map(|member| self.render(&member.value)),
                );
                match shown.len() {
                    0 => "(none)".to_owned(),
                    count if count > LISTED_AT_MOST => format!(
                        "{}, and {} more",
                        shown[..LISTED_AT_MOST].join(", "),
                        count - LISTED_AT_MOST
                    ),
                    _ => shown.join(", "),
                }
            }
            Val::Obj(obj) => self.render_obj(obj),
        }
    }

    fn render_obj(&self, obj: &Obj<'g>) -> String {
        match obj {
            Obj::Node(node) => match (&node.origin, &node.kind) {
                (Some(origin), _) => origin.address.to_string(),
                (None, NodeKind::Policy(policy)) => match &policy.kind {
                    PolicyKind::AwsManaged { key } => key.to_string(),
                    PolicyKind::External { arn } => arn.display(),
                    _ => "(policy)".to_owned(),
                },
                (None, _) => "(undeclared)".to_owned(),
            },
            Obj::Document(..) => "policy document".to_owned(),
            Obj::Statement(statement, ..) => statement_name(statement),
            Obj::Principal(_) | Obj::Condition(..) | Obj::Attachment(_) => {
                let field = match obj {
                    Obj::Principal(_) | Obj::Condition(..) => "values",
                    _ => "policy",
                };
                self.render(&self.field(&Val::Obj(obj.clone()), field))
            }
            Obj::Resource(resource, _) => resource.address.to_string(),
            Obj::Raw(..) => "(a mapping)".to_owned(),
            Obj::Deleted(gone) => gone.origin.address.to_string(),
            Obj::Grant(grant) => grant.action.clone(),
        }
    }

    /// Where `value` is written in an input, when it is.
    pub fn loc(&self, value: &Val<'g>) -> Option<Loc> {
        match value {
            Val::Text(_, loc) => *loc,
            Val::Unknown(unknown) => unknown.loc,
            Val::OneOf(branches) => branches.iter().find_map(|branch| self.loc(branch)),
            Val::List(members) => members.iter().find_map(|member| self.loc(&member.value)),
            Val::Obj(obj) => match obj {
                Obj::Node(node) => node.origin.as_ref().map(|origin| Loc {
                    file: origin.file,
                    span: origin.span,
                }),
                Obj::Document(document, file) => file.map(|file| Loc {
                    file,
                    span: document.span,
                }),
                Obj::Statement(statement, _, file) => file.map(|file| Loc {
                    file,
                    span: statement.span,
                }),
                Obj::Principal(principal) => principal.loc,
                Obj::Condition(condition, file) => file.map(|file| Loc {
                    file,
                    span: condition.span,
                }),
                Obj::Attachment(attachment) => Some(Loc {
                    file: attachment.via.file,
                    span: attachment.via.span,
                }),
                Obj::Resource(resource, file) => Some(Loc {
                    file: *file,
                    span: resource.span,
                }),
                Obj::Raw(value, file) => Some(Loc {
                    file: *file,
                    span: value.span,
                }),
                Obj::Deleted(gone) => Some(Loc {
                    file: gone.origin.file,
                    span: gone.origin.span,
                }),
                Obj::Grant(grant) => grant.loc,
            },
            _ => None,
        }
    }

    /// What a fingerprint keeps of the place `value` stands for: names, not lines.
    pub fn identity(&self, value: &Val<'g>) -> String {
        match value {
            Val::Obj(Obj::Statement(statement, ..)) => {
                format!("statement {}", statement_name(statement))
            }
            Val::Obj(Obj::Attachment(attachment)) => format!(
                "attachment {} {}",
                attachment.via.address, attachment.via.form
            ),
            Val::Obj(Obj::Grant(grant)) => format!(
                "grant {} {}",
                grant.action,
                grant.via.as_deref().unwrap_or_default()
            ),
            other => self.render(other),
        }
    }

    /// The address of a declared resource a loop variable stands for.
    pub fn address(&self, value: &Val<'g>) -> Option<String> {
        match value {
            Val::Obj(Obj::Node(node)) => node.origin.as_ref().map(|o| o.address.to_string()),
            Val::Obj(Obj::Resource(resource, _)) => Some(resource.address.to_string()),
            Val::Obj(Obj::Deleted(gone)) => Some(gone.origin.address.to_string()),
            _ => None,
        }
    }
}

/// A statement as messages name it: its `Sid`, or its number.
fn statement_name(statement: &crate::graph::Statement) -> String {
    statement
        .sid
        .as_ref()
        .and_then(|sid| sid.known().map(str::to_owned))
        .unwrap_or_else(|| format!("#{}", statement.index + 1))
}

/// The texts without repeats, in first-seen order.
fn distinct(texts: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    texts.filter(|text| seen.insert(text.clone())).collect()
}
