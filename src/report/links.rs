//! Links from a report to the lines of the repository it scanned, for the Markdown
//! report of a GitHub Actions run: `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY` and
//! `GITHUB_SHA` name the commit, and `GITHUB_WORKSPACE` the checkout, so that a path as
//! the scan shows it (relative to the current directory) becomes one in the repository.

use std::path::Path;

/// Where the scanned files are published: the blob URL of a commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLinks {
    /// `https://github.com/owner/repo/blob/SHA/`.
    blob: String,
    /// The current directory inside the repository (`infra/`), or empty at its root.
    prefix: String,
}

impl SourceLinks {
    /// The links of the GitHub Actions run this process is part of, if it is one.
    pub fn from_env() -> Option<SourceLinks> {
        let var = |name| std::env::var(name).ok().filter(|value| !value.is_empty());
        let prefix = match (var("GITHUB_WORKSPACE"), std::env::current_dir()) {
            (Some(workspace), Ok(here)) => {
                match here.strip_prefix(Path::new(&workspace).canonicalize().unwrap_or_default()) {
                    Ok(inside) => inside.to_string_lossy().into_owned(),
                    Err(_) => return None,
                }
            }
            _ => String::new(),
        };
        SourceLinks::new(
            var("GITHUB_SERVER_URL")
                .as_deref()
                .unwrap_or("https://github.com"),
            &var("GITHUB_REPOSITORY")?,
            &var("GITHUB_SHA")?,
            &prefix,
        )
    }

    /// The links to `repository` (`owner/name`) at `commit` on `server`, for paths
    /// relative to `prefix` in it; `None` when a part cannot be in a link as it is.
    pub fn new(server: &str, repository: &str, commit: &str, prefix: &str) -> Option<SourceLinks> {
        let plain = |text: &str| {
            !text.is_empty()
                && text
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~/:".contains(&b))
        };
        let server = server.trim_end_matches('/');
        let parts = repository.split('/').count() == 2;
        let hex = commit.len() >= 7 && commit.bytes().all(|b| b.is_ascii_hexdigit());
        if !(server.starts_with("https://") && plain(server) && plain(repository) && parts && hex) {
            return None;
        }
        let prefix = prefix.replace('\\', "/");
        let prefix = prefix.trim_matches('/');
        Some(SourceLinks {
            blob: format!("{server}/{repository}/blob/{commit}/"),
            prefix: if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            },
        })
    }

    /// The URL of lines `start` to `end` of `path` (as a report shows it), or `None` for a
    /// path that is not inside the repository (absolute, above it, standard input).
    pub fn lines(&self, path: &str, start: u32, end: u32) -> Option<String> {
        let relative = Path::new(path);
        let inside = !path.is_empty()
            && relative.is_relative()
            && relative
                .components()
                .all(|part| matches!(part, std::path::Component::Normal(_)))
            && !path.starts_with('<');
        if !inside {
            return None;
        }
        let anchor = if end > start {
            format!("#L{start}-L{end}")
        } else {
            format!("#L{start}")
        };
        Some(format!(
            "{}{}{anchor}",
            self.blob,
            encoded(&format!("{}{path}", self.prefix))
        ))
    }
}

/// `path` with every byte but unreserved characters and `/` percent-encoded, so that it
/// is one link destination whatever it holds (spaces, parentheses, `#`).
fn encoded(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(prefix: &str) -> SourceLinks {
        SourceLinks::new("https://github.com/", "acme/infra", "0123abcd", prefix).unwrap()
    }

    #[test]
    fn paths_in_the_repository_link_to_their_lines() {
        assert_eq!(
            links("")
                .lines("stacks/support.template.yaml", 61, 64)
                .as_deref(),
            Some(
                "https://github.com/acme/infra/blob/0123abcd/stacks/support.template.yaml#L61-L64"
            )
        );
        assert_eq!(
            links("infra/").lines("plan (1).json", 7, 7).as_deref(),
            Some("https://github.com/acme/infra/blob/0123abcd/infra/plan%20%281%29.json#L7")
        );
    }

    #[test]
    fn paths_outside_the_repository_have_no_link() {
        for path in ["/tmp/plan.json", "../plan.json", "<stdin>", "a/../../b", ""] {
            assert_eq!(links("").lines(path, 1, 1), None, "{path}");
        }
    }

    #[test]
    fn parts_that_cannot_be_in_a_link_give_no_links() {
        assert!(SourceLinks::new("https://github.com", "acme/infra", "main)", "").is_none());
        assert!(SourceLinks::new("https://github.com", "acme", "0123abcd", "").is_none());
        assert!(SourceLinks::new("http://x y", "acme/infra", "0123abcd", "").is_none());
        assert!(SourceLinks::new("javascript:alert(1)", "a/b", "0123abcd", "").is_none());
    }
}
