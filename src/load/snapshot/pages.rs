//! Joining the pages of one account's snapshot, once every input is loaded.
//!
//! `get-account-authorization-details` (and `list-slack-channel-configurations`) may be
//! saved a page per file: a page that says more follow (`IsTruncated: true` with a
//! `Marker`, the CLI's `NextToken`) is joined with the other pages of the same account,
//! and the graph reads them as one account (names resolve across inputs). A page does not
//! say which marker fetched it, so a missing page can be told only when no page of the
//! account ends the listing: that is a warning at the last page's marker, and the account
//! is then not known in full (SUP001 cannot fail on it). An entity listed twice (the same
//! page saved twice, two snapshots of one account) is kept once, where it is first listed.
//! A snapshot that lists no role at all was taken with `--filter` without `Role` (every
//! account has the role AWSServiceRoleForSupport): the account's roles are not known.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use super::{CHANNELS_PAGE, DETAILS_PAGE, ROLE};
use crate::accounts::accounts_of;
use crate::load::value::ValueKind;
use crate::load::{InputKind, LoadedInput, Resource};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};

/// Problem code of a snapshot whose last page is not in the scan.
pub const PAGE_MISSING: &str = "snapshot-page-missing";
/// Problem code of an entity listed by two pages (or twice by one).
pub const DUPLICATE_ENTITY: &str = "snapshot-duplicate-entity";
/// Problem code of a snapshot that lists no role.
pub const ROLES_MISSING: &str = "snapshot-roles-missing";

/// Whether a problem of this code means the account is not known in full.
pub fn leaves_account_incomplete(code: &str) -> bool {
    code == PAGE_MISSING || code == ROLES_MISSING
}

/// One page, as the join reads it.
struct Page {
    input: usize,
    file: FileId,
    span: Span,
    /// Where the page says more follow, when it does.
    continues: Option<Span>,
    roles: bool,
}

/// Joins the snapshot pages of `loaded`: see the module documentation.
pub fn link(files: &[SourceFile], loaded: &mut [LoadedInput], problems: &mut Vec<Problem>) {
    let mut groups: BTreeMap<(&'static str, Option<Box<str>>), Vec<Page>> = BTreeMap::new();
    for (index, input) in loaded.iter().enumerate() {
        if input.kind != InputKind::AccountSnapshot {
            continue;
        }
        let Some(page) = input
            .resources
            .iter()
            .find(|resource| super::is_page(&resource.resource_type))
        else {
            continue;
        };
        let kind = if &*page.resource_type == DETAILS_PAGE {
            DETAILS_PAGE
        } else {
            CHANNELS_PAGE
        };
        let account = accounts_of(input).into_keys().next();
        groups.entry((kind, account)).or_default().push(Page {
            input: index,
            file: input.file,
            span: Span::new(page.span.start as usize, page.span.start as usize + 1),
            continues: continuation(page),
            roles: input.resources.iter().any(|r| &*r.resource_type == ROLE),
        });
    }
    // A page that names no account (an empty last page) belongs to the only account of
    // its kind, when there is one.
    for kind in [DETAILS_PAGE, CHANNELS_PAGE] {
        let named: Vec<_> = groups
            .keys()
            .filter(|(k, account)| *k == kind && account.is_some())
            .cloned()
            .collect();
        if let [only] = named.as_slice()
            && let Some(mut unnamed) = groups.remove(&(kind, None))
            && let Some(pages) = groups.get_mut(only)
        {
            pages.append(&mut unnamed);
            pages.sort_by_key(|page| page.input);
        }
    }
    for ((kind, account), pages) in &groups {
        let account = account.as_deref().unwrap_or("(unknown)");
        if pages.iter().all(|page| page.continues.is_some())
            && let Some(last) = pages.last()
        {
            problems.push(Problem::warning(
                PAGE_MISSING,
                last.file,
                last.continues.unwrap_or(last.span),
                format!(
                    "this page of account {account}'s snapshot says more pages follow, but no page in the scan ends the listing: the entities on the missing pages are not known, so the account is not known in full. Scan every page together (the last one has no `Marker`/`NextToken`)"
                ),
            ));
        }
        if *kind == DETAILS_PAGE
            && !pages.iter().any(|page| page.roles)
            && let Some(first) = pages.first()
        {
            problems.push(Problem::warning(
                ROLES_MISSING,
                first.file,
                first.span,
                format!(
                    "account {account}'s snapshot lists no IAM role, though every account has AWSServiceRoleForSupport: it was taken with `--filter` without `Role`, so the account's roles are not known"
                ),
            ));
        }
        drop_duplicates(files, loaded, pages, problems);
    }
}

/// The place where a page says more follow: a non-empty `Marker` or `NextToken`, or
/// `IsTruncated: true`.
fn continuation(page: &Resource) -> Option<Span> {
    for key in ["Marker", "NextToken", "nextToken"] {
        if let Some(value) = page.properties.get(key)
            && value.as_str().is_some_and(|token| !token.is_empty())
        {
            return Some(value.span);
        }
    }
    match page.properties.get("IsTruncated") {
        Some(value) if matches!(value.kind, ValueKind::Bool(true)) => Some(value.span),
        _ => None,
    }
}

/// Keeps each entity of one account's pages once, where it is first listed. An entity is
/// its type and its ARN without regard to case; the ARNs are lowercased in parallel, then
/// looked up in order.
fn drop_duplicates(
    files: &[SourceFile],
    loaded: &mut [LoadedInput],
    pages: &[Page],
    problems: &mut Vec<Problem>,
) {
    let inputs: Vec<(usize, &LoadedInput)> = pages
        .iter()
        .filter_map(|page| Some((page.input, loaded.get(page.input)?)))
        .collect();
    let lowercase: Vec<Vec<String>> = inputs
        .par_iter()
        .map(|(_, input)| {
            input
                .resources
                .par_iter()
                .map(|resource| resource.address.to_lowercase())
                .collect()
        })
        .collect();
    let mut seen: HashMap<(&str, &str), (FileId, Span)> = HashMap::new();
    let mut dropped: Vec<(usize, BTreeSet<usize>)> = Vec::new();
    for ((index, input), lowercase) in inputs.iter().zip(&lowercase) {
        let mut here = BTreeSet::new();
        for (position, (resource, address)) in input.resources.iter().zip(lowercase).enumerate() {
            if super::is_page(&resource.resource_type) {
                continue;
            }
            match seen.entry((&resource.resource_type, address)) {
                Entry::Occupied(first) => {
                    let (first_file, first_span) = *first.get();
                    let path = files
                        .get(first_file.0 as usize)
                        .map(SourceFile::display_path)
                        .unwrap_or_default();
                    problems.push(
                        Problem::warning(
                            DUPLICATE_ENTITY,
                            input.file,
                            resource.span,
                            format!(
                                "`{}` is already listed (in `{path}`); this copy is left out",
                                resource.address
                            ),
                        )
                        .with_related_in(
                            first_file,
                            first_span,
                            "first listed here",
                        ),
                    );
                    here.insert(position);
                }
                Entry::Vacant(vacant) => {
                    vacant.insert((input.file, resource.span));
                }
            }
        }
        if !here.is_empty() {
            dropped.push((*index, here));
        }
    }
    for (input, dropped) in dropped {
        let Some(input) = loaded.get_mut(input) else {
            continue;
        };
        let mut position = 0;
        input.resources.retain(|_| {
            let keep = !dropped.contains(&position);
            position += 1;
            keep
        });
    }
}
