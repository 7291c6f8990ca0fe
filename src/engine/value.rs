//! The values a running rule computes with: texts, numbers, answers, lists whose items
//! may be held only in some possibilities, and references into the graph, each keeping
//! the place in an input it comes from so that a finding can point at it.

use std::sync::Arc;

use crate::graph::{
    Condition, DeletedResource, Document, Node, PrincipalEntry, Statement, Term, Text, Via,
};
use crate::graph::{NodeId, Possible};
use crate::iam::Answer;
use crate::load::Resource;
use crate::source::{FileId, Span};

/// A place in an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loc {
    /// The input.
    pub file: FileId,
    /// The text.
    pub span: Span,
}

/// A value of the rule language at run time.
#[derive(Clone, Debug)]
pub enum Val<'g> {
    /// A missing field or index.
    Absent,
    /// `null`.
    Null,
    /// A three-valued answer.
    Bool(Answer),
    /// A number.
    Number(f64),
    /// A text, with its place when it comes from an input.
    Text(Arc<str>, Option<Loc>),
    /// A compiled regular expression literal.
    Regex(&'g regex::Regex),
    /// A value not known before deployment.
    Unknown(Arc<Unknown>),
    /// One of several values, depending on a condition of the inputs.
    OneOf(Arc<Vec<Val<'g>>>),
    /// A list of items, each held with an answer.
    List(Arc<Vec<Member<'g>>>),
    /// Something of the graph.
    Obj(Obj<'g>),
}

/// A value not known before deployment.
#[derive(Debug)]
pub struct Unknown {
    /// Why, in the user's terms.
    pub reason: Box<str>,
    /// How it is written, when it has a form (`${AWS::StackName}-support`).
    pub shown: Option<String>,
    /// Where it is written.
    pub loc: Option<Loc>,
}

/// One item of a list and whether the list holds it.
#[derive(Clone, Debug)]
pub struct Member<'g> {
    /// The item.
    pub value: Val<'g>,
    /// Whether the list holds it: in every possibility, some, none, or not evaluable.
    pub held: Answer,
}

/// A reference into the graph (or to a value computed from it).
#[derive(Clone, Debug)]
pub enum Obj<'g> {
    /// A role, user, group, policy, permission set, channel or workspace.
    Node(&'g Node),
    /// A policy document; `file` is the input it is written in (none for AWS managed).
    Document(&'g Document, Option<FileId>),
    /// A statement of a document.
    Statement(&'g Statement, &'g Document, Option<FileId>),
    /// A principal entry (`"*"` has no entry and reads as kind `any`).
    Principal(Arc<PrincipalVal<'g>>),
    /// A condition test.
    Condition(&'g Condition, Option<FileId>),
    /// A policy reaching a principal.
    Attachment(Arc<AttachmentVal<'g>>),
    /// A declared resource with its raw properties.
    Resource(&'g Resource, FileId),
    /// A mapping of raw properties.
    Raw(&'g crate::load::Value, FileId),
    /// A resource a plan deletes or forgets.
    Deleted(&'g DeletedResource),
    /// An allowed (or blocked) action with its evidence.
    Grant(Arc<GrantVal>),
}

/// A principal entry as rules read it.
#[derive(Debug)]
pub struct PrincipalVal<'g> {
    /// `any`, `aws`, `service`, `federated`, `canonical-user` or the key as written.
    pub kind: Arc<str>,
    /// The values; `None` for `"*"`.
    pub entry: Option<&'g PrincipalEntry>,
    /// Where it is written.
    pub loc: Option<Loc>,
}

/// A policy reaching a principal, as rules read it.
#[derive(Debug)]
pub struct AttachmentVal<'g> {
    /// The declaration.
    pub via: &'g Via,
    /// Whether it exists only in some possibilities.
    pub conditional: bool,
    /// The policy, or why it cannot be known.
    pub policy: Result<NodeId, Box<str>>,
    /// Whom it attaches the policy to.
    pub principal: AttachedTo<'g>,
}

/// The principal end of an attachment.
#[derive(Clone, Copy, Debug)]
pub enum AttachedTo<'g> {
    /// A principal of the graph.
    Node(&'g Node),
    /// An end the inputs name but do not declare, or cannot resolve.
    Endpoint(&'g crate::graph::Endpoint),
}

/// An action a principal is allowed (or blocked from), with where that comes from.
#[derive(Debug)]
pub struct GrantVal {
    /// The action, or the pattern (`iam:*`, `NotAction support:*`).
    pub action: String,
    /// The policy node.
    pub policy: Option<NodeId>,
    /// The statement's `Sid` (or `#n` when it has none), when there is a statement.
    pub sid: Option<String>,
    /// `support`/`other` (`beyond`), `deny`/`boundary` (`denied`).
    pub reach: Option<&'static str>,
    /// Real actions it reaches (`beyond`).
    pub examples: Vec<String>,
    /// Whether it applies only in some possibilities or under an IAM condition.
    pub conditional: bool,
    /// Whether its statement has an IAM `Condition` block.
    pub iam_condition: bool,
    /// The statement (in a declared policy) or else the attachment.
    pub loc: Option<Loc>,
    /// The resource that brings the policy, for fingerprints.
    pub via: Option<Box<str>>,
}

impl<'g> Val<'g> {
    /// A text without a place.
    pub fn text(text: &str) -> Val<'g> {
        Val::Text(text.into(), None)
    }

    /// A value not known, with the reason.
    pub fn unknown(reason: impl Into<Box<str>>) -> Val<'g> {
        Val::Unknown(Arc::new(Unknown {
            reason: reason.into(),
            shown: None,
            loc: None,
        }))
    }

    /// A list of items all held for certain.
    pub fn list(items: impl IntoIterator<Item = Val<'g>>) -> Val<'g> {
        Val::List(Arc::new(
            items
                .into_iter()
                .map(|value| Member {
                    value,
                    held: Answer::YES,
                })
                .collect(),
        ))
    }

    /// A list of items with their answers; items held in no possibility are dropped.
    pub fn members(members: impl IntoIterator<Item = Member<'g>>) -> Val<'g> {
        Val::List(Arc::new(
            members
                .into_iter()
                .filter(|member| !member.held.is_never())
                .collect(),
        ))
    }

    /// `Bool(YES)` or `Bool(NO)`.
    pub fn flag(value: bool) -> Val<'g> {
        Val::Bool(Answer::from_bool(value))
    }

    /// The graph term `term`, written at `loc`.
    pub fn from_term(term: &Term, loc: Option<Loc>) -> Val<'g> {
        match term {
            Term::Known(text) => Val::Text(Arc::from(&**text), loc),
            Term::Template(_) => Val::Unknown(Arc::new(Unknown {
                reason: format!("`{}` is not known before deployment", term.display()).into(),
                shown: Some(term.display()),
                loc,
            })),
            Term::Unknown(reason) => Val::Unknown(Arc::new(Unknown {
                reason: reason.clone(),
                shown: None,
                loc,
            })),
            Term::OneOf(branches) => Val::OneOf(Arc::new(
                branches
                    .iter()
                    .map(|branch| Val::from_term(branch, loc))
                    .collect(),
            )),
            Term::Absent => Val::Absent,
        }
    }

    /// A graph text in `file`.
    pub fn from_text(text: &Text, file: Option<FileId>) -> Val<'g> {
        Val::from_term(&text.term, at(file, text.span))
    }

    /// An optional term: absent when not given.
    pub fn from_optional_term(term: Option<&Term>, loc: Option<Loc>) -> Val<'g> {
        term.map_or(Val::Absent, |term| Val::from_term(term, loc))
    }

    /// A list of texts that may depend on conditions: branches are merged into one list
    /// whose items are held in some possibilities.
    pub fn from_texts(possible: Option<&'g Possible<Vec<Text>>>, file: Option<FileId>) -> Val<'g> {
        match possible {
            None => Val::list([]),
            Some(possible) => Val::from_possible(possible, &mut |texts: &'g Vec<Text>| {
                texts
                    .iter()
                    .map(|text| Val::from_text(text, file))
                    .collect()
            }),
        }
    }

    /// A list from a possibly conditional or unknown structure, each known branch giving
    /// its items through `items`.
    pub fn from_possible<T>(
        possible: &'g Possible<T>,
        items: &mut dyn FnMut(&'g T) -> Vec<Val<'g>>,
    ) -> Val<'g> {
        match possible {
            Possible::Known(value) => Val::list(items(value)),
            Possible::Unknown(reason) => Val::unknown(reason.clone()),
            Possible::Absent => Val::list([]),
            Possible::OneOf(_) => {
                let mut members = Vec::new();
                let mut pending = vec![possible];
                while let Some(possible) = pending.pop() {
                    match possible {
                        Possible::OneOf(branches) => pending.extend(branches.iter().rev()),
                        Possible::Known(value) => {
                            members.extend(items(value).into_iter().map(|value| Member {
                                value,
                                held: Answer::SOMETIMES,
                            }))
                        }
                        Possible::Absent => {}
                        Possible::Unknown(reason) => members.push(Member {
                            value: Val::unknown(reason.clone()),
                            held: Answer::unknown(reason.clone()),
                        }),
                    }
                }
                Val::members(members)
            }
        }
    }

    /// The reason this value is not known, when it is not.
    pub fn unknown_reason(&self) -> Option<&str> {
        match self {
            Val::Unknown(unknown) => Some(&unknown.reason),
            _ => None,
        }
    }
}

/// The place `span` in `file`, when the file is an input.
pub fn at(file: Option<FileId>, span: Span) -> Option<Loc> {
    file.map(|file| Loc { file, span })
}
