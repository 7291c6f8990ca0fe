//! Progress for long scans, on standard error, only when it is a terminal: the stage and,
//! while reading, how many inputs are done. Nothing is drawn for a scan that ends quickly,
//! so short runs and every redirected or piped run look exactly as without it.
//!
//! The problems a scan finds on its way (a broken rule file, an input that does not
//! parse) are shown through it too, out of the progress line's way, as they are found.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::problem::Problem;
use crate::source::SourceFile;

/// How long a scan runs before its progress is drawn.
const SHOW_AFTER: Duration = Duration::from_millis(300);

/// The progress of one scan; cheap to update from many threads.
pub struct Progress {
    bar: ProgressBar,
    /// Whether progress may be drawn at all (standard error is a terminal).
    wanted: bool,
    /// Whether problems are written to standard error as they are found.
    shows_problems: bool,
    shown: AtomicBool,
    started: Instant,
}

impl Progress {
    /// Progress drawn on standard error once the scan has run for a moment, if standard
    /// error is a terminal; problems are written there as they are found, whatever it is.
    pub fn on_stderr() -> Progress {
        Progress {
            shows_problems: true,
            ..Progress::new(!ProgressDrawTarget::stderr().is_hidden())
        }
    }

    /// Progress that is never drawn and shows no problem (tests, and callers that are not
    /// the command line: the problems are in what the scan returns).
    pub fn hidden() -> Progress {
        Progress::new(false)
    }

    fn new(wanted: bool) -> Progress {
        Progress {
            bar: ProgressBar::hidden(),
            wanted,
            shows_problems: false,
            shown: AtomicBool::new(false),
            started: Instant::now(),
        }
    }

    /// Starts a stage; with `total`, the stage counts its steps towards it.
    pub fn stage(&self, name: &'static str, total: Option<u64>) {
        let template = match total {
            Some(_) => "{spinner} {msg} {pos}/{len} {wide_bar}",
            None => "{spinner} {msg}",
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style);
        }
        self.bar.set_position(0);
        self.bar.set_length(total.unwrap_or(0));
        self.bar.set_message(Cow::Borrowed(name));
        self.show_if_slow();
    }

    /// One step of the current stage is done.
    pub fn advance(&self) {
        self.bar.inc(1);
        self.show_if_slow();
    }

    /// Runs `print`, which writes to standard error, with the progress line out of its way.
    pub fn suspend<T>(&self, print: impl FnOnce() -> T) -> T {
        self.bar.suspend(print)
    }

    /// Shows `problems`, positioned in `files`, on standard error
    /// ([`crate::diagnostic::print_problems`]) when this progress shows problems.
    pub fn problems(&self, problems: &[Problem], files: &[SourceFile]) {
        if self.shows_problems && !problems.is_empty() {
            self.suspend(|| crate::diagnostic::print_problems(problems, files));
        }
    }

    /// The scan is over: the progress line is removed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    fn show_if_slow(&self) {
        if self.wanted
            && !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed() >= SHOW_AFTER
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(100));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_progress_is_never_drawn_however_long_the_scan() {
        let mut progress = Progress::hidden();
        progress.started = Instant::now() - SHOW_AFTER * 2;
        progress.stage("reading", Some(2));
        progress.advance();
        assert!(!progress.shown.load(Ordering::Relaxed));
        progress.finish();
    }

    #[test]
    fn progress_is_drawn_only_once_the_scan_is_slow() {
        let mut progress = Progress::new(true);
        progress.stage("reading", Some(2));
        assert!(
            !progress.shown.load(Ordering::Relaxed),
            "a quick scan draws nothing"
        );
        progress.started = Instant::now() - SHOW_AFTER * 2;
        progress.advance();
        assert!(progress.shown.load(Ordering::Relaxed));
        progress.finish();
    }
}
