//! The published catalog of AWS managed policies, embedded in the binary
//! (data/aws-catalog; its README and SOURCES.md give source, version, date and refresh).
//!
//! About 1,600 documents take 3 MB as JSON and 0.45 MB compressed, so nothing is decoded
//! at startup: the index (`policies.tsv`, one line per policy) is read the first time a
//! scan names an AWS managed policy, a chunk of ~64 KiB of documents is inflated the
//! first time one of its policies is read, and a document is parsed the first time a
//! rule asks for it. A scan that attaches five policies inflates at most five chunks.

use std::sync::OnceLock;

use super::policy::{Document, read_document};
use crate::problem::Problem;
use crate::source::{FileId, Span};

const INDEX: &str = include_str!("../../data/aws-catalog/policies.tsv");
const DOCUMENTS: &[u8] = include_bytes!("../../data/aws-catalog/policies.deflate");
/// Where the embedded documents come from, relative to the repository root.
const DOCUMENTS_FILE: &str = "data/aws-catalog/policies.deflate";
/// No chunk inflates to more than this (the largest document is ~150 KB): a damaged
/// chunk cannot take unbounded memory.
const MAX_CHUNK_BYTES: usize = 4 << 20;

/// One AWS managed policy of the published catalog.
#[derive(Debug)]
pub struct EmbeddedPolicy {
    /// The policy's path and name after `policy/` in its ARN
    /// (`aws-service-role/AWSSupportServiceRolePolicy`).
    pub key: &'static str,
    /// Its default version (`v4`).
    pub version: &'static str,
    /// The date of its last update (`2026-02-12`).
    pub updated: &'static str,
    /// The file it comes from, relative to the repository root.
    pub file: &'static str,
    chunk: usize,
    offset: usize,
    length: usize,
    document: OnceLock<Document>,
}

/// One compressed run of documents.
#[derive(Debug)]
struct Chunk {
    offset: usize,
    length: usize,
    text: OnceLock<Result<String, String>>,
}

#[derive(Debug, Default)]
struct Catalog {
    chunks: Vec<Chunk>,
    /// Sorted by key, byte-wise (the refresh script writes them so).
    policies: Vec<EmbeddedPolicy>,
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut catalog = Catalog::default();
        for line in INDEX.lines() {
            let fields: Vec<&'static str> = line.split('\t').collect();
            let number = |at: usize| fields.get(at).and_then(|field| field.parse().ok());
            match fields.as_slice() {
                ["chunk", ..] => {
                    if let (Some(offset), Some(length)) = (number(1), number(2)) {
                        catalog.chunks.push(Chunk {
                            offset,
                            length,
                            text: OnceLock::new(),
                        });
                    }
                }
                [key, version, updated, ..] => {
                    if let (Some(chunk), Some(offset), Some(length)) =
                        (number(3), number(4), number(5))
                    {
                        catalog.policies.push(EmbeddedPolicy {
                            key,
                            version,
                            updated,
                            file: DOCUMENTS_FILE,
                            chunk,
                            offset,
                            length,
                            document: OnceLock::new(),
                        });
                    }
                }
                _ => {}
            }
        }
        // Sorted already; sorting again keeps lookups right if the file is edited by hand.
        catalog.policies.sort_by(|a, b| a.key.cmp(b.key));
        catalog
    })
}

/// Every policy of the catalog, sorted by key.
pub fn all() -> &'static [EmbeddedPolicy] {
    &catalog().policies
}

/// The policy with `key` (path and name after `policy/`, compared exactly as IAM does).
pub fn by_key(key: &str) -> Option<&'static EmbeddedPolicy> {
    let policies = all();
    policies
        .binary_search_by(|policy| policy.key.cmp(key))
        .ok()
        .and_then(|at| policies.get(at))
}

/// The policy called `name`, whatever its path (`data "aws_iam_policy"` and SAM look
/// policies up by name; AWS managed policy names are unique across paths).
pub fn by_name(name: &str) -> Option<&'static EmbeddedPolicy> {
    all().iter().find(|policy| policy.name() == name)
}

/// The date of the newest policy update in the catalog: how recent it is.
pub fn catalog_date() -> &'static str {
    all()
        .iter()
        .map(|policy| policy.updated)
        .max()
        .unwrap_or("")
}

/// The warning for an attachment of `key`, which AWS does not publish: IAM refuses the
/// attachment, so it attaches nothing. `span` is where `key` is written.
pub fn unpublished(key: &str, file: FileId, span: Span) -> Problem {
    let name = key.rsplit('/').next().unwrap_or(key);
    let suggestion = by_name(name)
        .map(|policy| policy.key)
        .or_else(|| crate::lang::check::closest(key, all().iter().map(|policy| policy.key)));
    let hint = suggestion.map_or(String::new(), |found| {
        format!(" Did you mean `arn:aws:iam::aws:policy/{found}`?")
    });
    Problem::warning(
        "aws-managed-policy-unknown",
        file,
        span,
        format!(
            "`arn:aws:iam::aws:policy/{key}` is not an AWS managed policy (catalog of {}): \
             AWS would refuse to attach it, so it attaches nothing here.{hint}",
            catalog_date()
        ),
    )
}

