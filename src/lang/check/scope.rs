//! The names a rule can use at each point: one scope per block (the file, a `for` body)
//! and per quantifier, innermost last, each with the `let`s of its block that are not yet
//! reached, so that a use before the `let` can be told from an unknown name.

use crate::lang::ast::Name;
use crate::lang::schema::{Type, collection, collections};
use crate::source::Span;

/// One scope.
#[derive(Default)]
struct Scope {
    /// The names bound so far, with their type and where they are bound.
    bound: Vec<(String, Type, Span)>,
    /// The `let`s of the block not reached yet.
    later: Vec<Name>,
}

/// The scopes in force, innermost last.
#[derive(Default)]
pub(super) struct Scopes {
    scopes: Vec<Scope>,
}

/// What a name refers to.
pub(super) enum Lookup {
    /// A binding or a top-level collection, with its type.
    Found(Type),
    /// A `let` further down an enclosing block.
    Later(Span),
    /// Nothing.
    Unknown,
}

impl Scopes {
    /// Opens a scope whose block has `later` as its `let`s.
    pub(super) fn open(&mut self, later: Vec<Name>) {
        self.scopes.push(Scope {
            bound: Vec::new(),
            later,
        });
    }

    /// Closes the innermost scope.
    pub(super) fn close(&mut self) {
        self.scopes.pop();
    }

    /// Marks a `let` of the innermost block as reached.
    pub(super) fn reached(&mut self, name: &Name) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.later.retain(|later| later.span != name.span);
        }
    }

    /// Where `name` is bound in the innermost scope, if it is.
    pub(super) fn bound_here(&self, name: &str) -> Option<Span> {
        let scope = self.scopes.last()?;
        scope
            .bound
            .iter()
            .find(|(bound, _, _)| bound == name)
            .map(|(_, _, span)| *span)
    }

    /// Binds `name` in the innermost scope.
    pub(super) fn bind(&mut self, name: &Name, ty: Type) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.bound.push((name.text.clone(), ty, name.span));
        }
    }

    /// What `name` refers to here.
    pub(super) fn lookup(&self, name: &str) -> Lookup {
        for scope in self.scopes.iter().rev() {
            if let Some((_, ty, _)) = scope.bound.iter().rev().find(|(n, _, _)| n == name) {
                return Lookup::Found(ty.clone());
            }
        }
        if let Some(field) = collection(name) {
            return Lookup::Found(field.ty.clone());
        }
        self.scopes
            .iter()
            .flat_map(|scope| &scope.later)
            .find(|later| later.text == name)
            .map_or(Lookup::Unknown, |later| Lookup::Later(later.span))
    }

    /// Every name usable here, innermost first, then the collections.
    pub(super) fn visible(&self) -> Vec<&str> {
        let bound = self
            .scopes
            .iter()
            .rev()
            .flat_map(|scope| scope.bound.iter().rev().map(|(name, _, _)| name.as_str()));
        bound
            .chain(collections().iter().map(|field| field.name))
            .collect()
    }
}
