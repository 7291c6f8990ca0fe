//! The built-in functions of src/lang/schema.rs, each a thin call into the IAM semantics of
//! src/iam (or a plain text function), turning its answer and evidence into run-time
//! values.

use std::sync::Arc;

use super::compare::{over_branches, possibly, truth};
use super::context::Context;
use super::value::{GrantVal, Loc, Member, Obj, Val, at};
use crate::graph::{Document, Node};
use crate::iam::beyond::{Reach, actions_beyond};
use crate::iam::catalog::app_actions_with_slr;
use crate::iam::policies::not_declared;
use crate::iam::slr::create_slr_scoping;
use crate::iam::support::attached_aws_managed;
use crate::iam::trust::{Admission, Admitted, may_be_service, trusts_service_in};
use crate::iam::{Answer, Evidence, allowed_actions_with, allows};

impl<'g> Context<'g> {
    /// Calls the built-in `name` (the checker has matched the arguments to its
    /// signature).
    pub fn call(&self, name: &str, args: &[Val<'g>]) -> Val<'g> {
        let first = args.first().unwrap_or(&Val::Absent);
        let second = args.get(1).unwrap_or(&Val::Absent);
        match name {
            "is_support_role" => self.on_node(first, |node| self.is_support_role(node.id)),
            "is_support_app_role" => self.on_node(first, |node| self.is_support_app_role(node.id)),
            "has_aws_managed" => on_text(second, |key| {
                self.on_node(first, |node| {
                    attached_aws_managed(self.graph, node.id, key).0
                })
            }),
            "allows" => on_text(second, |action| {
                self.on_node(first, |node| allows(self.graph, node.id, action).answer)
            }),
            "allowed" => self.grants(first, second, GrantQuestion::Allowed),
            "denied" => self.grants(first, second, GrantQuestion::Denied),
            "beyond" => self.grants(first, second, GrantQuestion::Beyond),
            "admits_anyone" => self.on_statement(first, |admissions| {
                admissions
                    .iter()
                    .map(|admission| {
                        let anyone = match &admission.who {
                            Admitted::Anyone(_) => Answer::YES,
                            Admitted::Unknown(reason) | Admitted::UnknownAws(reason) => {
                                Answer::unknown(reason.as_str())
                            }
                            _ => Answer::NO,
                        };
                        let this = anyone.and(admission.assume.clone());
                        if admission.conditional {
                            this.in_some_possibility()
                        } else {
                            this
                        }
                    })
                    .fold(Answer::NO, Answer::or)
            }),
            "narrowed" => self.on_statement(first, |admissions| {
                admissions.first().map_or(Answer::NO, |admission| {
                    admission.narrowed.clone().or(admission.fenced.clone())
                })
            }),
            "trusts_service" => on_text(second, |service| {
                on_document(first, |document| {
                    trusts_service_in(&self.trust_reading(document), service).0
                })
            }),
            "trusted_services" => self.trusted(first, true),
            "trusted_principals" => self.trusted(first, false),
            "slr_unscoped" => self.on_node(first, |node| {
                create_slr_scoping(self.graph, node.id).unscoped
            }),
            "can_create_quotas_slr" => self.on_node(first, |node| {
                create_slr_scoping(self.graph, node.id).quotas_role
            }),
            "app_actions" => Val::list(app_actions_with_slr().into_iter().map(Val::text)),
            "possibly" => Val::Bool(possibly(truth(first))),
            "count" => count(first),
            "lower" => map_text(first, |text| text.to_lowercase()),
            "starts_with" => on_text(second, |prefix| {
                test_text(first, |text| text.starts_with(prefix))
            }),
            "ends_with" => on_text(second, |suffix| {
                test_text(first, |text| text.ends_with(suffix))
            }),
            _ => Val::unknown(format!("no built-in function `{name}`")),
        }
    }

    /// A yes/no question about a graph node; unknown and conditional values are judged
    /// in every branch, a missing one is no.
    fn on_node(&self, value: &Val<'g>, question: impl Fn(&'g Node) -> Answer) -> Val<'g> {
        Val::Bool(node_answer(value, &question))
    }