impl EmbeddedPolicy {
    /// The policy's name (the key without its path).
    pub fn name(&self) -> &'static str {
        self.key.rsplit('/').next().unwrap_or(self.key)
    }

    /// The policy's IAM path (`/`, `/aws-service-role/`).
    pub fn path(&self) -> String {
        match self.key.rsplit_once('/') {
            Some((path, _)) => format!("/{path}/"),
            None => "/".to_owned(),
        }
    }

    /// The policy document, parsed on first use. Spans are empty: the text is not a scan
    /// input.
    pub fn document(&self) -> &Document {
        self.document.get_or_init(|| {
            let text = self.text();
            match text.and_then(|text| super::policy::json_text_value(text, Span::default())) {
                Ok(value) => read_document(&value).document,
                Err(message) => Document::unknown(Span::default(), message),
            }
        })
    }

    /// The document's JSON text, from its inflated chunk.
    fn text(&self) -> Result<&'static str, String> {
        let damaged = || format!("the embedded document of `{}` is damaged", self.key);
        let chunk = catalog().chunks.get(self.chunk).ok_or_else(damaged)?;
        let text = chunk.text.get_or_init(|| inflate(chunk)).as_ref()?;
        text.get(self.offset..self.offset + self.length)
            .ok_or_else(damaged)
    }
}

fn inflate(chunk: &Chunk) -> Result<String, String> {
    let damaged = |detail: String| format!("the embedded policy catalog is damaged: {detail}");
    let data = DOCUMENTS
        .get(chunk.offset..chunk.offset + chunk.length)
        .ok_or_else(|| damaged("a chunk lies outside the file".to_owned()))?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(data, MAX_CHUNK_BYTES)
        .map_err(|error| damaged(error.to_string()))?;
    String::from_utf8(bytes).map_err(|error| damaged(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::policy::Effect;
    use crate::graph::term::Possible;

    #[test]
    fn every_document_of_the_catalog_reads() {
        let policies = all();
        assert!(policies.len() > 1500, "{}", policies.len());
        assert!(policies.windows(2).all(|pair| pair[0].key < pair[1].key));
        for policy in policies {
            let statements = policy.document().statements();
            assert!(statements.is_some_and(|s| !s.is_empty()), "{}", policy.key);
            assert!(policy.version.starts_with('v'), "{}", policy.key);
            assert_eq!(policy.updated.len(), 10, "{}", policy.key);
        }
    }

    #[test]
    fn support_access_allows_support_actions() {
        let policy = by_key("AWSSupportAccess").unwrap();
        let statements = policy.document().statements().unwrap();
        assert_eq!(statements[0].effect, Possible::Known(Effect::Allow));
        let Some(Possible::Known(actions)) = &statements[0].action else {
            panic!()
        };
        assert!(actions.iter().any(|a| a.term.known() == Some("support:*")));
    }

    #[test]
    fn lookups_by_key_name_and_path() {
        let policy = by_name("AWSSupportServiceRolePolicy").unwrap();
        assert_eq!(policy.path(), "/aws-service-role/");
        assert_eq!(by_key("AWSSupportAccess").unwrap().path(), "/");
        assert!(by_key("job-function/ViewOnlyAccess").is_some());
        assert!(by_key("CloudWatchReadOnlyAccess").is_some());
        assert_eq!(
            by_name("ViewOnlyAccess").unwrap().key,
            "job-function/ViewOnlyAccess"
        );
        assert!(
            by_key("AWSSupportServiceRolePolicy").is_none(),
            "the path is part of the key"
        );
        assert!(
            by_key("awssupportaccess").is_none(),
            "keys are compared exactly"
        );
        assert!(by_name("NoSuchPolicy").is_none());
        assert!(catalog_date().starts_with("20"));
    }

    #[test]
    fn an_unpublished_key_is_a_warning_that_suggests_the_close_one() {
        let span = Span { start: 10, end: 20 };
        let typo = unpublished("AWSSupportAcess", FileId(0), span);
        assert_eq!(typo.code, "aws-managed-policy-unknown");
        assert_eq!(typo.span, Some(span));
        assert!(
            typo.message
                .contains("Did you mean `arn:aws:iam::aws:policy/AWSSupportAccess`?"),
            "{}",
            typo.message
        );
        let path = unpublished("AWSSupportServiceRolePolicy", FileId(0), span);
        assert!(
            path.message
                .contains("policy/aws-service-role/AWSSupportServiceRolePolicy`?")
        );
        let far = unpublished("MyCompanyPolicy", FileId(0), span);
        assert!(!far.message.contains("Did you mean"), "{}", far.message);
    }
}
