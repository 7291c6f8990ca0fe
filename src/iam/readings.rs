//! What a policy document says about an action, worked out once per scan.
//!
//! A rule that asks every role which of a few actions it is allowed reads each attached
//! document once per role: an AWS managed policy attached to a thousand roles, or a
//! customer managed policy attached to many, is read again for each. The statements that
//! apply to an action depend on the document and the action only; what depends on the
//! attachment (the declaration that brings the policy, whether it exists in every
//! possibility) is added by the caller. [`DocumentReadings`] keeps the first reading of
//! each document for each action, for the scan.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use super::answer::Answer;
use super::statement::{Applies, applies, over_possible};
use crate::graph::{Body, Document, Effect, Statement};

/// What one document says about one action.
#[derive(Debug)]
pub struct DocumentReading<'g> {
    /// Whether its `Allow` statements apply.
    pub allow: Answer,
    /// Whether its `Deny` statements apply.
    pub deny: Answer,
    /// The `Allow` statements that may apply, in document order, with how.
    pub allowing: Vec<(&'g Statement, Applies)>,
    /// The `Deny` statements that may apply, in document order, with how.
    pub denying: Vec<(&'g Statement, Applies)>,
}

/// The readings of one document, by the action asked (a rule asks a few).
type ByAction<'g> = Vec<(Box<str>, Arc<DocumentReading<'g>>)>;

/// The readings of one scan, by document and action. Shared by the threads of the scan.
#[derive(Debug, Default)]
pub struct DocumentReadings<'g> {
    by_document: Mutex<HashMap<usize, ByAction<'g>>>,
}

impl<'g> DocumentReadings<'g> {
    /// The reading of `document` for `action`, worked out on first use. It is worked out
    /// outside the lock: two threads asking at once both read it, and the readings are
    /// equal.
    pub fn get(&self, document: &'g Document, action: &str) -> Arc<DocumentReading<'g>> {
        let key = std::ptr::from_ref(document) as usize;
        let known = self
            .by_document
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .and_then(|actions| {
                actions
                    .iter()
                    .find(|(asked, _)| **asked == *action)
                    .map(|(_, reading)| Arc::clone(reading))
            });
        if let Some(reading) = known {
            return reading;
        }
        let reading = Arc::new(read(document, action));
        let mut readings = self
            .by_document
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let actions = readings.entry(key).or_default();
        match actions.iter().find(|(asked, _)| **asked == *action) {
            Some((_, first)) => Arc::clone(first),
            None => {
                actions.push((action.into(), Arc::clone(&reading)));
                reading
            }
        }
    }
}

/// What `document` says about `action`, over every possibility of its content.
pub fn read<'g>(document: &'g Document, action: &str) -> DocumentReading<'g> {
    let mut allowing = Vec::new();
    let mut denying = Vec::new();
    let judge = |body: &'g Body, effect: &Effect, hits: &mut Vec<(&'g Statement, Applies)>| {
        body.statements
            .iter()
            .fold(Answer::NO, |so_far, statement| {
                let applied = applies(statement, effect, action);
                let answer = applied.answer.clone();
                if !answer.may.is_no() {
                    hits.push((statement, applied));
                }
                so_far.or(answer)
            })
    };
    let allow = over_possible(&document.body, Answer::NO, |body| {
        judge(body, &Effect::Allow, &mut allowing)
    });
    let deny = over_possible(&document.body, Answer::NO, |body| {
        judge(body, &Effect::Deny, &mut denying)
    });
    DocumentReading {
        allow,
        deny,
        allowing,
        denying,
    }
}