    /// A question about the admissions of one trust statement, read from its document
    /// once per scan (see [`Context::trust_reading`]).
    fn on_statement(&self, value: &Val<'g>, question: impl Fn(&[Admission]) -> Answer) -> Val<'g> {
        Val::Bool(match value {
            Val::Obj(Obj::Statement(statement, document, _)) => {
                question(self.trust_reading(document).of_statement(statement))
            }
            Val::Unknown(unknown) => Answer::unknown(unknown.reason.clone()),
            _ => Answer::NO,
        })
    }

    /// `allowed`, `denied` and `beyond`: the grants, each held as its answer says.
    fn grants(&self, principal: &Val<'g>, actions: &Val<'g>, question: GrantQuestion) -> Val<'g> {
        let node = match principal {
            Val::Obj(Obj::Node(node)) => *node,
            Val::Unknown(unknown) => return Val::Unknown(unknown.clone()),
            _ => return Val::list([]),
        };
        let Some(actions) = known_texts(actions) else {
            return Val::unknown("the list of actions is not known");
        };
        let actions: Vec<&str> = actions.iter().map(String::as_str).collect();
        let mut members = Vec::new();
        match question {
            GrantQuestion::Allowed => {
                for (action, verdict) in allowed_actions_with(
                    self.graph,
                    node.id,
                    &actions,
                    Some(&self.document_readings),
                ) {
                    if verdict.answer.is_never() {
                        continue;
                    }
                    if verdict.allowed_by.is_empty() {
                        members.push(self.grant_member(
                            action,
                            None,
                            None,
                            &[],
                            verdict.answer.clone(),
                        ));
                    }
                    for evidence in &verdict.allowed_by {
                        members.push(self.grant_member(
                            action,
                            Some(evidence),
                            None,
                            &[],
                            verdict.answer.clone(),
                        ));
                    }
                }
            }
            GrantQuestion::Denied => {
                for (action, verdict) in allowed_actions_with(
                    self.graph,
                    node.id,
                    &actions,
                    Some(&self.document_readings),
                ) {
                    // Each deny statement blocks as far as its condition block holds
                    // for a responder who meets what it asks of their session, and as
                    // far as the statement exists (a template condition); a boundary
                    // blocks as far as its `Allow` statements do not cover the action.
                    for evidence in &verdict.denied_by {
                        let held = if evidence.conditional {
                            evidence.holds_for_responder.clone().in_some_possibility()
                        } else {
                            evidence.holds_for_responder.clone()
                        };
                        members.push(self.grant_member(
                            action,
                            Some(evidence),
                            Some("deny"),
                            &[],
                            held,
                        ));
                    }
                    for evidence in &verdict.bounded_by {
                        let held = !verdict.boundary_allows.clone();
                        members.push(self.grant_member(
                            action,
                            Some(evidence),
                            Some("boundary"),
                            &[],
                            held,
                        ));
                    }
                }
                // What the scanned code cannot show may still block: the boundary and
                // the other policies of an identity outside the scan.
                if let Some(reason) = not_declared(
                    self.graph,
                    node.id,
                    "permissions boundary and other policies are",
                ) {
                    members.push(Member {
                        value: Val::unknown(reason.as_str()),
                        held: Answer::unknown(reason.as_str()),
                    });
                }
            }
            GrantQuestion::Beyond => {
                let beyond = actions_beyond(self.graph, node.id, &actions);
                for grant in &beyond.grants {
                    let reach = match grant.reach {
                        Reach::SupportServices => "support",
                        Reach::OtherServices => "other",
                    };
                    let action = grant.evidence.pattern.as_deref().unwrap_or("*");
                    members.push(self.grant_member(
                        action,
                        Some(&grant.evidence),
                        Some(reach),
                        &grant.examples,
                        grant.answer.clone(),
                    ));
                }
                for reason in &beyond.unknown {
                    members.push(Member {
                        value: Val::unknown(reason.as_str()),
                        held: Answer::unknown(reason.as_str()),
                    });
                }
            }
        }
        Val::members(members)
    }

    fn grant_member(
        &self,
        action: &str,
        evidence: Option<&Evidence>,
        reach: Option<&'static str>,
        examples: &[String],
        held: Answer,
    ) -> Member<'g> {
        let policy = evidence.and_then(|e| e.policy);
        let statement = evidence.and_then(|e| e.statement.as_ref());
        let policy_file = policy
            .and_then(|id| self.graph.node(id))
            .and_then(|node| node.origin.as_ref())
            .map(|origin| origin.file);
        let via = evidence.and_then(|e| e.via.as_ref());
        let loc = match (statement, policy_file) {
            (Some(statement), Some(file)) => at(Some(file), statement.span),
            _ => via.map(|via| Loc {
                file: via.file,
                span: via.span,
            }),
        };
        let sid = statement.map(|statement| {
            // A statement without a Sid (or with Terraform's empty one) is named by its
            // 1-based position: "statement 2".
            statement
                .sid
                .clone()
                .filter(|sid| !sid.is_empty())
                .unwrap_or_else(|| (statement.index + 1).to_string())
        });
        Member {
            value: Val::Obj(Obj::Grant(Arc::new(GrantVal {
                action: action.to_owned(),
                policy,
                sid,
                reach,
                examples: examples.to_vec(),
                // A denial's IAM condition is already weighed in `held` (for a
                // responder): a Deny that certainly blocks is not conditional.
                conditional: evidence
                    .is_some_and(|e| e.conditional || (e.iam_condition && reach != Some("deny")))
                    || !held.is_certain(),
                iam_condition: evidence.is_some_and(|e| e.iam_condition),
                loc,
                via: via.map(|via| via.address.clone()),
            }))),
            held,
        }
    }

    /// `trusted_services` (`services_only`) and `trusted_principals` of a trust document.
    fn trusted(&self, document: &Val<'g>, services_only: bool) -> Val<'g> {
        let (document, file) = match document {
            Val::Obj(Obj::Document(document, file)) => (*document, *file),
            Val::Unknown(unknown) => return Val::Unknown(unknown.clone()),
            _ => return Val::list([]),
        };
        let read = self.trust_reading(document);
        let mut members: Vec<Member<'g>> = read
            .admissions
            .iter()
            .filter(|admission| !services_only || may_be_service(&admission.who))
            .map(|admission| {
                let loc = at(file, admission.statement.span);
                let value = match &admission.who {
                    Admitted::Anyone(_) => Val::Text("*".into(), loc),
                    Admitted::Account(who)
                    | Admitted::Arn(who)
                    | Admitted::Service(who)
                    | Admitted::Federated(who)
                    | Admitted::CanonicalUser(who)
                    | Admitted::Other(who) => Val::Text(who.as_str().into(), loc),
                    Admitted::Unknown(reason) | Admitted::UnknownAws(reason) => {
                        Val::unknown(reason.as_str())
                    }
                };
                let held = match &admission.who {
                    Admitted::Unknown(reason) | Admitted::UnknownAws(reason) => admission
                        .assume
                        .clone()
                        .and(Answer::unknown(reason.as_str())),
                    _ => admission.assume.clone(),
                };
                let held = if admission.conditional {
                    held.in_some_possibility()
                } else {
                    held
                };
                Member { value, held }
            })
            .collect();
        if let Some(reason) = &read.unknown {
            members.push(Member {
                value: Val::unknown(reason.as_str()),
                held: Answer::unknown(reason.as_str()),
            });
        }
        Val::members(members)
    }
}

