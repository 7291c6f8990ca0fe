//! Graph building tests over hand-built inputs, one file per input language plus the
//! output formats.

mod cloudformation;
mod output;
mod terraform;
