//! How values appear to users: in messages (a node as its address, a statement as its
//! `Sid`, a list as its items), as places (where a finding points), and as identities
//! (what a fingerprint keeps of the place, so that it survives moved lines).

use super::context::Context;
use super::value::{Loc, Obj, Val};
use crate::graph::{Node, NodeKind, PolicyKind};
use crate::load::Pseudo;

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
            Val::Text(text, _) => readable(text),
            Val::Regex(regex) => format!("/{}/", regex.as_str()),
            Val::Unknown(unknown) => unknown
                .shown
                .as_deref()
                .map_or_else(|| "(unknown)".to_owned(), readable),
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
                    PolicyKind::External { arn } => readable(&arn.display()),
                    _ => "(policy)".to_owned(),
                },
                (None, NodeKind::Role(role)) => role.name.term.display(),
                (None, NodeKind::User(identity) | NodeKind::Group(identity)) => {
                    identity.name.term.display()
                }
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

    /// How a message names a role, user or group: its address in backticks, or for an
    /// identity outside the scan its name and that the code does not declare it.
    pub fn display(&self, node: &'g Node) -> String {
        let name = self.render_obj(&Obj::Node(node));
        if node.is_outside() {
            format!("`{name}` (not declared in the scanned code)")
        } else {
            format!("`{name}`")
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
                Obj::Node(node) => match (&node.origin, &node.named_by) {
                    (Some(origin), _) => Some(Loc {
                        file: origin.file,
                        span: origin.span,
                    }),
                    (None, Some(via)) => Some(Loc {
                        file: via.file,
                        span: via.span,
                    }),
                    (None, None) => None,
                },
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

    /// The resource of a finding about `subject` anchored `at`: the subject's, except
    /// for an identity outside the scan (or of an account snapshot) anchored at one of its
    /// attachments, which is that attachment's declaring resource (the identity may be
    /// named by several; a plan attaching a policy to a user of the account is the
    /// plan's finding).
    pub fn finding_address(
        &self,
        subject: Option<&Val<'g>>,
        at: Option<&Val<'g>>,
    ) -> Option<String> {
        let outside = matches!(subject, Some(Val::Obj(Obj::Node(node)))
            if node.is_outside()
                || node.origin.as_ref().is_some_and(|origin| self.is_snapshot(origin.file)));
        let attachment = match at {
            Some(Val::Obj(Obj::Attachment(attachment))) if outside => {
                Some(attachment.via.address.to_string())
            }
            _ => None,
        };
        attachment
            .or_else(|| subject.and_then(|value| self.address(value)))
            .or_else(|| at.and_then(|value| self.address(value)))
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

    /// The address of a declared resource a loop variable stands for; for an identity
    /// outside the scan, of the declaration that names it.
    pub fn address(&self, value: &Val<'g>) -> Option<String> {
        match value {
            Val::Obj(Obj::Node(node)) => node
                .origin
                .as_ref()
                .map(|o| o.address.to_string())
                .or_else(|| node.named_by.as_ref().map(|via| via.address.to_string())),
            Val::Obj(Obj::Resource(resource, _)) => Some(resource.address.to_string()),
            Val::Obj(Obj::Deleted(gone)) => Some(gone.origin.address.to_string()),
            _ => None,
        }
    }
}

/// A statement as messages name it ("statement {name}"): its `Sid`, or without one (or
/// with Terraform's empty one) its 1-based position.
fn statement_name(statement: &crate::graph::Statement) -> String {
    statement
        .sid
        .as_ref()
        .and_then(|sid| sid.known().filter(|sid| !sid.is_empty()).map(str::to_owned))
        .unwrap_or_else(|| (statement.index + 1).to_string())
}

/// `text` with the pseudo parameters of ARNs built from parts as a person writes them:
/// `arn:${AWS::Partition}:iam::${AWS::AccountId}:root` reads
/// `arn:<partition>:iam::<account>:root`. IAM policy variables (`${aws:username}`) stay.
fn readable(text: &str) -> String {
    if !text.contains("${AWS::") {
        return text.to_owned();
    }
    let mut shown = text.to_owned();
    for pseudo in Pseudo::ALL {
        shown = shown.replace(&format!("${{{}}}", pseudo.name()), pseudo.placeholder());
    }
    shown
}

/// The texts without repeats, in first-seen order.
fn distinct(texts: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    texts.filter(|text| seen.insert(text.clone())).collect()
}