/// Which grants a grant function lists.
#[derive(Clone, Copy)]
enum GrantQuestion {
    Allowed,
    Denied,
    Beyond,
}

fn node_answer<'g>(value: &Val<'g>, question: &dyn Fn(&'g Node) -> Answer) -> Answer {
    match value {
        Val::Obj(Obj::Node(node)) => question(node),
        Val::OneOf(branches) => over_branches(branches, |branch| node_answer(branch, question)),
        Val::Unknown(unknown) => Answer::unknown(unknown.reason.clone()),
        _ => Answer::NO,
    }
}

/// Runs `call` with a known text argument; an unknown one makes the result unknown.
fn on_text<'g>(value: &Val<'g>, call: impl Fn(&str) -> Val<'g>) -> Val<'g> {
    match value {
        Val::Text(text, _) => call(text),
        Val::Unknown(unknown) => Val::Unknown(unknown.clone()),
        _ => Val::Bool(Answer::NO),
    }
}

fn on_document<'g>(value: &Val<'g>, question: impl Fn(&'g Document) -> Answer) -> Val<'g> {
    Val::Bool(match value {
        Val::Obj(Obj::Document(document, _)) => question(document),
        Val::OneOf(branches) => over_branches(branches, |branch| match branch {
            Val::Obj(Obj::Document(document, _)) => question(document),
            _ => Answer::NO,
        }),
        Val::Unknown(unknown) => Answer::unknown(unknown.reason.clone()),
        _ => Answer::NO,
    })
}

/// The texts of a list whose items are all known and held for certain.
fn known_texts(value: &Val<'_>) -> Option<Vec<String>> {
    let Val::List(members) = value else {
        return None;
    };
    members
        .iter()
        .map(|member| match (&member.value, member.held.is_certain()) {
            (Val::Text(text, _), true) => Some(text.to_string()),
            _ => None,
        })
        .collect()
}

fn count<'g>(value: &Val<'g>) -> Val<'g> {
    match value {
        Val::List(members) if members.iter().all(|m| m.held.is_certain()) => {
            Val::Number(members.len() as f64)
        }
        Val::List(_) => Val::unknown("the number of items depends on a condition"),
        Val::Unknown(unknown) => Val::Unknown(unknown.clone()),
        _ => Val::Number(0.0),
    }
}

fn map_text<'g>(value: &Val<'g>, map: impl Fn(&str) -> String + Copy) -> Val<'g> {
    match value {
        Val::Text(text, loc) => Val::Text(map(text).into(), *loc),
        Val::OneOf(branches) => Val::OneOf(Arc::new(
            branches
                .iter()
                .map(|branch| map_text(branch, map))
                .collect(),
        )),
        other => other.clone(),
    }
}

fn test_text<'g>(value: &Val<'g>, test: impl Fn(&str) -> bool + Copy) -> Val<'g> {
    fn answer(value: &Val<'_>, test: &dyn Fn(&str) -> bool) -> Answer {
        match value {
            Val::Text(text, _) => Answer::from_bool(test(text)),
            Val::OneOf(branches) => over_branches(branches, |branch| answer(branch, test)),
            Val::Unknown(unknown) => Answer::unknown(unknown.reason.clone()),
            _ => Answer::NO,
        }
    }
    Val::Bool(answer(value, &test))
}
