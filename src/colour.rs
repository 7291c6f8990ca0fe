//! Whether output may be coloured: `--color auto|always|never`, then the conventions CI
//! systems and terminals use: `NO_COLOR` (<https://no-color.org>) turns colour off,
//! `CLICOLOR_FORCE` and `FORCE_COLOR` turn it on where output is not a terminal (a CI
//! log that renders ANSI colour), and otherwise colour goes only to a terminal that is
//! not `TERM=dumb`.
//!
//! The choice is made once, from the command line, before anything is drawn; it is kept
//! here because standard error is written from every layer of the run.

use std::ffi::OsString;
use std::sync::OnceLock;

/// When to colour output (`--color`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColourChoice {
    /// Colour a terminal, as `NO_COLOR`, `CLICOLOR_FORCE` and `FORCE_COLOR` allow.
    #[default]
    Auto,
    /// Always colour, whatever the stream and the environment say.
    Always,
    /// Never colour.
    Never,
}

static CHOICE: OnceLock<ColourChoice> = OnceLock::new();

/// Records `--color` for the rest of the run; the first call wins.
pub fn set_choice(choice: ColourChoice) {
    let _ = CHOICE.set(choice);
}

/// Whether output to a stream may be coloured, under the recorded `--color` and the
/// process environment.
pub fn wanted(stream_is_terminal: bool) -> bool {
    decide(
        CHOICE.get().copied().unwrap_or_default(),
        stream_is_terminal,
        |name| std::env::var_os(name),
    )
}

/// The decision itself, with the environment passed in so that tests need not change the
/// process's.
fn decide(
    choice: ColourChoice,
    stream_is_terminal: bool,
    env: impl Fn(&str) -> Option<OsString>,
) -> bool {
    let set = |name: &str| env(name).filter(|value| !value.is_empty());
    // `FORCE_COLOR=0` and `false` mean "do not force" in the tools that read it.
    let forces = |name: &str| set(name).is_some_and(|value| value != "0" && value != "false");
    match choice {
        ColourChoice::Always => true,
        ColourChoice::Never => false,
        ColourChoice::Auto if set("NO_COLOR").is_some() => false,
        ColourChoice::Auto if forces("CLICOLOR_FORCE") || forces("FORCE_COLOR") => true,
        ColourChoice::Auto => stream_is_terminal && set("TERM").is_none_or(|term| term != "dumb"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        move |name| {
            vars.iter()
                .find(|(known, _)| known == name)
                .map(|(_, value)| OsString::from(value))
        }
    }

    #[test]
    fn auto_colours_a_terminal_only() {
        assert!(decide(ColourChoice::Auto, true, with(&[])));
        assert!(!decide(ColourChoice::Auto, false, with(&[])));
        assert!(!decide(ColourChoice::Auto, true, with(&[("TERM", "dumb")])));
    }

    #[test]
    fn no_color_wins_over_forcing_but_not_over_the_flag() {
        let env = [("NO_COLOR", "1"), ("FORCE_COLOR", "1")];
        assert!(!decide(ColourChoice::Auto, true, with(&env)));
        assert!(decide(ColourChoice::Always, false, with(&env)));
        assert!(decide(ColourChoice::Auto, true, with(&[("NO_COLOR", "")])));
    }

    #[test]
    fn forcing_colours_a_pipe() {
        assert!(decide(
            ColourChoice::Auto,
            false,
            with(&[("CLICOLOR_FORCE", "1")])
        ));
        assert!(decide(
            ColourChoice::Auto,
            false,
            with(&[("FORCE_COLOR", "true")])
        ));
        assert!(!decide(
            ColourChoice::Auto,
            false,
            with(&[("FORCE_COLOR", "0")])
        ));
        assert!(!decide(
            ColourChoice::Never,
            true,
            with(&[("FORCE_COLOR", "1")])
        ));
    }
}
